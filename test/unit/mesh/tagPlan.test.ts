import { strict as assert } from 'node:assert';
import { listTags, planTagRemove, planTagSet } from '../../../src/mesh/tagPlan';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import type { KWebhookConfiguration, Webhook } from '../../../src/mesh/kubeObjects';
import { findWebhookOverlaps } from '../../../src/mesh/webhookOverlap';
import {
  defaultValidator, injectorMwc, installRevision, inventory, istiodService, namespace, tagMwc, tagService,
} from './fixtures';
import { ok, prodCanary } from './tagFixtures';

const carried = {
  clientConfig: { service: { name: 'istiod-1-8-0', namespace: 'istio-system', path: '/inject', port: 443 }, caBundle: 'Q0E=' },
  rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
  sideEffects: 'None',
  failurePolicy: 'Fail',
  admissionReviewVersions: ['v1beta1', 'v1'],
  reinvocationPolicy: 'Never',
};
const notFalse = { key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] };

function expectedTagMwc(tag: string, rev: string, extra: Webhook[] = []): KWebhookConfiguration {
  const byTag = { key: 'istio.io/rev', operator: 'In', values: [tag] };
  return {
    metadata: {
      name: `istio-revision-tag-${tag}`,
      labels: {
        'istio.io/tag': tag, 'istio.io/rev': rev, app: 'sidecar-injector', 'operator.istio.io/component': 'Pilot',
        'install.operator.istio.io/owning-resource': 'unknown', 'app.kubernetes.io/name': 'istiod', 'app.kubernetes.io/part-of': 'istio',
      },
    },
    webhooks: [
      { name: 'rev.namespace.sidecar-injector.istio.io', ...carried, namespaceSelector: { matchExpressions: [byTag, { key: 'istio-injection', operator: 'DoesNotExist' }] }, objectSelector: { matchExpressions: [notFalse] } },
      { name: 'rev.object.sidecar-injector.istio.io', ...carried, namespaceSelector: { matchExpressions: [{ key: 'istio.io/rev', operator: 'DoesNotExist' }, { key: 'istio-injection', operator: 'DoesNotExist' }] }, objectSelector: { matchExpressions: [notFalse, byTag] } },
      ...extra,
    ] as Webhook[],
  };
}

describe('revision tag planning (istioctl tag set / remove)', () => {
  describe('refusals, in istioctl wording', () => {
    it('refuses a tag named like an existing revision', () => {
      const r = planTagSet(prodCanary(), '1-7-6', '1-8-0');
      assert.equal(r.ok, false);
      assert.ok(!r.ok && r.reason === 'revision-name');
      assert.ok(!r.ok && r.error === 'cannot create revision tag "1-7-6": found existing control plane revision with same name');
    });

    it('with --overwrite a tag named like a revision still fails: both webhooks select istio.io/rev=<name> (IST0139)', () => {
      const r = planTagSet(prodCanary(), '1-7-6', '1-8-0', { overwrite: true });
      assert.ok(!r.ok && r.reason === 'overlap', JSON.stringify(r));
      assert.match(!r.ok ? r.error : '', /creating tag would conflict:\nError \[IST0139\] \(MutatingWebhookConfiguration istio-revision-tag-1-7-6\) Webhook overlaps with others: \[istio-sidecar-injector-1-7-6\/rev\.namespace\.sidecar-injector\.istio\.io istio-sidecar-injector-1-7-6\/rev\.object/);
    });

    it('does not apply the revision-name check to the default tag', () => {
      const inv = inventory();
      installRevision(inv, '', '1.7.6');
      installRevision(inv, '1-8-0', '1.8.0');
      const r = planTagSet(inv, 'default', '1-8-0');
      assert.equal(r.ok, true, JSON.stringify(r));
    });

    it('refuses a target revision without a canonical injector webhook', () => {
      const r = planTagSet(prodCanary(), 'stable', '1-9-0');
      assert.ok(!r.ok && r.reason === 'no-injector');
      assert.ok(!r.ok && r.error === 'cannot modify tag: cannot find MutatingWebhookConfiguration or Service with revision "1-9-0"');
    });

    it('refuses a target revision with several canonical injector webhooks', () => {
      const inv = prodCanary();
      inv.mutatingWebhooks.push({ ...injectorMwc('1-8-0'), metadata: { ...injectorMwc('1-8-0').metadata, name: 'istio-sidecar-injector-1-8-0-copy' } });
      const r = planTagSet(inv, 'stable', '1-8-0');
      assert.ok(!r.ok && r.reason === 'multiple-injectors');
      assert.match(!r.ok ? r.error : '', /^cannot modify tag: found multiple canonical webhooks or services with revision "1-8-0"/);
    });

    it('refuses to move an existing tag without --overwrite (webhook or tag Service)', () => {
      const r = planTagSet(prodCanary(), 'prod', '1-8-0');
      assert.ok(!r.ok && r.reason === 'exists');
      assert.ok(!r.ok && r.error === 'revision tag "prod" already exists, and --overwrite is false');
      const svcOnly = prodCanary();
      svcOnly.services.push(tagService('stable', '1-7-6'));
      const s = planTagSet(svcOnly, 'stable', '1-8-0');
      assert.ok(!s.ok && s.reason === 'exists');
    });

    it('refuses a new tag whose selectors overlap an existing webhook (a hand-made webhook selecting the same label)', () => {
      const inv = prodCanary();
      const rogue = injectorMwc('1-7-6');
      rogue.metadata = { name: 'rogue-injector', labels: { 'istio.io/rev': 'x-rogue' } };
      rogue.webhooks = [{ ...(rogue.webhooks as Webhook[])[0], namespaceSelector: { matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['stable', 'other'] }] }, objectSelector: undefined }];
      inv.mutatingWebhooks.push(rogue);
      const r = planTagSet(inv, 'stable', '1-8-0');
      assert.ok(!r.ok && r.reason === 'overlap', JSON.stringify(r));
      assert.match(!r.ok ? r.error : '', /rogue-injector\/rev\.namespace\.sidecar-injector\.istio\.io/);
    });

    it('refuses a tag name that is not a DNS-1123 label', () => {
      for (const bad of ['Prod', 'a.b', '-x', '', 'x'.repeat(64)]) {
        const r = planTagSet(prodCanary(), bad, '1-8-0');
        assert.ok(!r.ok && r.reason === 'invalid-name', bad);
      }
    });
  });

  describe('the rendered objects', () => {
    it('renders istio-revision-tag-<tag> exactly as istioctl does, from the revision injector', () => {
      const p = ok(planTagSet(prodCanary(), 'stable', '1-8-0'));
      assert.equal(p.writes.length, 1);
      assert.equal(p.writes[0].op, 'apply');
      assert.equal(p.writes[0].previous, undefined);
      assert.deepEqual(p.writes[0].object, expectedTagMwc('stable', '1-8-0'));
      assert.deepEqual(p.namespaces, []);
      assert.equal(p.previousRevision, undefined);
      assert.ok(p.notes.some((n) => n.includes("kubectl label namespace <NAMESPACE> istio.io/rev=stable")));
    });

    it('a move (--overwrite) replaces the existing webhook and lists the namespaces it moves; nothing changes until restart', () => {
      const inv = prodCanary();
      const p = ok(planTagSet(inv, 'prod', '1-8-0', { overwrite: true }));
      assert.equal(p.previousRevision, '1-7-6');
      assert.deepEqual(p.writes.map((w) => [w.op, w.kind, w.name]), [['apply', 'mutatingwebhookconfigurations', 'istio-revision-tag-prod']]);
      assert.equal(p.writes[0].previous, inv.mutatingWebhooks.find((m) => m.metadata.name === 'istio-revision-tag-prod'));
      assert.deepEqual(p.writes[0].object, expectedTagMwc('prod', '1-8-0'));
      assert.deepEqual(p.namespaces, ['a', 'b']);
      assert.ok(p.notes.some((n) => /changes nothing for running pods/.test(n) && n.includes('a, b')));
    });

    it('copies a url clientConfig (external istiod) with its caBundle', () => {
      const inv = inventory();
      installRevision(inv, '1-7-6', '1.7.6');
      inv.mutatingWebhooks.push(injectorMwc('ext', { url: 'https://istiod.example:15017/inject/cluster/c1/net/n1' }));
      const p = ok(planTagSet(inv, 'remote', 'ext'));
      const wh = (p.writes[0].object as KWebhookConfiguration).webhooks ?? [];
      assert.deepEqual(wh.map((w) => w.clientConfig), [
        { url: 'https://istiod.example:15017/inject/cluster/c1/net/n1', caBundle: 'Q0E=' },
        { url: 'https://istiod.example:15017/inject/cluster/c1/net/n1', caBundle: 'Q0E=' },
      ]);
    });

    it('the default tag adds namespace.* and object.* entries, re-points istiod-default-validator and deactivates the revisionless injector', () => {
      const inv = inventory();
      installRevision(inv, '', '1.7.6');
      installRevision(inv, '1-8-0', '1.8.0');
      inv.validatingWebhooks.push(defaultValidator('default'));
      inv.namespaces.push(namespace('d', { 'istio-injection': 'enabled' }), namespace('x', { 'istio.io/rev': 'default' }), namespace('y', { 'istio-injection': 'disabled', 'istio.io/rev': 'default' }));
      const p = ok(planTagSet(inv, 'default', '1-8-0'));
      const mwc = p.writes.find((w) => w.name === 'istio-revision-tag-default')?.object as KWebhookConfiguration;
      const extra: Webhook[] = [
        { name: 'namespace.sidecar-injector.istio.io', ...carried, namespaceSelector: { matchExpressions: [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }] }, objectSelector: { matchExpressions: [notFalse] } } as Webhook,
        { name: 'object.sidecar-injector.istio.io', ...carried, namespaceSelector: { matchExpressions: [{ key: 'istio-injection', operator: 'DoesNotExist' }, { key: 'istio.io/rev', operator: 'DoesNotExist' }] }, objectSelector: { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] }, { key: 'istio.io/rev', operator: 'DoesNotExist' }] } } as Webhook,
      ];
      assert.deepEqual(mwc, expectedTagMwc('default', '1-8-0', extra));
      const deactivated = p.writes.find((w) => w.name === 'istio-sidecar-injector')?.object as KWebhookConfiguration;
      assert.ok(deactivated.webhooks?.every((w) => w.namespaceSelector?.matchLabels?.['istio.io/deactivated'] === 'never-match'));
      const vwc = p.writes.find((w) => w.kind === 'validatingwebhookconfigurations');
      assert.equal(vwc?.name, 'istiod-default-validator');
      assert.equal((vwc?.object as KWebhookConfiguration).metadata.labels?.['istio.io/rev'], '1-8-0');
      assert.equal((vwc?.object as KWebhookConfiguration).webhooks?.[0].clientConfig.service?.name, 'istiod-1-8-0');
      assert.deepEqual(p.namespaces, ['d', 'x']);
    });

    it('renders the 1.27+ tag Service when the revision has tag Services, with the istiod Service ports', () => {
      const inv = prodCanary();
      inv.services.push(tagService('canary', '1-8-0'));
      const p = ok(planTagSet(inv, 'canary', '1-8-0', { overwrite: true }));
      const svc = p.writes.find((w) => w.kind === 'services');
      assert.deepEqual(svc?.object, {
        metadata: { name: 'istiod-revision-tag-canary', namespace: 'istio-system', labels: { 'istio.io/tag': 'canary', 'istio.io/rev': '1-8-0', app: 'istiod', istio: 'pilot' } },
        spec: { selector: { app: 'istiod', 'istio.io/rev': '1-8-0' }, ports: istiodService('1-8-0').spec?.ports },
      });
      assert.ok(svc?.previous);
      const noSvc = ok(planTagSet(prodCanary(), 'stable', '1-8-0'));
      assert.ok(!noSvc.writes.some((w) => w.kind === 'services'));
    });

    it('the new webhook does not overlap any other Istio webhook', () => {
      const inv = prodCanary();
      const p = ok(planTagSet(inv, 'prod', '1-8-0', { overwrite: true }));
      const others = inv.mutatingWebhooks.filter((m) => m.metadata.name !== 'istio-revision-tag-prod');
      assert.deepEqual(findWebhookOverlaps(p.writes[0].object as KWebhookConfiguration, others), []);
    });
  });

  describe('tag remove and list', () => {
    it('deletes the tag webhook, VWCs and Services labelled with the tag, with istioctl\'s caution', () => {
      const inv = prodCanary();
      inv.services.push(tagService('canary', '1-8-0'));
      inv.validatingWebhooks.push({ metadata: { name: 'istio-validator-canary', labels: { 'istio.io/tag': 'canary' } }, webhooks: [] });
      const r = planTagRemove(inv, 'canary');
      assert.ok(r.ok);
      const p = r.ok ? r.plan : undefined;
      assert.deepEqual(p?.writes.map((w) => [w.op, w.kind, w.name]), [
        ['delete', 'mutatingwebhookconfigurations', 'istio-revision-tag-canary'],
        ['delete', 'validatingwebhookconfigurations', 'istio-validator-canary'],
        ['delete', 'services', 'istiod-revision-tag-canary'],
      ]);
      assert.equal(p?.warning, 'Caution, found 1 namespace still injected by tag "canary": c');
      assert.equal(p?.revision, '1-8-0');
    });

    it('no warning for an unused tag; refusal for a tag that does not exist', () => {
      const inv = prodCanary();
      inv.mutatingWebhooks.push(tagMwc('unused', '1-8-0'));
      const r = planTagRemove(inv, 'unused');
      assert.ok(r.ok && r.plan.warning === undefined);
      const missing = planTagRemove(inv, 'nope');
      assert.ok(!missing.ok && missing.reason === 'not-found');
      assert.equal(!missing.ok && missing.error, 'cannot remove tag "nope": cannot find MutatingWebhookConfiguration or Service for tag');
    });

    it('lists tags as istioctl tag list does (namespaces labelled istio.io/rev=<tag> only)', () => {
      assert.deepEqual(listTags(prodCanary()), [
        { tag: 'prod', revision: '1-7-6', namespaces: ['a', 'b'] },
        { tag: 'canary', revision: '1-8-0', namespaces: ['c'] },
      ]);
    });

    it('after applying a move, the snapshot resolves the tag to the new revision', () => {
      const inv = prodCanary();
      const p = ok(planTagSet(inv, 'prod', '1-8-0', { overwrite: true }));
      inv.mutatingWebhooks = inv.mutatingWebhooks.map((m) => (m.metadata.name === 'istio-revision-tag-prod' ? p.writes[0].object as KWebhookConfiguration : m));
      const s = buildSnapshot('ctx', inv);
      assert.equal(s.tags.find((t) => t.name === 'prod')?.revision, '1-8-0');
      assert.equal(s.namespaces.find((n) => n.name === 'a')?.target?.revision, '1-8-0');
    });
  });
});
