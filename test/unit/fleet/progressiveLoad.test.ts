import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ServerResponse } from 'node:http';
import { Fleet } from '../../../src/fleet/fleet';
import { ProgressiveLoad } from '../../../src/fleet/progressiveLoad';
import type { ClusterInventory } from '../../../src/mesh/kubeObjects';
import type { ClusterState } from '../../../src/fleet/clusterState';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import type { MeshSnapshot } from '../../../src/mesh/model';
import { expireContinueOnce, FakeApiServer, type KObject, type RecordedRequest } from '../kube/fakeApiServer';
import { waitFor, writeTempKubeconfig } from '../kube/kubeTestUtil';
import { deployment, deploymentPods, injected118, installRevision, inventory, namespace } from '../mesh/fixtures';

const REV = '1-24-0';
const NAMESPACES = ['a', 'b', 'c'];
const PODS_PER_NAMESPACE = 3;

/** One revision, three namespaces bound to it, three injected pods each (a pod LIST of 5 pages of 2). */
function seed(fake: FakeApiServer): void {
  const inv = installRevision(inventory(), REV, '1.24.0');
  const put = (plural: string, objects: readonly unknown[]) => { for (const o of objects) fake.put(plural, structuredClone(o) as KObject); };
  put('namespaces', [namespace('istio-system'), ...NAMESPACES.map((n) => namespace(n, { 'istio.io/rev': REV }))]);
  put('deployments', [...inv.deployments, ...NAMESPACES.map((n) => deployment('web', n))]);
  put('services', inv.services);
  put('configmaps', inv.configMaps);
  put('mutatingwebhookconfigurations', inv.mutatingWebhooks);
  put('pods', NAMESPACES.flatMap((n) => deploymentPods('web', n, Array.from({ length: PODS_PER_NAMESPACE }, () => injected118(REV, '1.24.0')))));
}

/** Holds every page of the pods LIST after the first until next() lets one through (the server answers it then). */
function podPageGate(fake: FakeApiServer): { waiting: () => number; next: () => void } {
  const held: { req: RecordedRequest; res: ServerResponse }[] = [];
  fake.interceptors.push((req, res) => {
    if (req.url.pathname !== '/api/v1/pods' || req.url.searchParams.get('watch') === 'true' || !req.url.searchParams.get('continue')) return false;
    held.push({ req, res });
    return true;
  });
  return {
    waiting: () => held.length,
    next: () => {
      const h = held.shift();
      if (h) fake.respond(h.req, h.res);
    },
  };
}

const proxiesOf = (s: MeshSnapshot | undefined): number => (s?.revisions ?? []).reduce((n, r) => n + r.proxyCount, 0);

describe('fleet: pods fill in as their pages stream (first load)', () => {
  let fake: FakeApiServer;
  let kubeconfig: string;
  const fleets: Fleet[] = [];
  const fleetOf = (options: Omit<ConstructorParameters<typeof Fleet>[0], 'paths'>): Fleet => {
    const f = new Fleet({ paths: [kubeconfig], ...options });
    fleets.push(f);
    return f;
  };
  beforeEach(async () => {
    fake = await FakeApiServer.start();
    seed(fake);
    kubeconfig = writeTempKubeconfig(fake.kubeconfigYaml());
  });
  afterEach(async () => {
    for (const f of fleets.splice(0)) f.dispose();
    await fake.stop();
    fs.rmSync(path.dirname(kubeconfig), { recursive: true, force: true });
  });

  it('shows partial snapshots that grow page by page, all pending; the last equals a load that did not stream', async () => {
    const gate = podPageGate(fake);
    const fleet = fleetOf({ watch: true, pageSize: 2, progressIntervalMs: 0 });
    const seen: { pending?: string; counting: boolean; proxies: number; revisionsCounting: boolean }[] = [];
    fleet.onDidChange(() => {
      const s = fleet.cluster('fake');
      if (s?.status === 'ready') {
        seen.push({ pending: s.pending, counting: s.snapshot?.countingProxies === true, proxies: proxiesOf(s.snapshot), revisionsCounting: s.snapshot?.revisions.every((r) => r.countingProxies) ?? false });
      }
    });
    const state = (): ClusterState | undefined => fleet.cluster('fake');
    const loading = fleet.load();
    for (let listed = 2; listed < NAMESPACES.length * PODS_PER_NAMESPACE; listed += 2) {
      await waitFor(() => gate.waiting() === 1 && state()?.pending === 'proxies' && proxiesOf(state()?.snapshot) === listed, 5000, `${listed} proxies shown`);
      const s = state();
      assert.equal(s?.snapshot?.countingProxies, true);
      assert.equal(s?.findings, undefined, 'no precheck from a partial snapshot');
      gate.next();
    }
    await loading;
    const done = state();
    assert.equal(done?.pending, undefined);
    assert.equal(done?.snapshot?.countingProxies, undefined);
    assert.equal(proxiesOf(done?.snapshot), 9);

    const partial = seen.filter((x) => x.pending === 'proxies');
    assert.ok(partial.every((x) => x.counting && x.revisionsCounting), 'every partial snapshot is marked countingProxies');
    const counts = partial.map((x) => x.proxies);
    assert.deepEqual(counts, [...counts].sort((x, y) => x - y), `counts only grow: ${counts.join(', ')}`);
    for (const n of [2, 4, 6, 8]) assert.ok(counts.includes(n), `${n} proxies were shown (saw ${counts.join(', ')})`);

    // The same cluster loaded without streaming (the CLI's way) and built from scratch: the same snapshot.
    const plain = fleetOf({ watch: false, pageSize: 100 });
    await plain.load();
    assert.deepEqual(done?.snapshot, plain.cluster('fake')?.snapshot);
    assert.deepEqual(done?.findings, plain.cluster('fake')?.findings);
    const cache = fleet.cache('fake');
    assert.ok(cache);
    assert.deepEqual(done?.snapshot, buildSnapshot('fake', cache.inventory()));
  });

  it('a pod LIST that starts over (expired continue token) ends with every pod once', async () => {
    expireContinueOnce(fake, '/api/v1/pods', '6');
    const fleet = fleetOf({ watch: true, pageSize: 2, progressIntervalMs: 0 });
    await fleet.load();
    const plain = fleetOf({ watch: false });
    await plain.load();
    assert.equal(proxiesOf(fleet.cluster('fake')?.snapshot), 9);
    assert.deepEqual(fleet.cluster('fake')?.snapshot, plain.cluster('fake')?.snapshot);
  });
});

describe('fleet/progressiveLoad (in memory)', () => {
  const base = (): ClusterInventory => {
    const inv = installRevision(inventory(), REV, '1.24.0');
    inv.namespaces.push(namespace('istio-system'), ...NAMESPACES.map((n) => namespace(n, { 'istio.io/rev': REV })));
    return inv;
  };
  const podsOf = (ns: string) => deploymentPods('web', ns, Array.from({ length: PODS_PER_NAMESPACE }, () => injected118(REV, '1.24.0')));

  function loadOver(inv: ClusterInventory, signal = new AbortController().signal) {
    const shown: MeshSnapshot[] = [];
    const load = new ProgressiveLoad({ context: 'mem', inventory: () => ({ ...inv, pods: [...inv.pods] }), show: (s) => shown.push(s), signal, intervalMs: 0 });
    return { load, shown };
  }
  const settle = () => new Promise((r) => setTimeout(r, 20));

  it('pages before the first paint are in it; pages after it are partial updates; finish hands over what is left', async () => {
    const inv = base();
    const { load, shown } = loadOver(inv);
    inv.pods.push(...podsOf('a'));
    load.page({ kind: 'pods', namespaces: new Set(['a']), listed: 3 });
    await settle();
    assert.equal(shown.length, 0, 'nothing before the control plane is painted');
    load.controlPlane();
    await settle();
    assert.equal(proxiesOf(shown.at(-1)), 3);
    inv.pods.push(...podsOf('b'));
    load.page({ kind: 'pods', namespaces: new Set(['b']), listed: 6 });
    await settle();
    assert.equal(proxiesOf(shown.at(-1)), 6);
    assert.ok(shown.every((s) => s.countingProxies && s.namespaces.every((n) => n.countingProxies)));
    inv.pods.push(...podsOf('c'));
    load.page({ kind: 'pods', namespaces: new Set(['c']), listed: 9 });
    const handed = await load.finish();
    assert.ok(handed);
    const shownBefore = shown.length;
    const final = await handed.updater.updateSliced(inv, handed.change);
    assert.deepEqual(final, buildSnapshot('mem', inv), 'the handed-over updater ends where a build from scratch does');
    await settle();
    assert.equal(shown.length, shownBefore, 'nothing is shown after finish');
  });

  it('without a first paint, finish hands over nothing (the Fleet builds from scratch); an aborted load shows nothing', async () => {
    const unpainted = loadOver(base());
    unpainted.load.page({ kind: 'pods', namespaces: new Set(['a']), listed: 3 });
    assert.equal(await unpainted.load.finish(), undefined);
    const abort = new AbortController();
    const aborted = loadOver(base(), abort.signal);
    aborted.load.controlPlane();
    abort.abort();
    await settle();
    aborted.load.page({ kind: 'pods', namespaces: new Set(['a']), listed: 3 });
    await settle();
    assert.equal(aborted.shown.length, 0);
  });
});
