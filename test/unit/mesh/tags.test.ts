import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { installRevision, inventory, revOf, tagMwc, tagService } from './fixtures';

function twoRevisions() {
  return installRevision(installRevision(inventory(), '1-7-6', '1.7.6'), '1-8-0', '1.8.0');
}

describe('tags (istio-model.md M4)', () => {
  it('tag webhooks become Tags and are listed on their revision', () => {
    const inv = twoRevisions();
    inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'), tagMwc('canary', '1-8-0'), tagMwc('stable', '1-7-6'));
    const s = buildSnapshot('t', inv);
    assert.deepEqual(s.tags, [
      { name: 'canary', revision: '1-8-0', webhook: 'istio-revision-tag-canary' },
      { name: 'prod', revision: '1-7-6', webhook: 'istio-revision-tag-prod' },
      { name: 'stable', revision: '1-7-6', webhook: 'istio-revision-tag-stable' },
    ]);
    assert.deepEqual(revOf(s, '1-7-6').tags, ['prod', 'stable']);
    assert.deepEqual(revOf(s, '1-8-0').tags, ['canary']);
    assert.deepEqual(s.warnings, []);
    assert.deepEqual(s.revisions.map((r) => r.name), ['1-7-6', '1-8-0'], 'tag webhooks are not revisions');
  });

  it('1.27+ tag Services merge into the same Tag', () => {
    const inv = twoRevisions();
    inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'));
    inv.services.push(tagService('prod', '1-7-6'));
    const s = buildSnapshot('t', inv);
    assert.deepEqual(s.tags, [{ name: 'prod', revision: '1-7-6', webhook: 'istio-revision-tag-prod', service: 'istiod-revision-tag-prod' }]);
    assert.deepEqual(revOf(s, '1-7-6').services, ['istiod-1-7-6'], 'a tag Service is not a revision Service');
  });

  it('tag Services alone (no MWC, ambient-style) are tags too', () => {
    const inv = twoRevisions();
    inv.services.push(tagService('canary', '1-8-0'));
    const s = buildSnapshot('t', inv);
    assert.deepEqual(s.tags, [{ name: 'canary', revision: '1-8-0', service: 'istiod-revision-tag-canary' }]);
    assert.deepEqual(revOf(s, '1-8-0').tags, ['canary']);
  });

  it('a tag Service without istio.io/rev label uses its selector', () => {
    const inv = twoRevisions();
    const svc = tagService('canary', '1-8-0');
    delete svc.metadata.labels!['istio.io/rev'];
    inv.services.push(svc);
    assert.deepEqual(buildSnapshot('t', inv).tags.map((t) => t.revision), ['1-8-0']);
  });

  it('webhook and Service disagreeing: the webhook wins, with a warning', () => {
    const inv = twoRevisions();
    inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'));
    inv.services.push(tagService('prod', '1-8-0'));
    const s = buildSnapshot('t', inv);
    assert.equal(s.tags[0].revision, '1-7-6');
    assert.match(s.warnings.join('\n'), /Tag prod: webhook istio-revision-tag-prod points at 1-7-6 but Service istio-system\/istiod-revision-tag-prod points at 1-8-0/);
  });

  it('a tag pointing at a missing revision is kept, with a warning', () => {
    const inv = twoRevisions();
    inv.mutatingWebhooks.push(tagMwc('old', '1-6-0'));
    inv.services.push({ metadata: { name: 'istiod-1-6-0', namespace: 'istio-system', labels: {} } });
    const s = buildSnapshot('t', inv);
    assert.deepEqual(s.tags.map((t) => [t.name, t.revision]), [['old', '1-6-0']]);
    assert.deepEqual(s.warnings, ['Tag old points at revision 1-6-0, which does not exist in this cluster.']);
  });

  it('a tag with the same name as a revision is reported (double injection, IST0139)', () => {
    const inv = twoRevisions();
    inv.mutatingWebhooks.push(tagMwc('1-8-0', '1-7-6'));
    const s = buildSnapshot('t', inv);
    assert.match(s.warnings.join('\n'), /Tag 1-8-0 has the same name as a revision/);
  });

  it('a Service-only tag without any revision is dropped with a warning', () => {
    const svc = tagService('x', '1-8-0');
    svc.metadata.labels = { 'istio.io/tag': 'x' };
    svc.spec = {};
    const s = buildSnapshot('t', inventory({ services: [svc] }));
    assert.deepEqual(s.tags, []);
    assert.match(s.warnings[0], /Tag x .* names no target revision/);
  });

  it('tags may point at dotted vendor revisions', () => {
    const inv = installRevision(inventory(), 'cp-v117x.istio-system', '1.17.2');
    inv.mutatingWebhooks.push(tagMwc('prod', 'cp-v117x.istio-system'));
    const s = buildSnapshot('t', inv);
    assert.deepEqual(revOf(s, 'cp-v117x.istio-system').tags, ['prod']);
    assert.deepEqual(s.warnings, []);
  });
});
