import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import {
  defaultValidator, injectorMwc, installRevision, inventory, istiodDeployment, istiodService, legacyInjectorMwc, revOf, tagMwc, tagService,
} from './fixtures';

function twoRevisions() {
  return installRevision(installRevision(inventory(), '1-7-6', '1.7.6'), '1-8-0', '1.8.0');
}

describe('default revision (istio-model.md M4.3, M14.1)', () => {
  it('source 1: the default tag MWC istio-revision-tag-default', () => {
    const inv = twoRevisions();
    inv.mutatingWebhooks.push(tagMwc('default', '1-8-0'));
    const s = buildSnapshot('d', inv);
    assert.deepEqual(s.defaultRevision, { name: '1-8-0', source: 'default-tag' });
    assert.equal(revOf(s, '1-8-0').isDefault, true);
    assert.equal(revOf(s, '1-7-6').isDefault, false);
  });

  it('source 1: istio-revision-tag-default-<ns> outside istio-system', () => {
    const inv = installRevision(inventory(), 'a', '1.22.0', { istioNamespace: 'istio-control' });
    inv.mutatingWebhooks.push(tagMwc('default', 'a', { istioNamespace: 'istio-control' }));
    const s = buildSnapshot('d', inv);
    assert.deepEqual(s.defaultRevision, { name: 'a', source: 'default-tag' });
    assert.equal(s.tags[0].webhook, 'istio-revision-tag-default-istio-control');
  });

  it('source 1: a default tag that exists only as a 1.27+ Service', () => {
    const inv = twoRevisions();
    inv.services.push(tagService('default', '1-7-6'));
    assert.deepEqual(buildSnapshot('d', inv).defaultRevision, { name: '1-7-6', source: 'default-tag' });
  });

  it('source 2: istiod-default-validator istio.io/rev', () => {
    const inv = twoRevisions();
    inv.validatingWebhooks.push(defaultValidator('1-7-6'));
    const s = buildSnapshot('d', inv);
    assert.deepEqual(s.defaultRevision, { name: '1-7-6', source: 'istiod-default-validator' });
    assert.equal(revOf(s, '1-7-6').isDefault, true);
  });

  it('the default tag beats the validator ("Default tag takes precedence"), with a warning when they differ', () => {
    const inv = twoRevisions();
    inv.validatingWebhooks.push(defaultValidator('1-7-6'));
    inv.mutatingWebhooks.push(tagMwc('default', '1-8-0'));
    const s = buildSnapshot('d', inv);
    assert.deepEqual(s.defaultRevision, { name: '1-8-0', source: 'default-tag' });
    assert.ok(s.warnings.includes('The default tag points at 1-8-0 but istiod-default-validator names 1-7-6; the default tag takes precedence.'));
  });

  it('a validator without istio.io/rev names nothing (warning) and the next source is used', () => {
    const inv = installRevision(twoRevisions(), '', '1.6.14');
    const v = defaultValidator('x');
    v.metadata.labels = {};
    inv.validatingWebhooks.push(v);
    const s = buildSnapshot('d', inv);
    assert.deepEqual(s.defaultRevision, { name: 'default', source: 'revisionless-injector' });
    assert.match(s.warnings[0], /istiod-default-validator has no istio.io\/rev/);
  });

  it('source 3: a revisionless install (revision "default")', () => {
    const s = buildSnapshot('d', installRevision(twoRevisions(), '', '1.6.14'));
    assert.deepEqual(s.defaultRevision, { name: 'default', source: 'revisionless-injector' });
    assert.equal(revOf(s, 'default').isDefault, true);
  });

  it('source 3: an old unlabeled 1.6-style injector (`sidecar-injector.istio.io`, matchLabels istio-injection: enabled)', () => {
    const inv = inventory({ mutatingWebhooks: [legacyInjectorMwc('', { withRevLabel: false })], deployments: [istiodDeployment('', '1.6.14', { noRevLabel: true })], services: [istiodService('')] });
    const s = buildSnapshot('d', inv);
    assert.deepEqual(s.defaultRevision, { name: 'default', source: 'revisionless-injector' });
  });

  it('source 3: a labeled revision whose webhook selects istio-injection=enabled (1.6 default installed with a revision label)', () => {
    const mwc = legacyInjectorMwc('');
    mwc.metadata.labels!['istio.io/rev'] = '1-6-14';
    const svc = istiodService('1-6-14', 'istio-system', 'istiod');
    const s = buildSnapshot('d', inventory({ mutatingWebhooks: [mwc], services: [svc] }));
    assert.deepEqual(s.defaultRevision, { name: '1-6-14', source: 'revisionless-injector' });
  });

  it('no default: only revisioned webhooks without namespace.* entries', () => {
    const s = buildSnapshot('d', twoRevisions());
    assert.equal(s.defaultRevision, undefined);
    assert.ok(s.revisions.every((r) => !r.isDefault));
  });

  it('a deactivated revisionless injector (after `istioctl tag set default`) is not a default source', () => {
    const inv = installRevision(twoRevisions(), '', '1.6.14');
    const mwc = inv.mutatingWebhooks.find((m) => m.metadata.name === 'istio-sidecar-injector')!;
    for (const w of mwc.webhooks!) {
      w.namespaceSelector = { matchLabels: { 'istio.io/deactivated': 'never-match' } };
      w.objectSelector = { matchLabels: { 'istio.io/deactivated': 'never-match' } };
    }
    assert.equal(buildSnapshot('d', inv).defaultRevision, undefined);
    inv.mutatingWebhooks.push(tagMwc('default', '1-8-0'));
    assert.deepEqual(buildSnapshot('d', inv).defaultRevision, { name: '1-8-0', source: 'default-tag' });
  });

  it('several injectors selecting istio-injection=enabled: "default" preferred, overlap warned', () => {
    const inv = installRevision(inventory(), '', '1.6.14');
    const other = injectorMwc('1-8-0');
    const ns = legacyInjectorMwc('').webhooks![0];
    ns.clientConfig.service!.name = 'istiod-1-8-0';
    other.webhooks!.push(ns);
    inv.mutatingWebhooks.push(other);
    inv.services.push(istiodService('1-8-0'));
    const s = buildSnapshot('d', inv);
    assert.deepEqual(s.defaultRevision, { name: 'default', source: 'revisionless-injector' });
    assert.match(s.warnings.join('\n'), /Several revisions inject istio-injection=enabled namespaces \(default, 1-8-0\)/);
  });

  it('the default may name a revision that does not exist (tag to an uninstalled revision)', () => {
    const inv = twoRevisions();
    inv.mutatingWebhooks.push(tagMwc('default', 'gone'));
    const s = buildSnapshot('d', inv);
    assert.deepEqual(s.defaultRevision, { name: 'gone', source: 'default-tag' });
    assert.ok(s.revisions.every((r) => !r.isDefault));
  });
});
