import { strict as assert } from 'node:assert';
import type { ClusterClient, ListOptions, ResourceKind } from '../../../src/kube/clusterClient';
import { ClusterError } from '../../../src/kube/clusterError';
import type { KWorkload } from '../../../src/mesh/kubeObjects';
import type { WorkloadRef } from '../../../src/mesh/migrationPlan';
import { UpgradeError } from '../../../src/upgrade/upgradeErrors';
import { waitForRollout, waitForRollouts, type RolloutProgress } from '../../../src/upgrade/waitForRollout';

/** A workload whose n-th read (by GET or LIST, from 1) returns `object(n)`. */
interface Fake {
  ref: WorkloadRef;
  object(n: number): KWorkload;
  deleted?: boolean;
}

const RESOURCE: Record<WorkloadRef['kind'], ResourceKind> = { Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets' };

/** One replica, generation 2: rolled out from the `readyOn`-th read on; before it "0 of 1 updated, 1 ready". */
function deploy(name: string, readyOn: number, namespace = 'shop', kind: 'Deployment' | 'StatefulSet' = 'Deployment'): Fake {
  return {
    ref: { kind, namespace, name },
    object: (n) => ({
      metadata: { name, namespace, generation: 2 },
      spec: { replicas: 1 },
      status: n >= readyOn
        ? { observedGeneration: 2, replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 }
        : { observedGeneration: 2, replicas: 1, updatedReplicas: 0, readyReplicas: 1, availableReplicas: 1 },
    }),
  };
}

function daemonSet(name: string, namespace = 'shop'): Fake {
  return {
    ref: { kind: 'DaemonSet', namespace, name },
    object: () => ({ metadata: { name, namespace, generation: 3 }, status: { observedGeneration: 3, desiredNumberScheduled: 2, updatedNumberScheduled: 2, numberReady: 2 } }),
  };
}

const NEVER = Number.POSITIVE_INFINITY;

/** The cluster's requests and the waits' progress reports, in the order they happened. */
function fakeCluster(fakes: Fake[], o: { failList?: ClusterError; failGets?: ClusterError[] } = {}): { client: ClusterClient; log: string[]; listOptions: ListOptions[] } {
  const log: string[] = [];
  const listOptions: ListOptions[] = [];
  const reads = new Map<Fake, number>();
  const read = (f: Fake): KWorkload => {
    const n = (reads.get(f) ?? 0) + 1;
    reads.set(f, n);
    return f.object(n);
  };
  const client = {
    context: 'fake',
    get: async (kind: ResourceKind, name: string, namespace: string) => {
      log.push(`GET ${kind} ${namespace}/${name}`);
      const failure = o.failGets?.shift();
      if (failure) throw failure;
      const f = fakes.find((x) => RESOURCE[x.ref.kind] === kind && x.ref.namespace === namespace && x.ref.name === name && !x.deleted);
      if (!f) throw new ClusterError({ kind: 'notFound', context: 'fake', message: `${kind} "${name}" not found in ${namespace}`, status: 404 });
      return read(f);
    },
    list: async (kind: ResourceKind, options: ListOptions = {}) => {
      log.push(`LIST ${kind} ${options.namespace}`);
      listOptions.push(options);
      if (o.failList) throw o.failList;
      const items = fakes.filter((x) => RESOURCE[x.ref.kind] === kind && x.ref.namespace === options.namespace && !x.deleted).map(read);
      return { items, resourceVersion: '1', requests: 1 };
    },
  } as unknown as ClusterClient;
  return { client, log, listOptions };
}

const progressLogger = (log: string[]) => (ref: WorkloadRef, p: RolloutProgress): void => {
  log.push(`  ${ref.name}: ${p.summary}${p.done ? ' (done)' : ''}`);
};

const outcome = (r: PromiseSettledResult<RolloutProgress>): string =>
  (r.status === 'fulfilled' ? `done: ${r.value.summary}` : `${r.reason instanceof UpgradeError ? r.reason.kind : 'error'}: ${(r.reason as Error).message}`);

describe('waitForRollouts (one request per namespace and kind per poll)', () => {
  it('waits for five Deployments of a namespace with one namespaced LIST per poll', async () => {
    const fakes = [deploy('a', 1), deploy('b', 2), deploy('c', 3), deploy('d', 3), deploy('e', 3)];
    const { client, log, listOptions } = fakeCluster(fakes);
    const results = await waitForRollouts(client, fakes.map((f) => ({ ref: f.ref, minGeneration: 2 })), { timeoutMs: 10_000, pollMs: 5, onProgress: progressLogger(log) });
    assert.deepEqual(results.map(outcome), Array(5).fill('done: 1 of 1 updated, 1 ready'));
    assert.deepEqual(log, [
      'LIST deployments shop',
      '  a: 1 of 1 updated, 1 ready (done)', '  b: 0 of 1 updated, 1 ready', '  c: 0 of 1 updated, 1 ready', '  d: 0 of 1 updated, 1 ready', '  e: 0 of 1 updated, 1 ready',
      'LIST deployments shop',
      '  b: 1 of 1 updated, 1 ready (done)', '  c: 0 of 1 updated, 1 ready', '  d: 0 of 1 updated, 1 ready', '  e: 0 of 1 updated, 1 ready',
      'LIST deployments shop',
      '  c: 1 of 1 updated, 1 ready (done)', '  d: 1 of 1 updated, 1 ready (done)', '  e: 1 of 1 updated, 1 ready (done)',
    ]);
    assert.ok(listOptions.every((l) => l.namespace === 'shop' && l.trim === true && !l.labelSelector && !l.fieldSelector));
  });

  it('reports a stuck one by name with the single wait\'s message; the last one left is read by GET', async () => {
    const fakes = [deploy('a', 1), deploy('b', 1), deploy('stuck', NEVER), deploy('d', 2), deploy('e', 1)];
    const { client, log } = fakeCluster(fakes);
    const started = Date.now();
    const results = await waitForRollouts(client, fakes.map((f) => ({ ref: f.ref })), { timeoutMs: 600, pollMs: 20, onProgress: progressLogger(log) });
    assert.ok(Date.now() - started >= 600);
    assert.deepEqual(results.map(outcome), [
      'done: 1 of 1 updated, 1 ready', 'done: 1 of 1 updated, 1 ready',
      'timeout: Deployment shop/stuck is stuck: 0 of 1 updated, 1 ready after 1 s',
      'done: 1 of 1 updated, 1 ready', 'done: 1 of 1 updated, 1 ready',
    ]);
    const requests = log.filter((l) => !l.startsWith('  '));
    assert.deepEqual(requests.slice(0, 2), ['LIST deployments shop', 'LIST deployments shop']);
    assert.ok(requests.length > 4);
    assert.ok(requests.slice(2).every((r) => r === 'GET deployments shop/stuck'), requests.join('\n'));
    // Each poll is one request followed by the judgement of what is still waiting.
    assert.deepEqual(log.slice(-2), ['GET deployments shop/stuck', '  stuck: 0 of 1 updated, 1 ready']);

    // The single-workload wait says exactly the same, polling by GET.
    const single = fakeCluster([deploy('stuck', NEVER)]);
    const seen: string[] = [];
    await assert.rejects(
      waitForRollout(single.client, fakes[2].ref, { timeoutMs: 600, pollMs: 20, onProgress: (p) => seen.push(p.summary) }),
      (e: unknown) => e instanceof UpgradeError && e.kind === 'timeout' && e.message === 'Deployment shop/stuck is stuck: 0 of 1 updated, 1 ready after 1 s',
    );
    assert.ok(single.log.every((l) => l === 'GET deployments shop/stuck'));
    assert.equal(seen.length, single.log.length);
  });

  it('one request per namespace and kind: LISTs for several, a GET for one, each kind judged as before', async () => {
    const fakes = [
      deploy('web', 1), deploy('api', 1), deploy('db', 1, 'shop', 'StatefulSet'), deploy('cache', 1, 'shop', 'StatefulSet'),
      daemonSet('agent'), deploy('web', 1, 'blog'), deploy('api', 1, 'blog'),
    ];
    const { client, log } = fakeCluster(fakes);
    const results = await waitForRollouts(client, fakes.map((f) => ({ ref: f.ref })), { timeoutMs: 1000, pollMs: 5 });
    assert.equal(results[4].status === 'fulfilled' && results[4].value.summary, '2 of 2 updated, 2 ready');
    assert.ok(results.every((r) => r.status === 'fulfilled'));
    assert.deepEqual([...log].sort(), ['GET daemonsets shop/agent', 'LIST deployments blog', 'LIST deployments shop', 'LIST statefulsets shop']);
  });

  it('a generation the object read has not reached yet keeps it waiting for the controller', async () => {
    const fakes = [deploy('a', 1), deploy('b', 1)];
    const { client } = fakeCluster(fakes);
    const results = await waitForRollouts(client, [{ ref: fakes[0].ref, minGeneration: 3 }, { ref: fakes[1].ref, minGeneration: 2 }], { timeoutMs: 50, pollMs: 5 });
    assert.deepEqual(results.map(outcome), [
      'timeout: Deployment shop/a is stuck: waiting for the controller to see the change after 0 s',
      'done: 1 of 1 updated, 1 ready',
    ]);
  });

  it('cancelled: every workload still waiting says so with its last state; finished ones stay done', async () => {
    const fakes = [deploy('a', 1), deploy('b', NEVER), deploy('c', NEVER)];
    const { client } = fakeCluster(fakes);
    const ac = new AbortController();
    let polls = 0;
    const results = await waitForRollouts(client, fakes.map((f) => ({ ref: f.ref })), {
      timeoutMs: 10_000, pollMs: 5, signal: ac.signal,
      onProgress: (ref) => { if (ref.name === 'c' && ++polls === 2) ac.abort(); },
    });
    assert.deepEqual(results.map(outcome), [
      'done: 1 of 1 updated, 1 ready',
      'cancelled: cancelled while waiting for Deployment shop/b (0 of 1 updated, 1 ready)',
      'cancelled: cancelled while waiting for Deployment shop/c (0 of 1 updated, 1 ready)',
    ]);
    const before = fakeCluster(fakes);
    const aborted = AbortSignal.abort();
    assert.deepEqual((await waitForRollouts(before.client, [{ ref: fakes[1].ref }], { timeoutMs: 1000, signal: aborted })).map(outcome), [
      'cancelled: cancelled while waiting for Deployment shop/b (not read yet)',
    ]);
    assert.deepEqual(before.log, []);
  });

  it('a workload gone from the LIST fails as its GET fails; the others go on', async () => {
    const gone = { ...deploy('gone', 1), deleted: true };
    const fakes = [deploy('a', 2), gone, deploy('c', 1)];
    const { client, log } = fakeCluster(fakes);
    const results = await waitForRollouts(client, fakes.map((f) => ({ ref: f.ref })), { timeoutMs: 1000, pollMs: 5 });
    assert.deepEqual(results.map(outcome), ['done: 1 of 1 updated, 1 ready', 'error: deployments "gone" not found in shop', 'done: 1 of 1 updated, 1 ready']);
    assert.deepEqual(log, ['LIST deployments shop', 'GET deployments shop/gone', 'GET deployments shop/a']);
  });

  it('a LIST that fails is not a verdict: each workload is read by GET and settles as it would have', async () => {
    const fakes = [deploy('a', 1), deploy('b', 1)];
    const forbidden = new ClusterError({ kind: 'forbidden', context: 'fake', message: 'cannot list deployments in shop', status: 403 });
    const { client, log } = fakeCluster(fakes, { failList: forbidden });
    const results = await waitForRollouts(client, fakes.map((f) => ({ ref: f.ref })), { timeoutMs: 1000, pollMs: 5 });
    assert.deepEqual(results.map(outcome), ['done: 1 of 1 updated, 1 ready', 'done: 1 of 1 updated, 1 ready']);
    assert.deepEqual(log, ['LIST deployments shop', 'GET deployments shop/a', 'GET deployments shop/b']);
  });

  it('nothing to wait for: no request', async () => {
    const { client, log } = fakeCluster([]);
    assert.deepEqual(await waitForRollouts(client, [], { timeoutMs: 1000 }), []);
    assert.deepEqual(log, []);
  });

  it('a read that failed transiently (after the client\'s retries) is polled again, not a failed rollout; a lasting one fails', async () => {
    const unavailable = new ClusterError({ kind: 'unknown', context: 'fake', message: 'get deployments failed with HTTP 503 (after 5 attempts)', status: 503, attempts: 5 });
    const reset = new ClusterError({ kind: 'unreachable', context: 'fake', message: 'the connection broke: connection reset', network: 'reset' });
    const { client, log } = fakeCluster([deploy('a', 2)], { failGets: [unavailable, reset] });
    const [r] = await waitForRollouts(client, [{ ref: deploy('a', 2).ref }], { timeoutMs: 5000, pollMs: 5 });
    assert.equal(outcome(r), 'done: 1 of 1 updated, 1 ready');
    assert.equal(log.length, 4, 'two failed reads, then two answers');

    const forbidden = new ClusterError({ kind: 'forbidden', context: 'fake', message: 'cannot get deployments', status: 403 });
    const lasting = fakeCluster([deploy('a', 2)], { failGets: [forbidden] });
    assert.deepEqual((await waitForRollouts(lasting.client, [{ ref: deploy('a', 2).ref }], { timeoutMs: 5000, pollMs: 5 })).map(outcome), ['error: cannot get deployments']);

    const down = fakeCluster([deploy('a', 2)], { failGets: Array.from({ length: 1000 }, () => unavailable) });
    assert.deepEqual((await waitForRollouts(down.client, [{ ref: deploy('a', 2).ref }], { timeoutMs: 50, pollMs: 5 })).map(outcome),
      ['error: get deployments failed with HTTP 503 (after 5 attempts)'], 'at the deadline the read error is the reason');
  });
});
