import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClusterClient, ListOptions, ResourceKind, WriteOptions } from '../../../src/kube/clusterClient';
import { ClusterError } from '../../../src/kube/clusterError';
import type { KWorkload } from '../../../src/mesh/kubeObjects';
import type { WorkloadRef } from '../../../src/mesh/migrationPlan';
import { Journal, type JournalWrite } from '../../../src/upgrade/journal';
import { restartWorkloads } from '../../../src/upgrade/restartBatch';
import { RESTARTED_AT, restartWorkload, type RestartResult } from '../../../src/upgrade/restartWorkload';
import { UpgradeError } from '../../../src/upgrade/upgradeErrors';

const RESOURCE: Record<WorkloadRef['kind'], ResourceKind> = { Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets' };
const NOW = new Date('2024-05-06T07:08:09.123Z');
const now = (): Date => NOW;

interface Spec {
  ref: WorkloadRef;
  paused?: boolean;
  /** The previous rollout restart's annotation. */
  restartedAt?: string;
  /** Deleted before it is read: the LIST lacks it and its GET is a 404. */
  gone?: boolean;
  /** What the PATCH answers instead of the object (deleted between read and PATCH: 404; 409; 422). */
  patchError?: ClusterError;
}

const ref = (name: string, namespace = 'shop', kind: WorkloadRef['kind'] = 'Deployment'): WorkloadRef => ({ kind, namespace, name });
const err = (kind: 'notFound' | 'conflict' | 'invalid', status: number, message: string): ClusterError => new ClusterError({ kind, context: 'fake', message, status });

function object(s: Spec): KWorkload {
  return {
    kind: s.ref.kind,
    metadata: { name: s.ref.name, namespace: s.ref.namespace, generation: 4 },
    spec: {
      replicas: 1, ...(s.paused ? { paused: true } : {}),
      template: { metadata: { labels: { app: s.ref.name }, ...(s.restartedAt ? { annotations: { [RESTARTED_AT]: s.restartedAt, other: 'x' } } : {}) } },
    },
  };
}

/** Every request in order; a PATCH answers the object with generation 5 (4 on a dry run), or the spec's error. */
function fakeCluster(specs: Spec[], o: { failList?: ClusterError } = {}): { client: ClusterClient; log: string[]; patches: { body: unknown; options?: WriteOptions }[] } {
  const log: string[] = [];
  const patches: { body: unknown; options?: WriteOptions }[] = [];
  const find = (kind: ResourceKind, name: string, namespace?: string): Spec | undefined =>
    specs.find((s) => RESOURCE[s.ref.kind] === kind && s.ref.namespace === namespace && s.ref.name === name && !s.gone);
  const client = {
    context: 'fake',
    get: async (kind: ResourceKind, name: string, namespace?: string) => {
      log.push(`GET ${kind} ${namespace}/${name}`);
      const s = find(kind, name, namespace);
      if (!s) throw err('notFound', 404, `${kind} "${name}" not found in ${namespace}`);
      return object(s);
    },
    list: async (kind: ResourceKind, options: ListOptions = {}) => {
      log.push(`LIST ${kind} ${options.namespace}${options.trim ? '' : ' (untrimmed)'}`);
      if (o.failList) throw o.failList;
      return { items: specs.filter((s) => RESOURCE[s.ref.kind] === kind && s.ref.namespace === options.namespace && !s.gone).map(object), resourceVersion: '1', requests: 1 };
    },
    patch: async (kind: ResourceKind, name: string, namespace: string | undefined, type: string, body: unknown, options?: WriteOptions) => {
      log.push(`PATCH ${kind} ${namespace}/${name} ${type}${options?.dryRun ? ' dry-run' : ''}`);
      patches.push({ body, options });
      const s = find(kind, name, namespace);
      if (!s) throw err('notFound', 404, `${kind} "${name}" not found in ${namespace}`);
      if (s.patchError) throw s.patchError;
      const o2 = object(s);
      return { ...o2, metadata: { ...o2.metadata, generation: options?.dryRun ? 4 : 5 } };
    },
  } as unknown as ClusterClient;
  return { client, log, patches };
}

const outcome = (r: PromiseSettledResult<RestartResult>): string =>
  (r.status === 'fulfilled'
    ? `restarted ${r.value.ref.name} at ${r.value.restartedAt}, generation ${r.value.generation}${r.value.dryRun ? ' (dry run)' : ''}`
    : `${r.reason instanceof UpgradeError ? r.reason.kind : r.reason instanceof ClusterError ? r.reason.kind : 'error'}: ${(r.reason as Error).message}`);

/** The single path, one workload after the other, settled the same way. */
async function oneByOne(client: ClusterClient, refs: WorkloadRef[], opts: Parameters<typeof restartWorkload>[2]): Promise<PromiseSettledResult<RestartResult>[]> {
  const out: PromiseSettledResult<RestartResult>[] = [];
  for (const r of refs) out.push(await restartWorkload(client, r, opts).then((value) => ({ status: 'fulfilled' as const, value }), (reason: unknown) => ({ status: 'rejected' as const, reason })));
  return out;
}

/** A journal line as written, without its sequence number and time (the order of concurrent writes is not fixed). */
const line = (w: JournalWrite): string => JSON.stringify({ ...w, seq: undefined, time: undefined, intentSeq: undefined });

describe('restartWorkloads (a namespace read with one LIST per kind, then a PATCH each)', () => {
  let dirs: string[] = [];
  const journal = (): Journal => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'restart-batch-'));
    dirs.push(dir);
    return new Journal(dir);
  };
  afterEach(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    dirs = [];
  });

  it('restarts five Deployments of a namespace with one namespaced LIST and five PATCHes, no GET', async () => {
    const specs = ['a', 'b', 'c', 'd', 'e'].map((n) => ({ ref: ref(n) }));
    const { client, log, patches } = fakeCluster(specs);
    const results = await restartWorkloads(client, specs.map((s) => s.ref), { now });
    assert.deepEqual(results.map(outcome), specs.map((s) => `restarted ${s.ref.name} at 2024-05-06T07:08:09.123Z, generation 5`));
    assert.deepEqual(log, ['LIST deployments shop', ...specs.map((s) => `PATCH deployments shop/${s.ref.name} strategic`)]);
    assert.ok(patches.every((p) => JSON.stringify(p.body) === JSON.stringify({ spec: { template: { metadata: { annotations: { [RESTARTED_AT]: NOW.toISOString() } } } } })));
  });

  it('a paused one is refused with the single path\'s message; the others restart', async () => {
    const specs = [{ ref: ref('a') }, { ref: ref('b') }, { ref: ref('held'), paused: true }, { ref: ref('d') }, { ref: ref('e') }];
    const { client, log } = fakeCluster(specs);
    const results = await restartWorkloads(client, specs.map((s) => s.ref), { now });
    const message = 'Deployment shop/held is paused: a restart would not replace its pods. Resume it first (kubectl rollout resume deployment/held -n shop).';
    assert.deepEqual(results.map(outcome), [
      'restarted a at 2024-05-06T07:08:09.123Z, generation 5', 'restarted b at 2024-05-06T07:08:09.123Z, generation 5',
      `refused: ${message}`,
      'restarted d at 2024-05-06T07:08:09.123Z, generation 5', 'restarted e at 2024-05-06T07:08:09.123Z, generation 5',
    ]);
    assert.deepEqual(log, ['LIST deployments shop', 'PATCH deployments shop/a strategic', 'PATCH deployments shop/b strategic', 'PATCH deployments shop/d strategic', 'PATCH deployments shop/e strategic']);
    const single = await oneByOne(fakeCluster(specs).client, [specs[2].ref], { now });
    assert.deepEqual(single.map(outcome), [`refused: ${message}`]);
  });

  it('journals every restart exactly as the single path does: intent/applied/failed with the previous annotation', async () => {
    const specs: Spec[] = [
      { ref: ref('fresh') },
      { ref: ref('again'), restartedAt: '2024-01-01T00:00:00.000Z' },
      { ref: ref('held'), paused: true },
      { ref: ref('gone'), gone: true },
      { ref: ref('vanishing'), patchError: err('notFound', 404, 'deployments "vanishing" not found in shop') },
      { ref: ref('busy'), patchError: err('conflict', 409, 'Operation cannot be fulfilled on deployments.apps "busy": the object has been modified') },
      { ref: ref('refused'), patchError: err('invalid', 422, 'Deployment.apps "refused" is invalid: admission webhook denied the request') },
      { ref: ref('db', 'shop', 'StatefulSet'), restartedAt: '2024-02-02T00:00:00.000Z' },
    ];
    const refs = specs.map((s) => s.ref);
    const batchJournal = journal();
    const batchRun = batchJournal.startRun({ runId: 'run-1', command: 'migrate', context: 'fake', namespaces: ['shop'] });
    const batch = fakeCluster(specs);
    const results = await restartWorkloads(batch.client, refs, { journal: batchJournal, run: batchRun, now });

    const singleJournal = journal();
    const singleRun = singleJournal.startRun({ runId: 'run-1', command: 'migrate', context: 'fake', namespaces: ['shop'] });
    const single = fakeCluster(specs);
    const expected = await oneByOne(single.client, refs, { journal: singleJournal, run: singleRun, now });

    assert.deepEqual(results.map(outcome), expected.map(outcome));
    assert.deepEqual(results.map(outcome), [
      'restarted fresh at 2024-05-06T07:08:09.123Z, generation 5',
      'restarted again at 2024-05-06T07:08:09.123Z, generation 5',
      'refused: Deployment shop/held is paused: a restart would not replace its pods. Resume it first (kubectl rollout resume deployment/held -n shop).',
      'notFound: deployments "gone" not found in shop',
      'notFound: deployments "vanishing" not found in shop',
      'conflict: Operation cannot be fulfilled on deployments.apps "busy": the object has been modified',
      'invalid: Deployment.apps "refused" is invalid: admission webhook denied the request',
      'restarted db at 2024-05-06T07:08:09.123Z, generation 5',
    ]);
    const batchLines = batchJournal.writes('run-1').map(line).sort();
    assert.deepEqual(batchLines, singleJournal.writes('run-1').map(line).sort());
    // Nothing is journaled for what was never written (paused, gone before the read); a failed PATCH has both lines.
    assert.deepEqual(batchJournal.writes('run-1').map((w) => `${w.name} ${w.phase} ${w.before[RESTARTED_AT]} → ${w.after[RESTARTED_AT]}${w.error ? ` (${w.error})` : ''}`).sort(), [
      'again applied 2024-01-01T00:00:00.000Z → 2024-05-06T07:08:09.123Z',
      'again intent 2024-01-01T00:00:00.000Z → 2024-05-06T07:08:09.123Z',
      'busy failed null → 2024-05-06T07:08:09.123Z (Operation cannot be fulfilled on deployments.apps "busy": the object has been modified)',
      'busy intent null → 2024-05-06T07:08:09.123Z',
      'db applied 2024-02-02T00:00:00.000Z → 2024-05-06T07:08:09.123Z',
      'db intent 2024-02-02T00:00:00.000Z → 2024-05-06T07:08:09.123Z',
      'fresh applied null → 2024-05-06T07:08:09.123Z',
      'fresh intent null → 2024-05-06T07:08:09.123Z',
      'refused failed null → 2024-05-06T07:08:09.123Z (Deployment.apps "refused" is invalid: admission webhook denied the request)',
      'refused intent null → 2024-05-06T07:08:09.123Z',
      'vanishing failed null → 2024-05-06T07:08:09.123Z (deployments "vanishing" not found in shop)',
      'vanishing intent null → 2024-05-06T07:08:09.123Z',
    ]);
    // Each write's intent precedes its outcome.
    const writes = batchJournal.writes('run-1');
    for (const w of writes.filter((x) => x.phase !== 'intent')) {
      assert.ok(writes.findIndex((x) => x.name === w.name && x.phase === 'intent') < writes.indexOf(w), w.name);
    }
    assert.deepEqual(batch.log.filter((l) => !l.startsWith('PATCH')), ['LIST deployments shop', 'GET statefulsets shop/db', 'GET deployments shop/gone']);
  });

  it('a dry run reads the same way, PATCHes with dryRun and journals nothing', async () => {
    const specs = [{ ref: ref('a') }, { ref: ref('b') }];
    const j = journal();
    const run = j.startRun({ command: 'migrate', context: 'fake', namespaces: ['shop'] });
    const { client, log } = fakeCluster(specs);
    const results = await restartWorkloads(client, specs.map((s) => s.ref), { journal: j, run, dryRun: true, now });
    assert.deepEqual(results.map(outcome), ['restarted a at 2024-05-06T07:08:09.123Z, generation 4 (dry run)', 'restarted b at 2024-05-06T07:08:09.123Z, generation 4 (dry run)']);
    assert.deepEqual(log, ['LIST deployments shop', 'PATCH deployments shop/a strategic dry-run', 'PATCH deployments shop/b strategic dry-run']);
    assert.deepEqual(j.writes(), []);
  });

  it('one request per namespace and kind: a LIST for several, a GET for one', async () => {
    const specs = [ref('web'), ref('api'), ref('db', 'shop', 'StatefulSet'), ref('agent', 'shop', 'DaemonSet'), ref('web', 'blog'), ref('api', 'blog')].map((r) => ({ ref: r }));
    const { client, log } = fakeCluster(specs);
    const results = await restartWorkloads(client, specs.map((s) => s.ref), { now });
    assert.ok(results.every((r) => r.status === 'fulfilled'));
    assert.deepEqual(log.filter((l) => !l.startsWith('PATCH')).sort(), ['GET daemonsets shop/agent', 'GET statefulsets shop/db', 'LIST deployments blog', 'LIST deployments shop']);
    assert.equal(log.filter((l) => l.startsWith('PATCH')).length, 6);
  });

  it('a LIST that fails falls back to a GET each; cancelled, nothing is written', async () => {
    const specs = [{ ref: ref('a') }, { ref: ref('b') }];
    const unavailable = err('notFound', 404, 'the server could not find the requested resource');
    const listless = fakeCluster(specs, { failList: unavailable });
    const results = await restartWorkloads(listless.client, specs.map((s) => s.ref), { now });
    assert.ok(results.every((r) => r.status === 'fulfilled'));
    assert.deepEqual(listless.log, ['LIST deployments shop', 'GET deployments shop/a', 'GET deployments shop/b', 'PATCH deployments shop/a strategic', 'PATCH deployments shop/b strategic']);

    const cancelled = new ClusterError({ kind: 'cancelled', context: 'fake', message: 'cancelled' });
    const aborted = fakeCluster(specs, { failList: cancelled });
    const none = await restartWorkloads(aborted.client, specs.map((s) => s.ref), { now, signal: AbortSignal.abort() });
    assert.deepEqual(none.map(outcome), ['cancelled: cancelled', 'cancelled: cancelled']);
    assert.deepEqual(aborted.log, ['LIST deployments shop']);
  });

  it('nothing to restart: no request', async () => {
    const { client, log } = fakeCluster([]);
    assert.deepEqual(await restartWorkloads(client, [], {}), []);
    assert.deepEqual(log, []);
  });
});
