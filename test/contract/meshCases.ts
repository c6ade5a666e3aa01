/**
 * The mesh model on the target: the `tags-prod-canary` scenario copied in through the API must read back
 * (buildSnapshot) exactly as the simulator's own copy does; then a relabel makes the namespace's proxies
 * stale and a rollout restart replaces them with pods injected by the new revision.
 */
import { strict as assert } from 'node:assert';
import type { ClusterClient } from '../../src/kube/clusterClient';
import { loadKubeconfigs } from '../../src/kube/kubeconfigLoader';
import { openClusterSession, type ClusterSession } from '../../src/kube/clusterSession';
import type { KPod } from '../../src/mesh/kubeObjects';
import type { MeshSnapshot, Proxy } from '../../src/mesh/model';
import { buildSnapshot } from '../../src/mesh/snapshotBuilder';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { relabelNamespace } from '../../src/upgrade/relabelNamespace';
import { restartWorkload } from '../../src/upgrade/restartWorkload';
import { eventually, settleRollout, type ContractEnv, type EnvRef } from './contractTarget';
import { copyScenario, type CopiedScenario } from './scenarioCopy';

const SCENARIO = 'tags-prod-canary';

async function snapshot(client: ClusterClient): Promise<MeshSnapshot> {
  return buildSnapshot('contract', await readInventory(client));
}

/** Everything the tree shows, minus what differs by construction (pod names, the injector's revision source). */
function meshFacts(s: MeshSnapshot, namespaces: string[]) {
  const proxy = (p: Proxy) => JSON.stringify({ ...p, pod: undefined, revisionSource: undefined });
  return {
    defaultRevision: s.defaultRevision,
    revisions: s.revisions.map((r) => ({ ...r, inUse: r.inUse.map((u) => (u.kind === 'pod' ? `pod in ${u.namespace}` : JSON.stringify(u))).sort() })),
    tags: s.tags,
    namespaces: s.namespaces.filter((n) => namespaces.includes(n.name)).map((n) => ({
      ...n,
      // Who last set the injection label comes from managedFields, which only the real server records.
      labelChange: undefined,
      workloads: n.workloads.map((w) => ({ ...w, pods: w.pods.map(proxy).sort() })),
    })),
    warnings: s.warnings,
  };
}

/** The status annotation's revision (1.11+ injectors), else the pod label that ≤1.10 injectors set (istio-model.md M6.1, M6.3). */
function injectedRevision(pod: KPod): string | undefined {
  const status = pod.metadata.annotations?.['sidecar.istio.io/status'];
  assert.ok(status, `pod ${pod.metadata.name} carries sidecar.istio.io/status`);
  return (JSON.parse(status) as { revision?: string }).revision ?? pod.metadata.labels?.['istio.io/rev'];
}

function pods(s: MeshSnapshot, namespace: string): Proxy[] {
  return (s.namespaces.find((n) => n.name === namespace)?.workloads ?? []).flatMap((w) => w.pods);
}

export function meshCases(env: EnvRef): void {
  describe(`mesh model (${SCENARIO} copied in through the API)`, () => {
    let sourceSim: RunningSimulator;
    let source: ClusterSession;
    let copied: CopiedScenario;

    before(async function () {
      this.timeout(120_000);
      sourceSim = await startSimulator({ scenario: SCENARIO, port: 0 });
      source = openClusterSession(loadKubeconfigs([sourceSim.kubeconfigPath]), sourceSim.contextName, {});
      const versions = new Map((await snapshot(source.client)).revisions.map((r) => [r.name, r.version ?? '']));
      copied = await copyScenario(source.client, env(), versions);
    });
    after(async () => {
      source?.dispose();
      await sourceSim?.stop();
    });

    it('reads back the same revisions, tags, bindings and proxy versions as the simulator', async () => {
      const [want, got] = await Promise.all([snapshot(source.client), snapshot(env().client)]);
      assert.deepEqual(meshFacts(got, copied.namespaces), meshFacts(want, copied.namespaces));
      assert.deepEqual(want.revisions.map((r) => [r.name, r.version, r.tags]), [['1-7-6', '1.7.6', ['prod']], ['1-8-0', '1.8.0', ['canary']]]);
      assert.deepEqual(pods(got, 'a').map((p) => `${p.revision}/${p.proxyVersion}/${p.needsRestart}`), ['1-7-6/1.7.6/false', '1-7-6/1.7.6/false', '1-7-6/1.7.6/false']);
    });

    it('injects on a dry-run pod create without storing the pod', async () => {
      const { client } = env();
      const pod: KPod = { metadata: { name: 'dry-injected', namespace: 'c', labels: { app: 'dry' } }, spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.2' }] } };
      const answer = await client.create('pods', pod, { dryRun: true });
      const proxy = answer.spec?.containers.find((c) => c.name === 'istio-proxy');
      assert.equal(proxy?.image, 'docker.io/istio/proxyv2:1.8.0');
      assert.equal(injectedRevision(answer), '1-8-0');
      assert.equal((await client.list('pods', { namespace: 'c', labelSelector: 'app=dry' })).items.length, 0);
    });

    it('relabel → stale proxies; rollout restart → pods injected by the new revision', async () => {
      const e: ContractEnv = env();
      await relabelNamespace(e.client, 'a', { 'istio.io/rev': 'prod' }, { 'istio.io/rev': 'canary' }, {});
      const stale = await snapshot(e.client);
      assert.deepEqual(stale.namespaces.find((n) => n.name === 'a')?.target, { revision: '1-8-0', via: 'tag', tag: 'canary' });
      assert.deepEqual(pods(stale, 'a').map((p) => `${p.revision}/${p.proxyVersion}/${p.needsRestart}`), ['1-7-6/1.7.6/true', '1-7-6/1.7.6/true', '1-7-6/1.7.6/true']);

      const refs = copied.deployments.filter((d) => d.namespace === 'a');
      assert.deepEqual(refs.map((r) => r.name).sort(), ['cart', 'frontend']);
      for (const ref of refs) {
        const r = await restartWorkload(e.client, ref, {});
        await settleRollout(e, ref, r.generation);
      }
      const fresh = await eventually('only new pods in a', async () => (await e.client.list('pods', { namespace: 'a' })).items,
        (l) => l.length === 3 && l.every((p) => p.spec?.containers.some((c) => c.image === 'docker.io/istio/proxyv2:1.8.0')));
      for (const p of fresh) {
        assert.equal(injectedRevision(p), '1-8-0');
        assert.equal(p.metadata.ownerReferences?.[0]?.kind, 'ReplicaSet');
      }
      const after = await snapshot(e.client);
      assert.deepEqual(pods(after, 'a').map((p) => `${p.revision}/${p.proxyVersion}/${p.needsRestart}`), ['1-8-0/1.8.0/false', '1-8-0/1.8.0/false', '1-8-0/1.8.0/false']);
      assert.deepEqual(pods(after, 'b').map((p) => `${p.revision}/${p.needsRestart}`), ['1-7-6/false', '1-7-6/false']);
    });
  });
}
