import { strict as assert } from 'node:assert';
import { trimObject } from '../../../src/kube/trimObjects';

describe('kube/trimObjects', () => {
  it('keeps only webhook entries the API allows (a mapping with a name), each with a clientConfig mapping', () => {
    const trimmed = trimObject('mutatingwebhookconfigurations', {
      metadata: { name: 'istio-sidecar-injector' },
      webhooks: [null, 'x', { name: 3 }, { name: 'a.istio.io' }, { name: 'b.istio.io', clientConfig: { service: { name: 'istiod', namespace: 'istio-system' } } }],
    });
    assert.deepEqual(trimmed.webhooks, [
      { name: 'a.istio.io', clientConfig: {} },
      { name: 'b.istio.io', clientConfig: { service: { name: 'istiod', namespace: 'istio-system' } } },
    ]);
    assert.equal(trimObject('mutatingwebhookconfigurations', { metadata: { name: 'x' }, webhooks: 'nope' }).webhooks, undefined);
  });

  it('Pods keep what the model reads; a ReplicaSet\'s Pods share their spec, status and maps, and shared parts are frozen', () => {
    const raw = (name: string, ready: string, extra: Record<string, unknown> = {}) => ({
      metadata: {
        name, namespace: 'shop', uid: `u-${name}`, resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z',
        labels: { app: 'cart', 'pod-template-hash': 'abc' }, annotations: { 'sidecar.istio.io/status': '{"revision":"1-8-0"}' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'cart-abc', uid: 'rs', controller: true }],
        managedFields: [{ manager: 'kubelet' }], ...extra,
      },
      spec: { containers: [{ name: 'app', image: 'cart:1', env: [{ name: 'X', value: 'y' }] }, { name: 'istio-proxy', image: 'proxyv2:1.8.0', readinessProbe: { httpGet: {} } }], volumes: [{ name: 'v' }] },
      status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: ready }], containerStatuses: [{}] },
    });
    const a = trimObject('pods', raw('a', 'True'));
    const b = trimObject('pods', raw('b', 'True'));
    const c = trimObject('pods', raw('c', 'False'));
    assert.deepEqual(a, {
      metadata: {
        name: 'a', namespace: 'shop', labels: { app: 'cart', 'pod-template-hash': 'abc' }, annotations: { 'sidecar.istio.io/status': '{"revision":"1-8-0"}' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'cart-abc', uid: 'rs', controller: true }],
      },
      spec: { containers: [{ name: 'app', image: 'cart:1' }, { name: 'istio-proxy', image: 'proxyv2:1.8.0', readinessProbe: {} }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    assert.equal(a.spec, b.spec);
    assert.equal(a.status, b.status);
    assert.notEqual(a.status, c.status);
    assert.deepEqual(c.status, { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] });
    assert.equal(a.metadata.labels, b.metadata.labels);
    assert.ok(Object.isFrozen(a.spec) && Object.isFrozen(a.status) && Object.isFrozen(a.status?.conditions));
    assert.throws(() => { (a.status as { phase?: string }).phase = 'Failed'; }, TypeError);

    const other = trimObject('pods', { ...raw('d', 'True'), spec: { containers: [{ name: 'app', image: 'cart:2' }] } });
    assert.notEqual(other.spec, a.spec);
    assert.deepEqual(other.spec, { containers: [{ name: 'app', image: 'cart:2' }] });
    const terminating = trimObject('pods', raw('e', 'True', { deletionTimestamp: '2026-01-02T00:00:00Z', labels: undefined }));
    assert.deepEqual(terminating.metadata.deletionTimestamp, '2026-01-02T00:00:00Z');
    assert.equal(terminating.metadata.labels, undefined);
    assert.deepEqual(trimObject('pods', { metadata: { name: 'bare' }, spec: {}, status: {} }), { metadata: { name: 'bare' }, spec: { containers: [] }, status: {} });
  });
});
