/** The contract's injector webhook on its own: AdmissionReview v1 and v1beta1 in, a JSONPatch that applies out. */
import { strict as assert } from 'node:assert';
import * as https from 'node:https';
import { applyJsonPatch, decodeJsonPatch } from '../../src/sim/patch/jsonPatch';
import { injectionPatch, startInjectorWebhook, type InjectorWebhook } from './injectorWebhook';

function post(url: string, ca: string, body: unknown): Promise<Record<string, unknown>> {
  const data = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: 'POST', ca, headers: { 'Content-Type': 'application/json', 'Content-Length': data.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>));
    });
    req.on('error', reject);
    req.end(data);
  });
}

const review = (apiVersion: string, pod: unknown) => ({
  apiVersion, kind: 'AdmissionReview',
  request: { uid: 'u-1', kind: { group: '', version: 'v1', kind: 'Pod' }, operation: 'CREATE', namespace: 'a', object: pod },
});

describe('contract injector webhook', () => {
  let webhook: InjectorWebhook;
  let url = '';
  let ca = '';
  before(async () => {
    webhook = await startInjectorWebhook();
    const cc = webhook.clientConfig('1-8-0', '1.8.0');
    url = cc.url;
    ca = Buffer.from(cc.caBundle, 'base64').toString('utf8');
  });
  after(() => webhook.stop());

  for (const apiVersion of ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']) {
    it(`answers ${apiVersion} with a JSONPatch adding istio-proxy and the revision annotations`, async () => {
      const pod = { metadata: { generateName: 'web-', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } };
      const answer = await post(url, ca, review(apiVersion, pod));
      assert.equal(answer.apiVersion, apiVersion);
      const response = answer.response as { uid: string; allowed: boolean; patchType: string; patch: string };
      assert.deepEqual([response.uid, response.allowed, response.patchType], ['u-1', true, 'JSONPatch']);
      const patched = applyJsonPatch(pod, decodeJsonPatch(Buffer.from(response.patch, 'base64').toString('utf8'))) as {
        metadata: { annotations: Record<string, string> }; spec: { containers: { name: string; image: string }[] };
      };
      assert.deepEqual(patched.spec.containers.map((c) => `${c.name}=${c.image}`), ['web=web:1', 'istio-proxy=docker.io/istio/proxyv2:1.8.0']);
      assert.equal(patched.metadata.annotations['istio.io/rev'], '1-8-0');
      assert.equal(JSON.parse(patched.metadata.annotations['sidecar.istio.io/status']).revision, '1-8-0');
    });
  }

  it('sets the image of a gateway pod\'s own istio-proxy container (image: auto) instead of adding a second one', () => {
    const pod = { metadata: { annotations: { 'inject.istio.io/templates': 'gateway' } }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } };
    const patched = applyJsonPatch(pod, injectionPatch(pod, '1-10-4', 'docker.io/istio/proxyv2:1.10.4')) as { spec: { containers: { name: string; image: string }[] } };
    assert.deepEqual(patched.spec.containers.map((c) => `${c.name}=${c.image}`), ['istio-proxy=docker.io/istio/proxyv2:1.10.4']);
  });

  it('leaves opted-out and already injected pods alone, and refuses an unknown revision', async () => {
    const optedOut = { metadata: { labels: { 'sidecar.istio.io/inject': 'false' } }, spec: { containers: [] } };
    const skipped = (await post(url, ca, review('admission.k8s.io/v1', optedOut))).response as { allowed: boolean; patch?: string };
    assert.deepEqual([skipped.allowed, skipped.patch], [true, undefined]);
    const injected = { metadata: { annotations: { 'sidecar.istio.io/status': '{}' } }, spec: { containers: [] } };
    assert.equal(((await post(url, ca, review('admission.k8s.io/v1', injected))).response as { patch?: string }).patch, undefined);
    const unknown = await post(url.replace('/inject/1-8-0', '/inject/nope'), ca, review('admission.k8s.io/v1', optedOut));
    assert.equal((unknown.response as { allowed: boolean }).allowed, false);
    assert.equal(webhook.injected('1-8-0'), 2);
  });
});
