import { strict as assert } from 'node:assert';
import { labelPatch, planMigration } from '../../../src/mesh/migrationPlan';
import type { ClusterInventory } from '../../../src/mesh/kubeObjects';
import {
  deployment, deploymentPods, injected118, installRevision, inventory, namespace, pod, tagMwc, workloadObject,
} from './fixtures';

/** Seed 001: revisions 1-7-6 / 1-8-0, tags prod → 1-7-6 and canary → 1-8-0; a and b on prod, c on canary. */
function tagsScenario(): ClusterInventory {
  const inv = inventory();
  installRevision(inv, '1-7-6', '1.7.6');
  installRevision(inv, '1-8-0', '1.8.0');
  inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'), tagMwc('canary', '1-8-0'));
  inv.namespaces.push(namespace('a', { 'istio.io/rev': 'prod' }), namespace('b', { 'istio.io/rev': 'prod' }), namespace('c', { 'istio.io/rev': 'canary' }));
  inv.namespaces.push(namespace('legacy', { 'istio-injection': 'enabled', 'istio.io/rev': 'prod', team: 'x' }));
  inv.namespaces.push(namespace('off', { 'istio-injection': 'disabled' }));
  for (const ns of ['a', 'b']) {
    inv.deployments.push(deployment('web', ns, { replicas: 2 }));
    inv.pods.push(...deploymentPods('web', ns, [injected118('1-7-6', '1.7.6'), injected118('1-7-6', '1.7.6')]));
  }
  inv.deployments.push(deployment('api', 'c'));
  inv.pods.push(...deploymentPods('api', 'c', [injected118('1-8-0', '1.8.0')]));
  inv.deployments.push(deployment('frozen', 'a', { paused: true }));
  inv.pods.push(...deploymentPods('frozen', 'a', [injected118('1-7-6', '1.7.6')], 'aaaa1111'));
  inv.pods.push(pod('bare', 'a', injected118('1-7-6', '1.7.6')));
  inv.statefulSets.push(workloadObject('StatefulSet', 'db', 'b'));
  inv.pods.push(pod('db-0', 'b', { ...injected118('1-7-6', '1.7.6'), owner: { kind: 'StatefulSet', name: 'db' } }));
  return inv;
}

describe('migrationPlan', () => {
  it('plans one merge patch per namespace: istio-injection removed, istio.io/rev set (Kiali\'s patch)', () => {
    assert.deepEqual(labelPatch({ 'istio-injection': 'enabled' }, { 'istio.io/rev': 'canary' }),
      { metadata: { labels: { 'istio-injection': null, 'istio.io/rev': 'canary' } } });
    assert.deepEqual(labelPatch({ 'istio.io/rev': 'prod' }, { 'istio.io/rev': 'prod' }), { metadata: { labels: {} } });
  });

  it('moves a namespace from tag prod to tag canary: restarts the stale workloads, lists what cannot be rolled', () => {
    const r = planMigration('ctx', tagsScenario(), ['a'], 'canary');
    assert.ok(r.ok);
    const { plan } = r;
    assert.deepEqual(plan.target, { name: 'canary', kind: 'tag', revision: '1-8-0', version: '1.8.0' });
    const a = plan.namespaces[0];
    assert.deepEqual(a.labelsBefore, { 'istio.io/rev': 'prod' });
    assert.deepEqual(a.labelsAfter, { 'istio.io/rev': 'canary' });
    assert.deepEqual(a.patch, { metadata: { labels: { 'istio.io/rev': 'canary' } } });
    assert.deepEqual(a.restart, [{ kind: 'Deployment', namespace: 'a', name: 'web' }]);
    assert.deepEqual(a.blocked.map((b) => `${b.kind}/${b.name}`).sort(), ['Deployment/frozen', 'Pod/bare']);
    assert.match(a.blocked.find((b) => b.name === 'frozen')?.advice ?? '', /rollout resume/);
    assert.equal(a.proxies, 4);
    assert.equal(a.staleAfter, 4);
    assert.ok(plan.kubectl.includes('kubectl --context ctx label namespace a istio.io/rev=canary --overwrite'));
    assert.ok(plan.kubectl.includes('kubectl --context ctx rollout restart deployment/web -n a'));
  });

  it('restarts StatefulSets too, and removes a conflicting istio-injection label', () => {
    const r = planMigration('ctx', tagsScenario(), ['b', 'legacy'], '1-8-0');
    assert.ok(r.ok);
    const b = r.plan.namespaces.find((n) => n.namespace === 'b');
    assert.deepEqual(b?.restart.map((x) => `${x.kind}/${x.name}`).sort(), ['Deployment/web', 'StatefulSet/db']);
    const legacy = r.plan.namespaces.find((n) => n.namespace === 'legacy');
    assert.deepEqual(legacy?.patch, { metadata: { labels: { 'istio-injection': null, 'istio.io/rev': '1-8-0' } } });
    assert.ok(r.plan.warnings.some((w) => w.namespace === 'legacy' && /istio-injection label that overrode/.test(w.message)));
  });

  it('warns about turning injection on, downgrades and more than two minors; refuses bad input before any call', () => {
    const inv = tagsScenario();
    installRevision(inv, '1-5-0', '1.5.0');
    const r = planMigration('ctx', inv, ['off', 'c'], '1-5-0');
    assert.ok(r.ok);
    const msgs = r.plan.warnings.map((w) => w.message).join('\n');
    assert.match(msgs, /off has istio-injection=disabled: migrating turns injection on/);
    assert.match(msgs, /c: proxies go back from 1\.8\.0 to 1\.5\.0/);
    assert.equal(planMigration('ctx', inv, ['a'], 'no-such').ok, false);
    assert.equal(planMigration('ctx', inv, ['zz'], 'canary').ok, false);
    const bad = planMigration('ctx', inv, ['a'], 'bad value!');
    assert.ok(!bad.ok && /not a valid label value/.test(bad.error));
    assert.equal(planMigration('ctx', inv, [], 'canary').ok, false);
  });

  it('flags a target whose istiod has no ready replica as blocking', () => {
    const inv = tagsScenario();
    const istiod = inv.deployments.find((d) => d.metadata.name === 'istiod-1-8-0');
    if (istiod?.status) istiod.status.readyReplicas = 0;
    const r = planMigration('ctx', inv, ['a'], 'canary');
    assert.ok(r.ok);
    assert.ok(r.plan.warnings.some((w) => w.severity === 'error' && /0\/1 ready replicas/.test(w.message)));
  });

  it('already on the target: no relabel, only stale workloads restart', () => {
    const inv = tagsScenario();
    const r = planMigration('ctx', inv, ['c'], 'canary');
    assert.ok(r.ok);
    assert.equal(r.plan.namespaces[0].relabel, false);
    assert.deepEqual(r.plan.namespaces[0].restart, []);
  });

  describe('refuses what Istio would never do, with the reason', () => {
    for (const system of ['kube-system', 'kube-public', 'kube-node-lease']) {
      it(`${system}: Istio never injects it`, () => {
        const inv = tagsScenario();
        inv.namespaces.push(namespace(system));
        inv.deployments.push(deployment('coredns', system));
        inv.pods.push(...deploymentPods('coredns', system, [{}]));
        const r = planMigration('ctx', inv, ['a', system], 'canary');
        assert.equal(r.ok, false);
        assert.match(r.ok ? '' : r.error, new RegExp(`^${system}: Istio never injects kube-system, kube-public or kube-node-lease`));
      });
    }

    it('a tag whose revision does not exist (dangling) is not a target', () => {
      const inv = tagsScenario();
      inv.mutatingWebhooks.push(tagMwc('ghost', '1-5-0'));
      const r = planMigration('ctx', inv, ['a'], 'ghost');
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.error, /Tag "ghost" points at revision 1-5-0, which does not exist in ctx/);
      assert.ok(planMigration('ctx', inv, ['a'], 'canary').ok, 'a tag on an installed revision still plans');
    });

    it('quotes a hostile context name in the kubectl commands it shows', () => {
      const r = planMigration("prod; rm -rf ~ #'", tagsScenario(), ['a'], 'canary');
      assert.ok(r.ok);
      assert.equal(r.plan.kubectl[0], `kubectl --context 'prod; rm -rf ~ #'\\''' label namespace a istio.io/rev=canary --overwrite`);
    });
  });
});
