import { strict as assert } from 'node:assert';
import { createSimCluster, loadScenario, type SimCluster } from '../../../src/sim/cluster';
import { resourceByName } from '../../../src/sim/core/resourceRegistry';
import type { KubeObject } from '../../../src/sim/core/types';
import { findScenario } from '../../../src/sim/scenarios/index';
import { daemonSet, deployment, namespace, statefulSet } from '../../../src/sim/scenarios/workloadObjects';
import { startSimulator } from '../../../src/sim/simulator';
import { asList, asObj, MERGE, request, STRATEGIC } from './simClient';

const ADMIN = { user: 'admin' };
const DEPLOY = resourceByName('deployments');

function loaded(name: string, podReadyDelayMs = 0): SimCluster {
  const c = createSimCluster({ seed: name, podReadyDelayMs });
  loadScenario(c, findScenario(name)!);
  return c;
}

const proxyOf = (p: KubeObject) => (p.spec as { containers: { name: string; image: string }[] }).containers.find((x) => x.name === 'istio-proxy')?.image;
const statusOf = (o: KubeObject) => o.status as Record<string, unknown>;
const restartPatch = (at: string) => JSON.stringify({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } });

describe('sim controllers', () => {
  it('rollout restart after a relabel: new ReplicaSet, old one at 0, pods injected by the new revision (over HTTP)', async () => {
    const sim = await startSimulator({ scenario: 'canary-1-6-to-1-7' });
    try {
      const oldPods = asList(await request(sim, 'GET', '/api/v1/namespaces/demo-a/pods')).items;
      assert.ok(oldPods.every((p) => proxyOf(p) === 'docker.io/istio/proxyv2:1.6.14'));
      await request(sim, 'PATCH', '/api/v1/namespaces/demo-a', { contentType: MERGE, body: { metadata: { labels: { 'istio-injection': null, 'istio.io/rev': 'canary' } } } });
      const r = await request(sim, 'PATCH', '/apis/apps/v1/namespaces/demo-a/deployments/app-a', { contentType: STRATEGIC, body: restartPatch('2024-05-01T10:00:00Z') });
      assert.equal(asObj(r).metadata.generation, 2);
      const rs = asList(await request(sim, 'GET', '/apis/apps/v1/namespaces/demo-a/replicasets')).items;
      assert.equal(rs.length, 2);
      const [newRs, oldRs] = [...rs].sort((a, b) => Number(b.metadata.annotations?.['deployment.kubernetes.io/revision']) - Number(a.metadata.annotations?.['deployment.kubernetes.io/revision']));
      assert.equal(newRs.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
      assert.match(newRs.metadata.name, /^app-a-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
      assert.equal(newRs.metadata.labels?.['pod-template-hash'], newRs.metadata.name.slice('app-a-'.length));
      assert.equal((oldRs.spec as { replicas: number }).replicas, 0);
      const pods = asList(await request(sim, 'GET', '/api/v1/namespaces/demo-a/pods')).items;
      assert.equal(pods.length, 2);
      for (const p of pods) {
        assert.ok(p.metadata.name.startsWith(`${newRs.metadata.name}-`));
        assert.equal(proxyOf(p), 'docker.io/istio/proxyv2:1.7.0');
        assert.equal(p.metadata.labels?.['istio.io/rev'], 'canary');
        assert.equal((p.status as { phase: string }).phase, 'Running');
      }
      const d = asObj(await request(sim, 'GET', '/apis/apps/v1/namespaces/demo-a/deployments/app-a'));
      assert.deepEqual(
        { ...statusOf(d), conditions: undefined },
        { observedGeneration: 2, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2, conditions: undefined },
      );
      // The same restartedAt again is an empty change: no new generation, no new ReplicaSet.
      const again = asObj(await request(sim, 'PATCH', '/apis/apps/v1/namespaces/demo-a/deployments/app-a', { contentType: STRATEGIC, body: restartPatch('2024-05-01T10:00:00Z') }));
      assert.equal(again.metadata.resourceVersion, d.metadata.resourceVersion);
    } finally {
      await sim.stop();
    }
  });

  it('a paused Deployment does not roll out a template change', () => {
    const c = loaded('canary-1-6-to-1-7');
    c.api.patch(DEPLOY, 'demo-b', 'app-b', 'merge', '{"spec":{"paused":true}}', ADMIN);
    c.api.patch(DEPLOY, 'demo-b', 'app-b', 'strategic', restartPatch('2024-01-01T00:00:00Z'), ADMIN);
    assert.equal(c.store.list('replicasets', 'demo-b').length, 1);
    const d = c.store.get('deployments', 'demo-b', 'app-b')!;
    const progressing = (statusOf(d).conditions as { type: string; reason: string }[]).find((x) => x.type === 'Progressing');
    assert.equal(progressing?.reason, 'DeploymentPaused');
    c.api.patch(DEPLOY, 'demo-b', 'app-b', 'merge', '{"spec":{"paused":false}}', ADMIN);
    assert.equal(c.store.list('replicasets', 'demo-b').length, 2);
    c.stop();
  });

  it('StatefulSet pods are <name>-<ordinal> with controller-revision-hash; DaemonSet has one pod per node', () => {
    const c = createSimCluster({ seed: 's' });
    loadScenario(c, { name: 't', seed: 't', description: '', load: (ctx) => ctx.apply(namespace('data'), statefulSet('data', 'db', { replicas: 3 }), daemonSet('data', 'agent')) });
    const sts = c.store.list('pods', 'data').filter((p) => p.metadata.name.startsWith('db-'));
    assert.deepEqual(sts.map((p) => p.metadata.name), ['db-0', 'db-1', 'db-2']);
    const hash = sts[0].metadata.labels?.['controller-revision-hash'];
    assert.match(hash ?? '', /^db-[a-z0-9]+$/);
    assert.deepEqual(statusOf(c.store.get('statefulsets', 'data', 'db')!).readyReplicas, 3);
    c.api.patch(resourceByName('statefulsets'), 'data', 'db', 'strategic', restartPatch('t1'), ADMIN);
    const after = c.store.list('pods', 'data').filter((p) => p.metadata.name.startsWith('db-'));
    assert.equal(after.length, 3);
    assert.ok(after.every((p) => p.metadata.labels?.['controller-revision-hash'] !== hash));
    const ds = c.store.list('pods', 'data').filter((p) => p.metadata.name.startsWith('agent-'));
    assert.deepEqual(ds.map((p) => (p.spec as { nodeName: string }).nodeName).sort(), ['sim-node-1', 'sim-node-2', 'sim-node-3']);
    assert.equal(statusOf(c.store.get('daemonsets', 'data', 'agent')!).numberReady, 3);
    c.stop();
  });

  it('a webhook that cannot be called keeps the ReplicaSet at 0 pods until the Service returns', () => {
    const c = loaded('tags-prod-canary');
    const svc = c.store.get('services', 'istio-system', 'istiod-1-8-0')!;
    c.api.delete(resourceByName('services'), 'istio-system', 'istiod-1-8-0', ADMIN);
    c.api.patch(DEPLOY, 'c', 'search', 'strategic', restartPatch('2024-01-01T00:00:00Z'), ADMIN);
    const newRs = c.store.list('replicasets', 'c').find((rs) => rs.metadata.annotations?.['deployment.kubernetes.io/revision'] === '2' && rs.metadata.name.startsWith('search-'))!;
    assert.equal(c.store.dependents(newRs.metadata.uid!).length, 0);
    const failure = (statusOf(newRs).conditions as { type: string; reason: string; message: string }[])[0];
    assert.equal(failure.reason, 'FailedCreate');
    assert.match(failure.message, /failed calling webhook "rev.namespace.sidecar-injector.istio.io": .*service "istiod-1-8-0" not found/);
    assert.equal(statusOf(c.store.get('deployments', 'c', 'search')!).readyReplicas, undefined);
    c.api.create(resourceByName('services'), 'istio-system', { ...svc, metadata: { name: svc.metadata.name, namespace: 'istio-system', labels: svc.metadata.labels } }, ADMIN);
    assert.equal(c.store.dependents(newRs.metadata.uid!).length, 1);
    assert.equal(statusOf(c.store.get('deployments', 'c', 'search')!).readyReplicas, 1);
    c.stop();
  });

  it('podReadyDelayMs: pods start Pending and become Ready later; the Deployment follows', async () => {
    const c = createSimCluster({ seed: 'delay', podReadyDelayMs: 50 });
    loadScenario(c, { name: 't', seed: 't', description: '', load: (ctx) => ctx.apply(namespace('slow'), deployment('slow', 'web', { replicas: 2 })) });
    const phases = () => c.store.list('pods', 'slow').map((p) => (p.status as { phase: string }).phase);
    assert.deepEqual(phases(), ['Pending', 'Pending']);
    assert.equal(statusOf(c.store.get('deployments', 'slow', 'web')!).readyReplicas, undefined);
    await new Promise((r) => setTimeout(r, 150));
    assert.deepEqual(phases(), ['Running', 'Running']);
    assert.equal(statusOf(c.store.get('deployments', 'slow', 'web')!).readyReplicas, 2);
    c.stop();
  });

  it('deleting a namespace removes its content', () => {
    const c = loaded('canary-1-6-to-1-7');
    c.api.delete(resourceByName('namespaces'), undefined, 'demo-a', ADMIN);
    assert.equal(c.store.get('namespaces', undefined, 'demo-a'), undefined);
    assert.equal(c.store.list('pods', 'demo-a').length, 0);
    assert.equal(c.store.list('deployments', 'demo-a').length, 0);
    c.stop();
  });
});
