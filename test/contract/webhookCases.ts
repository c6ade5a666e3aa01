/** MutatingWebhookConfigurations as Istio writes them: injector vs tag webhooks told apart by label selectors. */
import { strict as assert } from 'node:assert';
import type { KWebhookConfiguration, LabelSelector, Webhook } from '../../src/mesh/kubeObjects';
import { clusterError, type EnvRef } from './contractTarget';

const REV = 'ct-1-0-0';
const NOT_FALSE = { key: 'sidecar.istio.io/inject', operator: 'NotIn' as const, values: ['false'] };

function entry(name: string, url: string, namespaceSelector: LabelSelector, objectSelector: LabelSelector): Webhook {
  return {
    name,
    clientConfig: { url },
    rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
    failurePolicy: 'Fail',
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    namespaceSelector,
    objectSelector,
  };
}

/** The rev.namespace / rev.object pair of istio-model.md M3, selecting `value` (a revision or a tag). */
export function istioInjectorEntries(value: string, url: string): Webhook[] {
  const rev = { key: 'istio.io/rev', operator: 'In' as const, values: [value] };
  return [
    entry('rev.namespace.sidecar-injector.istio.io', url,
      { matchExpressions: [rev, { key: 'istio-injection', operator: 'DoesNotExist' }] }, { matchExpressions: [NOT_FALSE] }),
    entry('rev.object.sidecar-injector.istio.io', url,
      { matchExpressions: [{ key: 'istio.io/rev', operator: 'DoesNotExist' }, { key: 'istio-injection', operator: 'DoesNotExist' }] },
      { matchExpressions: [NOT_FALSE, rev] }),
  ];
}

function mwc(name: string, labels: Record<string, string>, selects: string): KWebhookConfiguration {
  // Nothing in the cluster carries these selector values, and port 9 (discard) never answers.
  return { metadata: { name, labels }, webhooks: istioInjectorEntries(selects, `https://127.0.0.1:9/inject/${REV}`) };
}

export function webhookCases(env: EnvRef): void {
  describe('mutating webhook configurations', () => {
    const created = [
      mwc(`istio-sidecar-injector-${REV}`, { 'istio.io/rev': REV, app: 'sidecar-injector' }, REV),
      mwc('istio-revision-tag-ct-prod', { 'istio.io/rev': REV, 'istio.io/tag': 'ct-prod', app: 'sidecar-injector' }, 'ct-prod'),
      mwc('istio-revision-tag-ct-canary', { 'istio.io/rev': REV, 'istio.io/tag': 'ct-canary', app: 'sidecar-injector' }, 'ct-canary'),
      mwc('ct-unrelated-webhook', { app: 'unrelated' }, 'ct-unrelated'),
    ];
    const names = async (labelSelector: string) =>
      (await env().client.list('mutatingwebhookconfigurations', { labelSelector })).items.map((w) => w.metadata.name).sort();

    it('creates injector and tag webhooks with Istio\'s selectors and reads them back unchanged', async () => {
      const { client } = env();
      for (const w of created) {
        const back = await client.create('mutatingwebhookconfigurations', w);
        assert.deepEqual(back.metadata.labels, w.metadata.labels);
        const hooks = back.webhooks ?? [];
        assert.deepEqual(hooks.map((h) => h.name), ['rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io']);
        assert.deepEqual(hooks.map((h) => h.namespaceSelector), w.webhooks?.map((h) => h.namespaceSelector));
        assert.deepEqual(hooks.map((h) => h.objectSelector), w.webhooks?.map((h) => h.objectSelector));
        assert.deepEqual(hooks.map((h) => h.clientConfig.url), w.webhooks?.map((h) => h.clientConfig.url));
        // Server defaults of admissionregistration/v1.
        assert.deepEqual(hooks.map((h) => [h.matchPolicy, h.reinvocationPolicy, h.timeoutSeconds]), [['Equivalent', 'Never', 10], ['Equivalent', 'Never', 10]]);
        assert.deepEqual((hooks[0].rules as { scope?: string }[]).map((r) => r.scope), ['*']);
      }
    });

    it('lists revision webhooks with "istio.io/rev,!istio.io/tag"', async () => {
      assert.deepEqual(await names('istio.io/rev,!istio.io/tag'), [`istio-sidecar-injector-${REV}`]);
    });

    it('lists tag webhooks with "istio.io/tag"', async () => {
      assert.deepEqual(await names('istio.io/tag'), ['istio-revision-tag-ct-canary', 'istio-revision-tag-ct-prod']);
      assert.deepEqual(await names(`istio.io/tag=ct-prod,istio.io/rev=${REV}`), ['istio-revision-tag-ct-prod']);
    });

    it('rejects a webhook without sideEffects with 422', async () => {
      const bad = mwc('ct-bad-webhook', { app: 'bad' }, 'x');
      for (const h of bad.webhooks ?? []) delete h.sideEffects;
      const err = await clusterError(() => env().client.create('mutatingwebhookconfigurations', bad));
      assert.equal(err.kind, 'invalid');
      assert.equal(err.status, 422);
      assert.match(err.message, /^invalid: MutatingWebhookConfiguration\.admissionregistration\.k8s\.io "ct-bad-webhook" is invalid: \[?webhooks\[0\]\.sideEffects: Required value: must specify one of None, NoneOnDryRun/);
    });

    it('deletes them; the selectors then find nothing', async () => {
      const { client } = env();
      for (const w of created) await client.delete('mutatingwebhookconfigurations', w.metadata.name);
      assert.deepEqual(await names('istio.io/rev'), []);
      assert.deepEqual(await names('istio.io/tag'), []);
      const err = await clusterError(() => client.get('mutatingwebhookconfigurations', created[0].metadata.name));
      assert.equal(err.kind, 'notFound');
    });
  });
}
