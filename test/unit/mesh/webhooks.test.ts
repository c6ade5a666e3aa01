import { strict as assert } from 'node:assert';
import { classifyMutatingWebhooks, isDeactivated, revisionFromServiceName, selectsInjectionEnabled, webhookEntries } from '../../../src/mesh/webhooks';
import { injectorMwc, legacyInjectorMwc, tagMwc } from './fixtures';

describe('webhooks: injector vs tag MWCs (istio-model.md M3/M4)', () => {
  it('a webhook with istio.io/rev and no istio.io/tag is a revision injector', () => {
    const w: string[] = [];
    const { injectors, tags } = classifyMutatingWebhooks([injectorMwc('1-8-0'), injectorMwc('')], w);
    assert.deepEqual(injectors.map((i) => [i.config, i.revision]), [['istio-sidecar-injector-1-8-0', '1-8-0'], ['istio-sidecar-injector', 'default']]);
    assert.equal(tags.length, 0);
    assert.deepEqual(w, []);
  });

  it('a webhook with istio.io/tag is a tag, whatever else it has', () => {
    const w: string[] = [];
    const { injectors, tags } = classifyMutatingWebhooks([tagMwc('prod', '1-7-6')], w);
    assert.equal(injectors.length, 0);
    assert.deepEqual(tags.map((t) => [t.config, t.tag, t.revision]), [['istio-revision-tag-prod', 'prod', '1-7-6']]);
  });

  it('an unlabeled istio-sidecar-injector[-<ns>] is the revisionless ("default") injector of an old install', () => {
    const plain = legacyInjectorMwc('', { withRevLabel: false });
    const nsSuffixed = { ...legacyInjectorMwc('', { withRevLabel: false }), metadata: { name: 'istio-sidecar-injector-istio-control' } };
    const { injectors } = classifyMutatingWebhooks([plain, nsSuffixed], []);
    assert.deepEqual(injectors.map((i) => i.revision), ['default', 'default']);
  });

  it('ignores unrelated webhooks without Istio labels', () => {
    const other = { metadata: { name: 'cert-manager-webhook', labels: { app: 'webhook' } }, webhooks: [] };
    const { injectors, tags } = classifyMutatingWebhooks([other], []);
    assert.equal(injectors.length + tags.length, 0);
  });

  it('an empty istio.io/rev label reads as "default"', () => {
    const mwc = injectorMwc('x');
    mwc.metadata.labels = { 'istio.io/rev': '' };
    assert.equal(classifyMutatingWebhooks([mwc], []).injectors[0].revision, 'default');
  });

  it('reads an unlabeled istio-revision-tag-<tag>[-<ns>] as a tag, with a warning', () => {
    const w: string[] = [];
    const a = tagMwc('prod', '1-7-6');
    a.metadata.labels = {};
    const b = tagMwc('default', '1-8-0', { istioNamespace: 'istio-control' });
    b.metadata.labels = {};
    const { tags, injectors } = classifyMutatingWebhooks([a, b], w);
    assert.equal(injectors.length, 0);
    assert.deepEqual(tags.map((t) => [t.tag, t.revision]), [['prod', '1-7-6'], ['default', '1-8-0']]);
    assert.equal(w.length, 2);
    assert.match(w[0], /looks like a revision tag/);
  });

  it('a tag webhook without istio.io/rev falls back to its service name, with a warning', () => {
    const w: string[] = [];
    const t = tagMwc('canary', '1-8-0');
    delete t.metadata.labels!['istio.io/rev'];
    assert.equal(classifyMutatingWebhooks([t], w).tags[0].revision, '1-8-0');
    assert.match(w[0], /no istio.io\/rev label; using 1-8-0/);
  });

  it('revisionFromServiceName keeps dots (vendor revisions) and knows istiod = default', () => {
    assert.equal(revisionFromServiceName('istiod'), 'default');
    assert.equal(revisionFromServiceName('istiod-cp-v117x.istio-system'), 'cp-v117x.istio-system');
    assert.equal(revisionFromServiceName('istiod-'), undefined);
    assert.equal(revisionFromServiceName('pilot'), undefined);
    assert.equal(revisionFromServiceName(undefined), undefined);
  });

  it('selectsInjectionEnabled finds namespace.* and 1.6-style entries only', () => {
    const byName = (cfg: Parameters<typeof webhookEntries>[0]) => Object.fromEntries(webhookEntries(cfg).map((e) => [e.name, selectsInjectionEnabled(e)]));
    assert.deepEqual(byName(injectorMwc('')), {
      'rev.namespace.sidecar-injector.istio.io': false,
      'rev.object.sidecar-injector.istio.io': false,
      'namespace.sidecar-injector.istio.io': true,
      'object.sidecar-injector.istio.io': false,
    });
    assert.deepEqual(byName(legacyInjectorMwc('')), { 'sidecar-injector.istio.io': true });
    assert.deepEqual(byName(legacyInjectorMwc('canary')), { 'sidecar-injector.istio.io': false });
    assert.deepEqual(byName(injectorMwc('1-8-0')), { 'rev.namespace.sidecar-injector.istio.io': false, 'rev.object.sidecar-injector.istio.io': false });
  });

  it('isDeactivated detects istioctl\'s never-match selectors', () => {
    const mwc = injectorMwc('');
    for (const wh of mwc.webhooks!) {
      wh.namespaceSelector = { matchLabels: { 'istio.io/deactivated': 'never-match' } };
      wh.objectSelector = { matchLabels: { 'istio.io/deactivated': 'never-match' } };
    }
    const entries = webhookEntries(mwc);
    assert.equal(isDeactivated(entries), true);
    assert.equal(entries.some(selectsInjectionEnabled), false);
    assert.equal(isDeactivated(webhookEntries(injectorMwc(''))), false);
    assert.equal(isDeactivated([]), false);
  });

  it('webhookEntries survives null webhooks, missing clientConfig and junk selectors', () => {
    assert.deepEqual(webhookEntries({ webhooks: null }), []);
    assert.deepEqual(webhookEntries(null), []);
    const entries = webhookEntries({ webhooks: [null, 3, { name: 7, clientConfig: null, namespaceSelector: { matchLabels: { a: 1, b: 'x' }, matchExpressions: [null, { key: 'k' }, { key: 'k', operator: 'Weird', values: [1, 'v'] }] } }] });
    assert.equal(entries.length, 1);
    assert.equal(entries[0].name, '');
    assert.deepEqual(entries[0].namespaceSelector, { matchLabels: { b: 'x' }, matchExpressions: [{ key: 'k', operator: 'Weird', values: ['v'] }] });
    assert.equal(selectsInjectionEnabled(entries[0]), false);
  });
});
