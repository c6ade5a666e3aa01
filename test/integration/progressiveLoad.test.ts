/** The first load of a generated mesh on the simulator, its pod LIST paged and slowed: the tree's model fills in page by page. */
import { strict as assert } from 'node:assert';
import { Fleet } from '../../src/fleet/fleet';
import type { MeshSnapshot } from '../../src/mesh/model';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator';

const NAMESPACES = 40;
const PODS = 10;
const proxiesOf = (s: MeshSnapshot | undefined): number => (s?.revisions ?? []).reduce((n, r) => n + r.proxyCount, 0);

describe('fleet: pods fill in as their pages stream (simulator)', function () {
  this.timeout(60000);
  let sim: RunningSimulator;
  const fleets: Fleet[] = [];
  before(async () => {
    sim = await startSimulator({ scenario: `generated?namespaces=${NAMESPACES}&podsPerNamespace=${PODS}`, port: 0 });
  });
  after(async () => {
    for (const f of fleets.splice(0)) f.dispose();
    sim.setRequestHook(undefined);
    await sim.stop();
  });

  it('partial snapshots grow while every one is pending; the final one equals the non-streamed load, findings included', async () => {
    // Each page of pods 40 ms late (25 pods a page: 16 pages), so the control plane is painted well before the last.
    sim.setRequestHook(({ method, path }) => (method === 'GET' && path === '/api/v1/pods' ? new Promise((r) => setTimeout(r, 40)) : undefined));
    const fleet = new Fleet({ paths: [sim.kubeconfigPath], contexts: [sim.contextName], watch: true, pageSize: 25, progressIntervalMs: 50 });
    fleets.push(fleet);
    const partial: { proxies: number; counting: boolean; findings: boolean }[] = [];
    fleet.onDidChange(() => {
      const s = fleet.cluster(sim.contextName);
      if (s?.pending === 'proxies') partial.push({ proxies: proxiesOf(s.snapshot), counting: s.snapshot?.countingProxies === true, findings: s.findings !== undefined });
    });
    await fleet.load();
    sim.setRequestHook(undefined);
    const done = fleet.cluster(sim.contextName);
    assert.equal(done?.status, 'ready');
    assert.equal(done?.pending, undefined);
    const total = proxiesOf(done?.snapshot);
    assert.ok(total > 0);

    assert.ok(partial.length >= 3, `several partial snapshots while 16 pages streamed (saw ${partial.length})`);
    assert.ok(partial.every((p) => p.counting && !p.findings), 'partial snapshots are countingProxies and have no precheck');
    const counts = partial.map((p) => p.proxies);
    assert.deepEqual(counts, [...counts].sort((a, b) => a - b), `counts only grow: ${counts.join(', ')}`);
    assert.ok(counts.some((n) => n > 0 && n < total), `some counts were shown before the last page (${counts.join(', ')} of ${total})`);

    const plain = new Fleet({ paths: [sim.kubeconfigPath], contexts: [sim.contextName], watch: false });
    fleets.push(plain);
    await plain.load();
    assert.deepEqual(done?.snapshot, plain.cluster(sim.contextName)?.snapshot);
    assert.deepEqual(done?.findings, plain.cluster(sim.contextName)?.findings);
    assert.deepEqual(done?.gateways, plain.cluster(sim.contextName)?.gateways);
  });
});
