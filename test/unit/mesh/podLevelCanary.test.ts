import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { checkPodLevelCanary, podLevelBlocker } from '../../../src/mesh/podLevelCanary';
import { deployment, deploymentPods, injected118, installRevision, inventory, namespace, pod } from './fixtures';

describe('podLevelCanary (istio-model.md M5.3: a namespace label wins over the pod\'s)', () => {
  const inv = inventory();
  installRevision(inv, '1-7-6', '1.7.6');
  installRevision(inv, '1-8-0', '1.8.0');
  inv.namespaces.push(namespace('free'), namespace('revd', { 'istio.io/rev': '1-7-6' }), namespace('inj', { 'istio-injection': 'enabled' }), namespace('off', { 'istio-injection': 'disabled' }));
  for (const ns of ['free', 'revd', 'inj', 'off']) {
    inv.deployments.push(deployment('web', ns));
    inv.pods.push(...deploymentPods('web', ns, [injected118('1-7-6', '1.7.6')]));
  }
  inv.deployments.push(deployment('frozen', 'free', { paused: true }));
  inv.pods.push(pod('bare', 'free', injected118('1-7-6', '1.7.6')));
  const snap = buildSnapshot('ctx', inv);

  it('allows a workload in an unlabeled namespace', () => {
    const r = checkPodLevelCanary(snap, 'free', 'Deployment', 'web', '1-8-0');
    assert.ok(r.ok);
    assert.equal(r.target.revision, '1-8-0');
  });

  it('explains why Istio would ignore it otherwise', () => {
    assert.match(podLevelBlocker(snap, 'revd', 'Deployment', 'web') ?? '', /istio\.io\/rev=1-7-6: the namespace label wins/);
    assert.match(podLevelBlocker(snap, 'inj', 'Deployment', 'web') ?? '', /istio-injection=enabled, which takes precedence/);
    assert.match(podLevelBlocker(snap, 'off', 'Deployment', 'web') ?? '', /istio-injection=disabled/);
    assert.match(podLevelBlocker(snap, 'free', 'Deployment', 'frozen') ?? '', /paused/);
    assert.match(podLevelBlocker(snap, 'free', 'Pod', 'bare') ?? '', /no pod template/);
    const bad = checkPodLevelCanary(snap, 'free', 'Deployment', 'web', 'nope');
    assert.ok(!bad.ok && /neither a revision nor a tag/.test(bad.reason));
  });
});
