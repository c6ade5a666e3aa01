import { strict as assert } from 'node:assert';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { readSyncz } from '../../src/upgrade/synczReader';
import { verifyNamespaces } from '../../src/upgrade/verifyNamespaces';
import { planMigration } from '../../src/mesh/migrationPlan';
import { runMigration } from '../../src/upgrade/migrationRunner';
import { ClusterError, isClusterError } from '../../src/kube/clusterError';
import { buildSnapshot } from '../../src/mesh/snapshotBuilder';
import { startSimHarness, type SimHarness } from './simHarness';

describe('verify with istiod /debug/syncz through the API server pod proxy', function () {
  this.timeout(60000);
  let h: SimHarness;
  before(async () => { h = await startSimHarness('tags-prod-canary'); });
  after(() => h.stop());

  it('maps every injected proxy to the istiod replica and revision it is connected to', async () => {
    const inv = await readInventory(h.client);
    const { connections, errors } = await readSyncz(h.client, inv);
    assert.deepEqual(errors, []);
    // 1.7/1.8 injectors record the revision as a pod label (pre-1.11): the model knows where to look.
    const proxiesSeen = buildSnapshot('x', inv).namespaces.flatMap((n) => n.workloads).flatMap((w) => w.pods).filter((p) => p.injected && p.revision);
    assert.ok(proxiesSeen.length >= 8);
    assert.equal(connections.complete, true);
    assert.equal(connections.byProxy.size, proxiesSeen.length);
    for (const p of proxiesSeen) {
      const c = connections.byProxy.get(`${p.pod}.${p.namespace}`);
      assert.equal(c?.revision, p.revision);
      assert.match(c?.istiodPod ?? '', new RegExp(`^istiod-${c?.revision}-`));
    }
  });

  it('istiod answers /version on its monitoring port; another port is refused like the real apiserver (503)', async () => {
    const inv = await readInventory(h.client);
    const istiod = inv.pods.find((p) => p.metadata.labels?.app === 'istiod' && p.metadata.labels['istio.io/rev'] === '1-8-0');
    assert.ok(istiod);
    assert.match(String(await h.client.proxyGet('istio-system', istiod.metadata.name, 15014, 'version')), /^1\.8\.0-/);
    await assert.rejects(h.client.proxyGet('istio-system', istiod.metadata.name, 8080, 'debug/syncz'), (e: unknown) => isClusterError(e) && e.status === 503);
  });

  it('a migration verified with syncz passes: every proxy of the namespace talks to the target istiod', async () => {
    const r = planMigration(h.sim.contextName, await readInventory(h.client), ['b'], 'canary');
    assert.ok(r.ok);
    const out = await runMigration({ client: h.client }, r.plan, { syncz: true });
    assert.equal(out.status, 'completed', JSON.stringify(out.namespaces.map((n) => n.error)));
    const [v] = await verifyNamespaces(h.client, ['b'], { syncz: true, expectedRevision: () => '1-8-0' });
    assert.equal(v.verdict, 'pass');
  });

  it('after a relabel without restart, verify fails and syncz shows the proxies still connected to the old istiod', async () => {
    await h.client.patch('namespaces', 'c', undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'prod' } } });
    const [v] = await verifyNamespaces(h.client, ['c'], { syncz: true });
    assert.equal(v.verdict, 'fail');
    const reasons = v.workloads.flatMap((w) => w.reasons).join(' ');
    assert.match(reasons, /injected by 1-8-0/);
    assert.match(reasons, /connected to istiod-1-8-0-[a-z0-9-]+ \(revision 1-8-0\), not to 1-7-6/);
    await h.client.patch('namespaces', 'c', undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'canary' } } });
  });

  it('an istiod that refuses /debug/syncz (401 through the pod proxy, as a real istiod may) fails no pod for being missing', async () => {
    const refusing: typeof h.client = {
      ...h.client,
      proxyGet: async () => { throw new ClusterError({ context: h.client.context, kind: 'unauthorized', status: 401, message: 'unauthorized' }); },
    };
    const { connections, errors } = await readSyncz(refusing, await readInventory(h.client));
    assert.equal(connections.complete, false);
    assert.ok(errors.length >= 2 && errors.every((e) => /refused \/debug\/syncz through the API server's pod proxy/.test(e)), errors.join('\n'));
    const [v] = await verifyNamespaces(refusing, ['b'], { syncz: true, expectedRevision: () => '1-8-0' });
    assert.equal(v.verdict, 'pass', JSON.stringify(v));
    assert.match(v.reason ?? '', /syncz unavailable/);
  });
});
