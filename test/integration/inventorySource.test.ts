import { strict as assert } from 'node:assert';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator';
import { loadKubeconfigs } from '../../src/kube/kubeconfigLoader';
import { openClusterSession, type ClusterSession } from '../../src/kube/clusterSession';
import type { ClusterClient } from '../../src/kube/clusterClient';
import { buildSnapshot } from '../../src/mesh/snapshotBuilder';
import { findGateways } from '../../src/mesh/gateways';
import { planRevisionRemoval } from '../../src/mesh/revisionRemoval';
import { planTagRemove } from '../../src/mesh/tagPlan';
import type { ClusterInventory } from '../../src/mesh/kubeObjects';
import { readGatewayInventory } from '../../src/upgrade/gatewayInventory';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { cachedSource } from '../../src/upgrade/inventorySource';
import { logging } from './requestLog';

/** What a command plans from: the same whether pods come from LISTs (CLI) or from the live cache (extension). */
function planned(context: string, inv: ClusterInventory) {
  const snapshot = buildSnapshot(context, inv);
  return {
    revisions: snapshot.revisions.map((r) => ({ name: r.name, inUse: r.inUse, proxies: r.proxyCount, namespaces: r.namespaceCount })),
    namespaces: snapshot.namespaces.map((n) => ({ name: n.name, target: n.target, pods: n.workloads.flatMap((w) => w.pods.map((p) => `${p.pod} ${p.revision}`)) })),
    gateways: findGateways(inv, snapshot).map((g) => ({ ...g })),
    removals: snapshot.revisions.map((r) => planRevisionRemoval(inv, snapshot, r.name)),
    tagRemovals: snapshot.tags.map((t) => planTagRemove(inv, t.name)),
  };
}

describe('inventory source: whole-cluster reads of the extension take pods from its live cache', () => {
  for (const scenario of ['blue-green-gateways', 'mid-upgrade', 'helm-canary']) {
    describe(scenario, () => {
      let sim: RunningSimulator;
      let session: ClusterSession;
      const kinds: string[] = [];
      let client: ClusterClient;
      before(async () => {
        sim = await startSimulator({ scenario, port: 0 });
        session = openClusterSession(loadKubeconfigs([sim.kubeconfigPath]), sim.contextName, {});
        await session.cache.start();
        client = logging(session.client, kinds);
      });
      after(async () => {
        session.dispose();
        await sim.stop();
      });

      it('gateway switch and revision removal plan the same without listing a pod', async () => {
        kinds.length = 0;
        const listed = await readGatewayInventory(client, undefined, { owners: true });
        assert.ok(kinds.includes('LIST pods'));
        kinds.length = 0;
        const cached = await readGatewayInventory(client, undefined, { owners: true, source: cachedSource(session.cache) });
        assert.deepEqual(kinds.filter((k) => /^LIST (pods|namespaces|statefulsets|daemonsets|deployments)$/.test(k)), []);
        assert.deepEqual(planned(sim.contextName, cached), planned(sim.contextName, listed));
        // The control plane stays whole: webhooks as the server has them, for the journal's undo.
        assert.deepEqual(cached.mutatingWebhooks, listed.mutatingWebhooks);
      });

      it('tag reads (scoped to the Istio namespaces) plan the same from the cache', async () => {
        const listed = await readInventory(client, { namespaces: [], owners: true });
        kinds.length = 0;
        const cached = await readInventory(client, { namespaces: [], owners: true, source: cachedSource(session.cache) });
        assert.ok(!kinds.some((k) => k.startsWith('LIST pods') || k === 'LIST namespaces'));
        assert.deepEqual(cached.pods.map((p) => p.metadata.name).sort(), listed.pods.map((p) => p.metadata.name).sort());
        assert.deepEqual(planned(sim.contextName, cached).tagRemovals, planned(sim.contextName, listed).tagRemovals);
      });
    });
  }

  it('a cache whose watches fail is not trusted: the read lists', () => {
    const source = cachedSource({ inventory: () => { throw new Error('must not be read'); }, degraded: () => new Error('watch failed') });
    assert.equal(source.workloads(), undefined);
  });
});
