import { strict as assert } from 'node:assert';
import { discoverIstioNamespaces, gatewayNamespaces, isIstioWebhookConfiguration } from '../../../src/kube/istioNamespaces';
import type { KWebhookConfiguration, KWorkload } from '../../../src/mesh/kubeObjects';

function hook(name: string, labels: Record<string, string>, entries: [string, string | undefined][]): KWebhookConfiguration {
  return {
    metadata: { name, labels },
    webhooks: entries.map(([n, ns]) => ({ name: n, clientConfig: ns ? { service: { name: 'istiod', namespace: ns } } : { url: 'https://remote:15017/inject' } })),
  };
}

describe('kube/istioNamespaces', () => {
  it('recognises Istio webhooks by label or entry name, not other products', () => {
    assert.equal(isIstioWebhookConfiguration(hook('x', { 'istio.io/tag': 'prod' }, [])), true);
    assert.equal(isIstioWebhookConfiguration(hook('istio-sidecar-injector', {}, [['sidecar-injector.istio.io', 'istio-system']])), true);
    assert.equal(isIstioWebhookConfiguration(hook('gatekeeper', { app: 'gatekeeper' }, [['validation.gatekeeper.sh', 'gatekeeper-system']])), false);
  });

  it('collects webhook service namespaces and istiod Deployments; istio-system when none', () => {
    const istiod: KWorkload = { metadata: { name: 'istiod-1-8', namespace: 'istio-canary', labels: { app: 'istiod' } } };
    const other: KWorkload = { metadata: { name: 'web', namespace: 'demo', labels: { app: 'web' } } };
    const webhooks = [
      hook('istio-sidecar-injector', { 'istio.io/rev': 'default' }, [['namespace.sidecar-injector.istio.io', 'istio-system']]),
      hook('istio-revision-tag-prod', { 'istio.io/tag': 'prod' }, [['rev.namespace.sidecar-injector.istio.io', undefined]]),
      hook('kyverno', {}, [['validate.kyverno.svc', 'kyverno']]),
    ];
    assert.deepEqual(discoverIstioNamespaces(webhooks, [istiod, other]), ['istio-canary', 'istio-system']);
    assert.deepEqual(discoverIstioNamespaces([], [other]), ['istio-system']);
  });

  it('reads untrimmed objects of any shape without throwing (null entries, missing clientConfig, non-string fields)', () => {
    const garbage = [
      { metadata: { name: 'g', labels: { 'istio.io/rev': 'x' } }, webhooks: [null, 'x', 42, { name: 7 }, { name: 'a.istio.io', clientConfig: 'nope' }, { name: 'b.istio.io', clientConfig: { service: { namespace: 5 } } }] },
      { metadata: { name: 'h' }, webhooks: 'not a list' },
      { metadata: { name: 'i' }, webhooks: [{ name: 'c.istio.io', clientConfig: { service: { name: 'istiod', namespace: 'istio-x' } } }] },
    ] as unknown as KWebhookConfiguration[];
    const deployments = [{ metadata: { name: 'd', labels: null, namespace: 3 } }] as unknown as KWorkload[];
    assert.deepEqual(discoverIstioNamespaces(garbage, deployments), ['istio-x']);
    assert.equal(isIstioWebhookConfiguration(garbage[1]), false);
  });

  it('adds the namespaces of Helm and IstioOperator gateways outside the control plane, not waypoints or apps', () => {
    const tpl = (labels: Record<string, string>, annotations: Record<string, string> = {}) => ({ metadata: { labels, annotations }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } });
    const helm: KWorkload = { metadata: { name: 'istio-ingress', namespace: 'istio-ingress' }, spec: { template: tpl({ 'sidecar.istio.io/inject': 'true' }, { 'inject.istio.io/templates': 'gateway' }) } } as unknown as KWorkload;
    const iop: KWorkload = { metadata: { name: 'istio-egressgateway', namespace: 'egress', labels: { istio: 'egressgateway' } }, spec: { template: tpl({ istio: 'egressgateway' }) } } as unknown as KWorkload;
    const inside: KWorkload = { metadata: { name: 'istio-ingressgateway', namespace: 'istio-system', labels: { istio: 'ingressgateway' } }, spec: { template: tpl({ istio: 'ingressgateway' }) } } as unknown as KWorkload;
    const waypoint: KWorkload = { metadata: { name: 'waypoint', namespace: 'shop', labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller' } }, spec: { template: tpl({ 'gateway.networking.k8s.io/gateway-name': 'waypoint' }) } } as unknown as KWorkload;
    const app: KWorkload = { metadata: { name: 'web', namespace: 'demo' }, spec: { template: tpl({ app: 'web' }) } } as unknown as KWorkload;
    assert.deepEqual(gatewayNamespaces([helm, iop, inside, waypoint, app], ['istio-system']), ['egress', 'istio-ingress']);
  });
});
