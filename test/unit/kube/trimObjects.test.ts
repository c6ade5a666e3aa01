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
});
