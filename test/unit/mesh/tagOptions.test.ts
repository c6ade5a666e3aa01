import { strict as assert } from 'node:assert';
import { planTagRemove, planTagSet, type TagSetPlan } from '../../../src/mesh/tagPlan';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import type { KWebhookConfiguration } from '../../../src/mesh/kubeObjects';
import { findWebhookOverlaps } from '../../../src/mesh/webhookOverlap';
import { CHART_AUTO_SELECTORS, defaultValidator, injectorMwc, namespace, withAutoEntry } from './fixtures';
import { ok, prodCanary } from './tagFixtures';

function mwcOf(p: TagSetPlan, name = p.webhookName): KWebhookConfiguration {
  const w = p.writes.find((x) => x.kind === 'mutatingwebhookconfigurations' && x.name === name && x.op === 'apply');
  if (!w?.object) throw new Error(`no apply of ${name}: ${p.writes.map((x) => x.summary).join('; ')}`);
  return w.object as KWebhookConfiguration;
}

function withoutName(m: KWebhookConfiguration): KWebhookConfiguration {
  return { ...m, metadata: { ...m.metadata, name: '' } };
}

describe('tag set --webhook-name (istioctl generate.go: decodedWh.Name = opts.WebhookName)', () => {
  it('renders the same webhook under the given name; the tag is found by its istio.io/tag label', () => {
    const inv = prodCanary();
    const plain = ok(planTagSet(inv, 'stable', '1-8-0'));
    const p = ok(planTagSet(inv, 'stable', '1-8-0', { webhookName: 'stable-injector.example.com' }));
    assert.equal(p.webhookName, 'stable-injector.example.com');
    assert.deepEqual(p.writes.map((w) => [w.op, w.name, w.previous]), [['apply', 'stable-injector.example.com', undefined]]);
    assert.deepEqual(withoutName(mwcOf(p)), withoutName(mwcOf(plain)));
    assert.equal(p.istioctl, 'istioctl tag set stable --revision 1-8-0 --webhook-name stable-injector.example.com');
    assert.equal(plain.istioctl, 'istioctl tag set stable --revision 1-8-0');

    inv.mutatingWebhooks.push(mwcOf(p));
    assert.deepEqual(buildSnapshot('ctx', inv).tags.find((t) => t.name === 'stable'), { name: 'stable', revision: '1-8-0', webhook: 'stable-injector.example.com' });
    const removal = planTagRemove(inv, 'stable');
    assert.ok(removal.ok);
    assert.deepEqual(removal.ok && removal.plan.writes.map((w) => [w.op, w.name]), [['delete', 'stable-injector.example.com']]);
  });

  it('a move without --webhook-name keeps the custom name (replace); with another name it creates the new webhook, then deletes the old', () => {
    const inv = prodCanary();
    inv.mutatingWebhooks.push(mwcOf(ok(planTagSet(inv, 'stable', '1-7-6', { webhookName: 'my-stable' }))));
    const kept = ok(planTagSet(inv, 'stable', '1-8-0', { overwrite: true }));
    assert.equal(kept.previousRevision, '1-7-6');
    assert.deepEqual(kept.writes.map((w) => [w.op, w.name]), [['apply', 'my-stable']]);
    assert.equal(kept.writes[0].previous, inv.mutatingWebhooks.find((m) => m.metadata.name === 'my-stable'));
    assert.match(kept.istioctl, /--overwrite --webhook-name my-stable$/);

    const renamed = ok(planTagSet(inv, 'stable', '1-8-0', { overwrite: true, webhookName: 'istio-revision-tag-stable' }));
    assert.deepEqual(renamed.writes.map((w) => [w.op, w.name, !!w.previous]), [
      ['apply', 'istio-revision-tag-stable', false],
      ['delete', 'my-stable', true],
    ]);
    assert.match(renamed.writes[0].summary, /create MutatingWebhookConfiguration istio-revision-tag-stable .*replacing my-stable/);
    assert.equal(renamed.previousRevision, '1-7-6');
  });

  it('refuses a name that is not a DNS-1123 subdomain', () => {
    for (const bad of ['Stable', 'a_b', '-a', 'a.', '', 'x'.repeat(254)]) {
      const r = planTagSet(prodCanary(), 'stable', '1-8-0', { webhookName: bad });
      assert.ok(!r.ok && r.reason === 'invalid-webhook-name', `${bad}: ${JSON.stringify(r)}`);
    }
    assert.ok(planTagSet(prodCanary(), 'stable', '1-8-0', { webhookName: `a.${'b'.repeat(60)}.c` }).ok);
  });

  it('refuses a name that belongs to another object (istioctl would overwrite it), even with --overwrite', () => {
    const injector = planTagSet(prodCanary(), 'stable', '1-8-0', { webhookName: 'istio-sidecar-injector-1-8-0', overwrite: true });
    assert.ok(!injector.ok && injector.reason === 'webhook-name-taken');
    assert.equal(!injector.ok && injector.error, 'cannot use --webhook-name "istio-sidecar-injector-1-8-0": MutatingWebhookConfiguration istio-sidecar-injector-1-8-0 already exists and is not a webhook of tag "stable" (it is the injector of revision "1-8-0")');
    const otherTag = planTagSet(prodCanary(), 'prod', '1-8-0', { webhookName: 'istio-revision-tag-canary', overwrite: true });
    assert.ok(!otherTag.ok && /it is the webhook of tag "canary"/.test(otherTag.error));
    const inv = prodCanary();
    inv.mutatingWebhooks.push({ metadata: { name: 'cert-manager-webhook' }, webhooks: [] });
    assert.ok(!planTagSet(inv, 'stable', '1-8-0', { webhookName: 'cert-manager-webhook' }).ok);
  });

  it('keeps the other refusals: existing tag without --overwrite, revision name, overlap', () => {
    assert.equal((planTagSet(prodCanary(), 'prod', '1-8-0', { webhookName: 'p' }) as { reason?: string }).reason, 'exists');
    assert.equal((planTagSet(prodCanary(), '1-7-6', '1-8-0', { webhookName: 'p' }) as { reason?: string }).reason, 'revision-name');
    const r = planTagSet(prodCanary(), '1-7-6', '1-8-0', { webhookName: 'p', overwrite: true });
    assert.ok(!r.ok && r.reason === 'overlap' && r.error.includes('(MutatingWebhookConfiguration p)'), JSON.stringify(r));
  });

  it('warns that istiod finds the default tag by its name istio-revision-tag-default (default_watcher.go)', () => {
    const inv = prodCanary();
    inv.validatingWebhooks.push(defaultValidator('1-7-6'));
    const p = ok(planTagSet(inv, 'default', '1-8-0', { webhookName: 'mesh-default' }));
    assert.equal(p.warnings.length, 1);
    assert.match(p.warnings[0], /istiod finds the default tag by the name istio-revision-tag-default \(pkg\/revisions\/default_watcher\.go\).*named mesh-default, the tag still injects.*istiod-default-validator's istio\.io\/rev \(re-pointed by this change\)/);
    assert.deepEqual(ok(planTagSet(inv, 'default', '1-8-0')).warnings, []);
    assert.deepEqual(ok(planTagSet(inv, 'stable', '1-8-0', { webhookName: 'x' })).warnings, []);
  });
});

describe('tag set --auto-inject-namespaces (values.sidecarInjectorWebhook.enableNamespacesByDefault)', () => {
  it('adds the chart\'s auto.sidecar-injector.istio.io entry to the default tag, after namespace.* and object.*', () => {
    const p = ok(planTagSet(prodCanary(), 'default', '1-8-0', { autoInjectNamespaces: true }));
    const entries = mwcOf(p).webhooks ?? [];
    assert.deepEqual(entries.map((w) => w.name), [
      'rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io', 'namespace.sidecar-injector.istio.io',
      'object.sidecar-injector.istio.io', 'auto.sidecar-injector.istio.io',
    ]);
    const auto = entries[4];
    assert.deepEqual(auto.namespaceSelector, CHART_AUTO_SELECTORS.namespaceSelector);
    assert.deepEqual(auto.objectSelector, CHART_AUTO_SELECTORS.objectSelector);
    assert.deepEqual({ ...auto, name: '', namespaceSelector: undefined, objectSelector: undefined }, { ...entries[0], name: '', namespaceSelector: undefined, objectSelector: undefined });
    assert.equal(p.autoInjectNamespaces, true);
    assert.equal(p.istioctl, 'istioctl tag set default --revision 1-8-0 --auto-inject-namespaces');
    const plain = ok(planTagSet(prodCanary(), 'default', '1-8-0'));
    assert.equal((mwcOf(plain).webhooks ?? []).some((w) => w.name.startsWith('auto.')), false);
  });

  it('is ignored for any other tag, as istioctl (the chart renders auto.* only in its default-tag branch), with a note', () => {
    const inv = prodCanary();
    const p = ok(planTagSet(inv, 'stable', '1-8-0', { autoInjectNamespaces: true }));
    assert.deepEqual(mwcOf(p), mwcOf(ok(planTagSet(inv, 'stable', '1-8-0'))));
    assert.equal(p.autoInjectNamespaces, false);
    assert.deepEqual(p.namespaces, []);
    assert.ok(p.notes.some((n) => /only applies to the default tag.*ignored for tag "stable", as istioctl does/.test(n)), p.notes.join('\n'));
  });

  it('lists the unlabeled namespaces it injects (not the Istio or excluded system namespaces) and warns when kube-system lacks kubernetes.io/metadata.name', () => {
    const inv = prodCanary();
    inv.namespaces.push(namespace('istio-system'), namespace('kube-system'), namespace('kube-public', { 'kubernetes.io/metadata.name': 'kube-public' }),
      namespace('f', { 'kubernetes.io/metadata.name': 'f' }));
    const p = ok(planTagSet(inv, 'default', '1-8-0', { autoInjectNamespaces: true }));
    assert.deepEqual(p.namespaces, ['d', 'e', 'f']);
    assert.deepEqual(p.warnings, ['kube-system has no kubernetes.io/metadata.name label (Kubernetes sets it from 1.21/1.22 on), so the auto entry\'s exclusion does not apply: pods created there would get sidecars.']);
    assert.ok(p.notes.some((n) => n.includes('neither istio-injection nor istio.io/rev (e, f) are injected by the default tag too')), p.notes.join('\n'));
    assert.deepEqual(ok(planTagSet(inv, 'default', '1-8-0')).namespaces, ['d']);
  });

  it('the overlap check sees the auto entry: refused (IST0139) when another active injector already injects unlabeled namespaces', () => {
    const inv = prodCanary();
    inv.mutatingWebhooks = inv.mutatingWebhooks.map((m) => (m.metadata.name === 'istio-sidecar-injector-1-7-6' ? withAutoEntry(injectorMwc('1-7-6')) : m));
    assert.ok(planTagSet(inv, 'default', '1-8-0').ok, 'without the flag nothing overlaps');
    const r = planTagSet(inv, 'default', '1-8-0', { autoInjectNamespaces: true });
    assert.ok(!r.ok && r.reason === 'overlap', JSON.stringify(r));
    assert.match(!r.ok ? r.error : '', /\(MutatingWebhookConfiguration istio-revision-tag-default\) Webhook overlaps with others: \[istio-sidecar-injector-1-7-6\/auto\.sidecar-injector\.istio\.io\]/);
    assert.match(!r.ok ? r.error : '', /e\.g\. istio-revision-tag-default\/auto\.sidecar-injector\.istio\.io and istio-sidecar-injector-1-7-6\/auto\.sidecar-injector\.istio\.io/);
  });

  it('a revisionless injector with auto.* is deactivated first (as istioctl), so it does not overlap; without the flag the plan warns that unlabeled namespaces lose injection', () => {
    const inv = prodCanary();
    inv.mutatingWebhooks.push(withAutoEntry(injectorMwc('')));
    const withAuto = ok(planTagSet(inv, 'default', '1-8-0', { autoInjectNamespaces: true }));
    assert.ok(withAuto.writes.some((w) => w.name === 'istio-sidecar-injector' && /deactivate/.test(w.summary)));
    assert.deepEqual(withAuto.warnings, []);
    const others = inv.mutatingWebhooks.filter((m) => m.metadata.name !== 'istio-sidecar-injector');
    assert.deepEqual(findWebhookOverlaps(mwcOf(withAuto), others), []);
    const without = ok(planTagSet(inv, 'default', '1-8-0'));
    assert.equal(without.warnings.length, 1);
    assert.match(without.warnings[0], /^istio-sidecar-injector now injects pods in namespaces with neither istio-injection nor istio\.io\/rev \(e\); deactivating it ends that: .*Use --auto-inject-namespaces to keep it\.$/);
  });

  it('a move of the default tag keeps its auto entry unless told otherwise (istioctl would drop it without the flag)', () => {
    const inv = prodCanary();
    inv.mutatingWebhooks.push(mwcOf(ok(planTagSet(inv, 'default', '1-7-6', { autoInjectNamespaces: true }))));
    const kept = ok(planTagSet(inv, 'default', '1-8-0', { overwrite: true }));
    assert.equal(kept.autoInjectNamespaces, true);
    assert.ok(kept.notes.some((n) => /^Keeps the auto\.sidecar-injector\.istio\.io entry/.test(n)));
    assert.deepEqual(kept.namespaces, ['d', 'e']);
    assert.match(kept.istioctl, /--overwrite --auto-inject-namespaces$/);
    const dropped = ok(planTagSet(inv, 'default', '1-8-0', { overwrite: true, autoInjectNamespaces: false }));
    assert.equal((mwcOf(dropped).webhooks ?? []).some((w) => w.name.startsWith('auto.')), false);
    assert.match(dropped.warnings.join('\n'), /istio-revision-tag-default now injects pods in namespaces with neither.*\(e\); without --auto-inject-namespaces this change drops that/);
  });

  it('combines with --webhook-name; the rendered webhook overlaps no other Istio webhook', () => {
    const inv = prodCanary();
    const p = ok(planTagSet(inv, 'default', '1-8-0', { autoInjectNamespaces: true, webhookName: 'istio-revision-tag-default-auto' }));
    assert.equal(mwcOf(p).metadata.name, 'istio-revision-tag-default-auto');
    assert.equal((mwcOf(p).webhooks ?? []).length, 5);
    assert.deepEqual(findWebhookOverlaps(mwcOf(p), inv.mutatingWebhooks), []);
  });
});
