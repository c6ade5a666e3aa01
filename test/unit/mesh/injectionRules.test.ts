import { strict as assert } from 'node:assert';
import { bindNamespace, type BindingContext, resolveRevLabel } from '../../../src/mesh/injectionRules';
import type { DefaultRevision, Revision, Tag } from '../../../src/mesh/model';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { defaultValidator, installRevision, inventory, namespace, nsOf, tagMwc } from './fixtures';

function rev(name: string, version?: string): Revision {
  return {
    name, version, versionSource: version ? 'image' : 'unknown', istioNamespace: 'istio-system', readyReplicas: 1, desiredReplicas: 1,
    external: false, injectorWebhooks: [], services: [], isDefault: false, tags: [], namespaceCount: 0, proxyCount: 0, inUse: [],
  };
}

function ctx(revisions: string[], tags: Record<string, string> = {}, defaultRevision?: DefaultRevision): BindingContext {
  const t: Tag[] = Object.entries(tags).map(([name, revision]) => ({ name, revision }));
  return { revisions: new Map(revisions.map((r) => [r, rev(r)])), tags: new Map(t.map((x) => [x.name, x])), defaultRevision };
}

const TAG_DEFAULT: DefaultRevision = { name: '1-7-6', source: 'default-tag' };
const VALIDATOR_DEFAULT: DefaultRevision = { name: '1-7-6', source: 'istiod-default-validator' };

function bind(labels: Record<string, string> | undefined, c: BindingContext, warnings: string[] = []) {
  return bindNamespace(namespace('ns1', labels), c, warnings).binding;
}

describe('injectionRules: namespace binding, exact istio-model.md M5 precedence', () => {
  const c = ctx(['1-7-6', '1-8-0'], { prod: '1-7-6', canary: '1-8-0', default: '1-7-6' }, TAG_DEFAULT);

  it('istio-model.md M5.1 istio-injection=disabled → disabled, even with istio.io/rev (conflict noted)', () => {
    const b = bind({ 'istio-injection': 'disabled', 'istio.io/rev': '1-8-0' }, c);
    assert.equal(b.state, 'disabled');
    assert.equal(b.target, null);
    assert.equal(b.reason, 'istio-injection=disabled');
    assert.equal(b.conflict, 'istio-injection=disabled and istio.io/rev=1-8-0 are both set: istio-injection wins, istio.io/rev is ignored (IST0123)');
    assert.equal(bind({ 'istio-injection': 'disabled' }, c).conflict, undefined);
  });

  it('istio-model.md M5.2 istio-injection=enabled → the default revision; tag "default" when it comes from the default tag', () => {
    const b = bind({ 'istio-injection': 'enabled' }, c);
    assert.equal(b.state, 'bound');
    assert.deepEqual(b.target, { revision: '1-7-6', via: 'istio-injection', tag: 'default' });
    assert.equal(b.reason, 'istio-injection=enabled → tag default → 1-7-6');
    assert.equal('conflict' in b, false);
  });

  it('istio-model.md M5.2 istio-injection=enabled with a default from the validator or a revisionless injector: no tag', () => {
    const v = bind({ 'istio-injection': 'enabled' }, ctx(['1-7-6'], {}, VALIDATOR_DEFAULT));
    assert.deepEqual(v.target, { revision: '1-7-6', via: 'istio-injection' });
    assert.equal(v.reason, 'istio-injection=enabled → default → 1-7-6');
    const r = bind({ 'istio-injection': 'enabled' }, ctx(['default'], {}, { name: 'default', source: 'revisionless-injector' }));
    assert.deepEqual(r.target, { revision: 'default', via: 'istio-injection' });
    assert.equal(r.reason, 'istio-injection=enabled → default → default');
  });

  it('istio-model.md M5.2 istio-injection=enabled + istio.io/rev → istio-injection wins, conflict text (IST0123)', () => {
    const b = bind({ 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }, c);
    assert.equal(b.state, 'bound');
    assert.equal(b.target?.revision, '1-7-6');
    assert.equal(b.conflict, 'istio-injection=enabled and istio.io/rev=canary are both set: istio-injection wins, istio.io/rev is ignored (IST0123)');
  });

  it('istio-injection=enabled without any default revision → dangling', () => {
    const b = bind({ 'istio-injection': 'enabled' }, ctx(['1-8-0']));
    assert.equal(b.state, 'dangling');
    assert.equal(b.target, null);
    assert.equal(b.reason, 'istio-injection=enabled, but there is no default revision');
  });

  it('istio-injection=enabled with a default naming a missing revision → dangling', () => {
    const b = bind({ 'istio-injection': 'enabled' }, ctx(['1-8-0'], {}, { name: 'gone', source: 'default-tag' }));
    assert.equal(b.state, 'dangling');
    assert.equal(b.reason, 'istio-injection=enabled → tag default → gone, which does not exist');
  });

  it('istio-model.md M5.3 istio.io/rev=<revision> → via istio.io/rev', () => {
    const b = bind({ 'istio.io/rev': '1-8-0' }, c);
    assert.deepEqual([b.state, b.target, b.reason], ['bound', { revision: '1-8-0', via: 'istio.io/rev' }, 'istio.io/rev=1-8-0']);
  });

  it('istio-model.md M5.3 istio.io/rev=<tag> → via tag, revision resolved', () => {
    const b = bind({ 'istio.io/rev': 'prod' }, c);
    assert.deepEqual([b.state, b.target, b.reason], ['bound', { revision: '1-7-6', via: 'tag', tag: 'prod' }, 'istio.io/rev=prod → tag prod → 1-7-6']);
  });

  it('istio.io/rev=<tag> whose revision is gone → dangling', () => {
    const b = bind({ 'istio.io/rev': 'old' }, ctx(['1-8-0'], { old: '1-6-0' }));
    assert.deepEqual([b.state, b.target, b.reason], ['dangling', null, 'istio.io/rev=old → tag old → 1-6-0, which does not exist']);
  });

  it('istio.io/rev=default: the revision named default wins; else the default tag; else the default revision', () => {
    assert.deepEqual(bind({ 'istio.io/rev': 'default' }, ctx(['default', '1-8-0'], {}, VALIDATOR_DEFAULT)).target, { revision: 'default', via: 'istio.io/rev' });
    const viaTag = bind({ 'istio.io/rev': 'default' }, c);
    assert.deepEqual([viaTag.target, viaTag.reason], [{ revision: '1-7-6', via: 'tag', tag: 'default' }, 'istio.io/rev=default → tag default → 1-7-6']);
    const viaValidator = bind({ 'istio.io/rev': 'default' }, ctx(['1-7-6'], {}, VALIDATOR_DEFAULT));
    assert.deepEqual([viaValidator.target, viaValidator.reason], [{ revision: '1-7-6', via: 'istio.io/rev' }, 'istio.io/rev=default → default → 1-7-6']);
    const none = bind({ 'istio.io/rev': 'default' }, ctx(['1-7-6']));
    assert.deepEqual([none.state, none.reason], ['dangling', 'istio.io/rev=default, but there is no default revision']);
  });

  it('istio.io/rev=<unknown> → dangling with a reason', () => {
    const b = bind({ 'istio.io/rev': '1-9-0' }, c);
    assert.deepEqual([b.state, b.target, b.reason], ['dangling', null, 'istio.io/rev=1-9-0 names no revision or tag in this cluster']);
  });

  it('istio.io/rev="" → dangling (no webhook selects an empty value)', () => {
    const b = bind({ 'istio.io/rev': '' }, c);
    assert.deepEqual([b.state, b.reason], ['dangling', 'istio.io/rev is empty: no webhook selects it']);
  });

  it('istio-injection=<other value> is not "enabled" (selector In [enabled]): unlabeled-like, warning, and it blocks istio.io/rev', () => {
    const w: string[] = [];
    const rule = bindNamespace(namespace('ns1', { 'istio-injection': 'true', 'istio.io/rev': 'prod' }), c, w);
    assert.equal(rule.binding.state, 'unlabeled');
    assert.equal(rule.binding.target, null);
    assert.equal(rule.podSelection, false);
    assert.equal(rule.binding.reason, 'istio-injection=true is not "enabled": no webhook injects here');
    assert.match(rule.binding.conflict!, /IST0123/);
    assert.deepEqual(w, ['Namespace ns1: istio-injection=true is neither "enabled" nor "disabled"; Istio only injects for "enabled", and the label blocks istio.io/rev.']);
    assert.equal(bind({ 'istio-injection': 'Enabled' }, c).state, 'unlabeled', 'values are case-sensitive');
  });

  it('istio-model.md M5.4 no labels → unlabeled, target null, pod-level selection applies', () => {
    const rule = bindNamespace(namespace('ns1'), c, []);
    assert.deepEqual([rule.binding.state, rule.binding.target, rule.binding.reason, rule.podSelection], ['unlabeled', null, 'no injection label', true]);
    assert.equal(bindNamespace(namespace('ns1', { 'istio.io/rev': 'prod' }), c, []).podSelection, false);
  });

  it('ambient: istio.io/dataplane-mode=ambient', () => {
    assert.equal(bind({ 'istio.io/dataplane-mode': 'ambient' }, c).ambient, true);
    assert.equal(bind({ 'istio.io/dataplane-mode': 'none' }, c).ambient, false);
    const amb = bind({ 'istio.io/dataplane-mode': 'ambient', 'istio.io/rev': 'prod' }, c);
    assert.deepEqual([amb.ambient, amb.state, amb.target?.tag], [true, 'bound', 'prod']);
  });

  it('dotted vendor revisions resolve whole (never split on dots)', () => {
    const d = ctx(['cp-v117x.istio-system', 'cp-v115x.istio-system'], { prod: 'cp-v117x.istio-system' });
    assert.deepEqual(bind({ 'istio.io/rev': 'cp-v117x.istio-system' }, d).target, { revision: 'cp-v117x.istio-system', via: 'istio.io/rev' });
    assert.equal(bind({ 'istio.io/rev': 'prod' }, d).reason, 'istio.io/rev=prod → tag prod → cp-v117x.istio-system');
    assert.equal(bind({ 'istio.io/rev': 'cp-v117x' }, d).state, 'dangling');
  });

  it('a revision wins over a tag of the same name', () => {
    const r = resolveRevLabel('1-8-0', ctx(['1-8-0', '1-7-6'], { '1-8-0': '1-7-6' }));
    assert.ok(r.ok && r.target.revision === '1-8-0' && r.target.via === 'istio.io/rev');
  });

  it('labels that are not strings are ignored (missing metadata.labels too)', () => {
    const w: string[] = [];
    const b = bindNamespace({ metadata: { name: 'x', labels: { 'istio-injection': 5, 'istio.io/rev': null } } }, c, w).binding;
    assert.deepEqual([b.state, b.labels], ['unlabeled', {}]);
    assert.equal(bindNamespace({ metadata: { name: 'y', labels: null } }, c, w).binding.state, 'unlabeled');
    assert.equal(bindNamespace({}, c, w).binding.name, '');
  });

  it('the snapshot lists every namespace sorted by name, system namespaces included', () => {
    const inv = installRevision(inventory(), '1-7-6', '1.7.6');
    inv.mutatingWebhooks.push(tagMwc('default', '1-7-6'));
    inv.validatingWebhooks.push(defaultValidator('1-7-6'));
    inv.namespaces.push(namespace('zeta', { 'istio.io/rev': 'default' }), namespace('kube-system'), namespace('alpha', { 'istio-injection': 'enabled' }),
      namespace('kube-public'), namespace('kube-node-lease'), namespace('istio-system'));
    const s = buildSnapshot('n', inv);
    assert.deepEqual(s.namespaces.map((n) => n.name), ['alpha', 'istio-system', 'kube-node-lease', 'kube-public', 'kube-system', 'zeta']);
    assert.deepEqual(nsOf(s, 'alpha').target, { revision: '1-7-6', via: 'istio-injection', tag: 'default' });
    assert.deepEqual(nsOf(s, 'zeta').target, { revision: '1-7-6', via: 'tag', tag: 'default' });
  });
});
