import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { deployment, deploymentPods, injected111, installRevision, inventory, namespace, proxyImage } from './fixtures';

describe('opted-out pods (sidecar.istio.io/inject=false)', () => {
  it('a pre-1.7 IOP gateway whose proxy is in its own spec is not stale: a restart would keep it', () => {
    const inv = inventory();
    installRevision(inv, 'default', '1.6.14', { legacy: true });
    inv.namespaces.push(namespace('istio-system'));
    inv.deployments.push(deployment('istio-ingressgateway', 'istio-system', { templateLabels: { 'sidecar.istio.io/inject': 'false', 'istio.io/rev': 'default' } }));
    inv.pods.push(...deploymentPods('istio-ingressgateway', 'istio-system', [{
      labels: { 'sidecar.istio.io/inject': 'false', 'istio.io/rev': 'default' },
      containers: [{ name: 'istio-proxy', image: proxyImage('1.6.14') }],
    }]));
    const gw = buildSnapshot('c', inv).namespaces.find((n) => n.name === 'istio-system')?.workloads.find((w) => w.name === 'istio-ingressgateway');
    assert.equal(gw?.pods[0].proxyVersion, '1.6.14');
    assert.equal(gw?.pods[0].needsRestart, false);
  });

  it('an injected pod that has since opted out needs a restart to lose its proxy', () => {
    const inv = inventory();
    installRevision(inv, '1-20-0', '1.20.0');
    inv.namespaces.push(namespace('a', { 'istio.io/rev': '1-20-0' }));
    inv.deployments.push(deployment('w', 'a', { templateLabels: { 'sidecar.istio.io/inject': 'false' } }));
    const opts = injected111('1-20-0', '1.20.0');
    inv.pods.push(...deploymentPods('w', 'a', [{ ...opts, labels: { ...opts.labels, 'sidecar.istio.io/inject': 'false' } }]));
    const p = buildSnapshot('c', inv).namespaces.find((n) => n.name === 'a')?.workloads[0].pods[0];
    assert.equal(p?.needsRestart, true);
    assert.match(p?.restartReason ?? '', /removes the proxy/);
  });
});
