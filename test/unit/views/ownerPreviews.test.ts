import { strict as assert } from 'node:assert';
import { helmMarked, decodedSecret, rendered, withLabels } from '../mesh/ownerFixtures';
import { ok, prodCanary } from '../mesh/tagFixtures';
import { planMigration } from '../../../src/mesh/migrationPlan';
import { planRevisionRemoval, removalMarkdown } from '../../../src/mesh/revisionRemoval';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { planTagSet } from '../../../src/mesh/tagPlan';
import { routeContextOf, routeWrite } from '../../../src/mesh/owners/ownerRoute';
import { tagSetMarkdown } from '../../../src/views/tagMarkdown';
import { planMarkdown } from '../../../src/views/planMarkdown';
import { ownerRouteMarkdown } from '../../../src/views/ownerRouteMarkdown';
import type { ClusterInventory } from '../../../src/mesh/kubeObjects';
import { installRevision } from '../mesh/fixtures';

/** prod-canary with the prod webhook rendered by Helm release istiod-1-7-6 (its revisionTags), release Secret read. */
function helmTags(): ClusterInventory {
  const inv = prodCanary();
  inv.mutatingWebhooks = inv.mutatingWebhooks.map((w) => (w.metadata.name === 'istio-revision-tag-prod' ? helmMarked(w, 'istiod-1-7-6') : w));
  inv.helmReleaseSecrets = [decodedSecret({
    name: 'istiod-1-7-6', chartVersion: '1.7.6', values: { revision: '1-7-6', revisionTags: ['prod'] },
    objects: [rendered('MutatingWebhookConfiguration', { metadata: { name: 'istio-revision-tag-prod' } })],
  })];
  inv.ownerReads = { sail: 'absent', problems: [] };
  return inv;
}

describe('previews list the owner of every object they would write, and the owner\'s way', () => {
  it('tag move: the replaced webhook names its Helm release; the owner\'s way lists the helm commands in order', () => {
    const inv = helmTags();
    const plan = ok(planTagSet(inv, 'prod', '1-8-0', { overwrite: true }));
    assert.equal(plan.writes[0].owner?.name, 'istiod-1-7-6');
    const snapshot = buildSnapshot('ctx', inv);
    const route = routeWrite({ kind: 'move-tag', tag: 'prod', to: '1-8-0' }, snapshot.tags.find((t) => t.name === 'prod')?.managedBy, routeContextOf(snapshot));
    const md = tagSetMarkdown('ctx', plan, route);
    assert.match(md, /^\| replace \| replace MutatingWebhookConfiguration istio-revision-tag-prod \(istio\.io\/rev 1-7-6 → 1-8-0\) \| Helm release istiod-1-7-6 · istiod 1\.7\.6 \|$/m);
    assert.match(md, /^## The owner's way \(instead of the changes above\)$/m);
    assert.match(md, /^1\. Take prod out of istiod-1-7-6's revisionTags/m);
    assert.match(md, /^ {3}helm upgrade istiod-1-7-6 istio\/istiod --version 1\.7\.6 --namespace istio-system --kube-context ctx --reuse-values --set 'revisionTags=\{\}'$/m);
    assert.match(md, /istioctl tag set prod --revision 1-8-0 --context ctx/);
  });

  it('cluster strings in the owner\'s way are escaped (a hostile explanation cannot inject HTML or close the code block)', () => {
    const owner = { kind: 'argocd' as const, name: '<img src=x onerror=alert(1)>', resource: 'Application', evidence: [] };
    const route = routeWrite({ kind: 'relabel-namespace', namespace: 'pay', labels: { note: '```\n<script>' }, set: { 'istio.io/rev': 'canary' }, remove: [] }, owner, { context: 'c', releases: [] });
    const md = ownerRouteMarkdown(route, 'x').join('\n');
    // Outside code blocks (where Markdown would render it) no raw HTML; inside, it is text.
    const prose = md.replace(/^(`{3,})yaml\n[\s\S]*?^\1$/gm, '');
    assert.doesNotMatch(prose, /(^|[^\\])<(img|script)/m);
    assert.match(prose, /\\<img src=x onerror=alert\(1\)\\>/);
    assert.match(md, /^````yaml$/m, 'a fence longer than the backticks inside');
  });

  it('migration: a namespace Argo CD keeps carries its owner and the change to commit; the preview shows both', () => {
    const inv = prodCanary();
    inv.namespaces = inv.namespaces.map((n) => (n.metadata.name === 'd' ? withLabels(n, {}, { 'argocd.argoproj.io/tracking-id': 'payments:/Namespace:/d' }) : n));
    const r = planMigration('ctx', inv, ['d', 'e'], 'canary');
    assert.ok(r.ok);
    const [d, e] = r.plan.namespaces;
    assert.equal(d.owner?.kind, 'argocd');
    assert.match(d.ownerRoute?.explanation ?? '', /Namespace d is kept by Argo CD app payments/);
    assert.equal(e.ownerRoute, undefined);
    const md = planMarkdown(r.plan);
    assert.match(md, /^\| d \| Argo CD app payments \| `istio-injection=enabled` \|/m);
    assert.match(md, /^## d: the owner's way$/m);
    assert.match(md, /^ {4}istio\.io\/rev: canary$/m);
  });

  it('revision removal: each object with its owner, and what istioctl uninstall --revision also deletes', () => {
    const inv = installRevision(prodCanary(), '1-6-0', '1.6.0');
    const r = planRevisionRemoval(inv, buildSnapshot('ctx', inv), '1-6-0');
    assert.ok(r.ok);
    const md = removalMarkdown(r.plan, ['## Extra section']);
    assert.match(md, /^## Extra section$/m);
    assert.match(md, /istioctl uninstall --revision` deletes every object labelled istio\.io\/rev=1-6-0 .*tag webhooks still pointing at 1-6-0 included/);
  });
});
