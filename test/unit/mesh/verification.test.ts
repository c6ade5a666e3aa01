import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { verifyNamespaces } from '../../../src/mesh/verification';
import { deployment, deploymentPods, injected118, installRevision, inventory, namespace, pod } from './fixtures';

describe('verification', () => {
  const build = (pods: ReturnType<typeof deploymentPods>, extra: ReturnType<typeof pod>[] = []) => {
    const inv = inventory();
    installRevision(inv, '1-7-6', '1.7.6');
    installRevision(inv, '1-8-0', '1.8.0');
    inv.namespaces.push(namespace('a', { 'istio.io/rev': '1-8-0' }), namespace('plain'));
    inv.deployments.push(deployment('web', 'a', { replicas: 2 }));
    inv.pods.push(...pods, ...extra);
    return { inv, snap: buildSnapshot('ctx', inv) };
  };

  it('passes when every pod runs the target revision and version', () => {
    const { inv, snap } = build(deploymentPods('web', 'a', [injected118('1-8-0', '1.8.0'), injected118('1-8-0', '1.8.0')]));
    const [v] = verifyNamespaces(snap, inv, ['a'], () => '1-8-0');
    assert.equal(v.verdict, 'pass');
    assert.equal(v.targetVersion, '1.8.0');
    assert.deepEqual(v.workloads.map((w) => [w.name, w.verdict, w.onTarget, w.pods]), [['web', 'pass', 2, 2]]);
  });

  it('fails a workload with a stale proxy and says which pod and why', () => {
    const { inv, snap } = build(deploymentPods('web', 'a', [injected118('1-8-0', '1.8.0'), injected118('1-7-6', '1.7.6')]));
    const [v] = verifyNamespaces(snap, inv, ['a']);
    assert.equal(v.verdict, 'fail');
    assert.match(v.workloads[0].reasons.join(' '), /injected by 1-7-6/);
  });

  it('fails when pods of an older ReplicaSet are still running', () => {
    const pods = [...deploymentPods('web', 'a', [injected118('1-8-0', '1.8.0')], 'new111'), ...deploymentPods('web', 'a', [injected118('1-8-0', '1.8.0'), injected118('1-8-0', '1.8.0')], 'old000').slice(0, 1)];
    pods[1].metadata.name = 'web-old000-zz';
    const { inv, snap } = build(pods);
    const [v] = verifyNamespaces(snap, inv, ['a']);
    assert.equal(v.verdict, 'fail');
    assert.match(v.workloads[0].reasons.join(' '), /older ReplicaSet/);
  });

  it('a stale bare pod is a warning (no rollout can replace it), a wrong binding a failure', () => {
    const { inv, snap } = build(deploymentPods('web', 'a', [injected118('1-8-0', '1.8.0')]), [pod('bare', 'a', injected118('1-7-6', '1.7.6'))]);
    const [v] = verifyNamespaces(snap, inv, ['a']);
    assert.equal(v.verdict, 'warn');
    assert.equal(v.workloads.find((w) => w.name === 'bare')?.verdict, 'warn');
    const [wrong] = verifyNamespaces(snap, inv, ['a'], () => '1-7-6');
    assert.equal(wrong.verdict, 'fail');
    assert.match(wrong.reason ?? '', /bound to 1-8-0, expected 1-7-6/);
    const [missing] = verifyNamespaces(snap, inv, ['nope']);
    assert.equal(missing.verdict, 'fail');
    const [plain] = verifyNamespaces(snap, inv, ['plain'], () => '1-8-0');
    assert.equal(plain.verdict, 'fail');
  });

  describe('a proxy tag that is not a version reads as unknown and never passes', () => {
    const withImage = (image: string) => ({ ...injected118('1-8-0', '1.8.0'), containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'istio-proxy', image }] });
    const cases: [string, string][] = [
      ['latest', 'docker.io/istio/proxyv2:latest'],
      ['a digest', 'docker.io/istio/proxyv2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'],
      ['an absurd number', 'docker.io/istio/proxyv2:99999999999999999999.1.1'],
      ['an empty tag', 'docker.io/istio/proxyv2:'],
      ['garbage', 'docker.io/istio/proxyv2:<img src=x onerror=alert(1)>'],
      ['no tag at all', 'docker.io/istio/proxyv2'],
    ];
    for (const [what, image] of cases) {
      it(`${what}: ${image.slice(0, 60)}`, () => {
        const { inv, snap } = build(deploymentPods('web', 'a', [withImage(image), injected118('1-8-0', '1.8.0')]));
        const proxy = snap.namespaces.find((n) => n.name === 'a')?.workloads[0].pods.find((p) => p.proxyImage === image);
        assert.equal(proxy?.proxyVersion, undefined);
        const [v] = verifyNamespaces(snap, inv, ['a'], () => '1-8-0');
        assert.equal(v.verdict, 'fail');
        assert.equal(v.workloads[0].onTarget, 1);
        assert.match(v.workloads[0].reasons.join(' '), /proxy version unknown .*cannot confirm it runs 1\.8\.0/);
        assert.doesNotMatch(v.workloads[0].reasons.join(' '), /on 1\.8\.0/);
      });
    }

    it('a revision whose own version is unknown verifies on the revision alone (nothing to compare)', () => {
      const inv = inventory();
      installRevision(inv, 'dev', 'latest');
      inv.namespaces.push(namespace('a', { 'istio.io/rev': 'dev' }));
      inv.deployments.push(deployment('web', 'a', { replicas: 1 }));
      inv.pods.push(...deploymentPods('web', 'a', [withImage('docker.io/istio/proxyv2:latest')]));
      inv.pods[inv.pods.length - 1].metadata.annotations = { ...inv.pods[inv.pods.length - 1].metadata.annotations, 'istio.io/rev': 'dev' };
      const [v] = verifyNamespaces(buildSnapshot('ctx', inv), inv, ['a'], () => 'dev');
      assert.equal(v.targetVersion, undefined);
      assert.equal(v.verdict, 'pass');
    });
  });
});
