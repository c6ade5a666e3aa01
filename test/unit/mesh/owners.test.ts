import { strict as assert } from 'node:assert';
import { latestReleases, rendersObject } from '../../../src/mesh/owners/helmReleases';
import { detectOwner, parseTrackingId, type OwnerContext } from '../../../src/mesh/owners/objectOwner';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import type { KHelmReleaseSecret } from '../../../src/mesh/kubeObjects';
import {
  ISTIO_NS, injectorMwc, installRevision, inventory, istiodDeployment, istiodService, namespace, nsOf, revOf, tagMwc, tagService,
} from './fixtures';
import { chartLabelled, decodedSecret, helmMarked, rendered, sailOwned, withLabels, type ReleaseSpec } from './ownerFixtures';

const istiod = istiodDeployment('1-24-2', '1.24.2');
const prodTag = tagMwc('prod', '1-24-2');

const RELEASE: ReleaseSpec = {
  name: 'istiod-1-24-2', version: 2, values: { revision: '1-24-2', revisionTags: ['prod'] },
  objects: [rendered('Deployment', istiod), rendered('MutatingWebhookConfiguration', injectorMwc('1-24-2')), rendered('MutatingWebhookConfiguration', prodTag)],
};

function ctx(...specs: ReleaseSpec[]): OwnerContext {
  return { releases: latestReleases(specs.map(decodedSecret)) };
}

describe('owners: who keeps an object (istio-model.md M15)', () => {
  it('Helm: the release annotations AND a release whose manifest renders the object', () => {
    const v = detectOwner(helmMarked(istiod, 'istiod-1-24-2'), 'Deployment', ctx(RELEASE));
    assert.deepEqual(v.managedBy && { kind: v.managedBy.kind, name: v.managedBy.name, namespace: v.managedBy.namespace, chart: v.managedBy.chart, resource: v.managedBy.resource },
      { kind: 'helm', name: 'istiod-1-24-2', namespace: 'istio-system', chart: 'istiod 1.24.2', resource: 'release' });
    assert.equal(v.managedBy?.releaseStatus, undefined, 'deployed is not remarked');
    const tag = detectOwner(helmMarked(prodTag, 'istiod-1-24-2'), 'MutatingWebhookConfiguration', ctx(RELEASE));
    assert.equal(tag.managedBy?.name, 'istiod-1-24-2', 'a cluster-scoped object matches by kind and name');
  });

  it('chart labels alone prove nothing: no owner, and the tooltip says why', () => {
    const v = detectOwner(chartLabelled(istiod, 'istiod-1-24-2'), 'Deployment', ctx(RELEASE));
    assert.equal(v.managedBy, undefined);
    assert.match(v.evidence.join('\n'), /chart label app\.kubernetes\.io\/managed-by=Helm only/);
  });

  it('istioctl tag set copied the Helm annotations onto a tag no release renders: not Helm', () => {
    const copied = helmMarked(tagMwc('canary', '1-24-2'), 'istiod-1-24-2');
    const v = detectOwner(copied, 'MutatingWebhookConfiguration', ctx(RELEASE));
    assert.equal(v.managedBy, undefined);
    assert.match(v.evidence.join('\n'), /its manifest does not render this MutatingWebhookConfiguration \(copied annotations/);
  });

  it('Helm annotations without a readable release (no Secret, or an unreadable manifest) are not proof', () => {
    assert.match(detectOwner(helmMarked(istiod, 'istiod-1-24-2'), 'Deployment', ctx()).evidence.join('\n'), /no deployed or pending release of that name was read/);
    const broken = decodedSecret(RELEASE);
    delete broken.release?.objects;
    if (broken.release) broken.release.problem = 'the release has no manifest';
    const v = detectOwner(helmMarked(istiod, 'istiod-1-24-2'), 'Deployment', { releases: latestReleases([broken]) });
    assert.equal(v.managedBy, undefined);
    assert.match(v.evidence.join('\n'), /manifest could not be read \(the release has no manifest\)/);
  });

  it('a release in pending-* is surfaced on the owner', () => {
    const v = detectOwner(helmMarked(istiod, 'istiod-1-24-2'), 'Deployment', ctx({ ...RELEASE, version: 3, status: 'pending-upgrade' }));
    assert.equal(v.managedBy?.releaseStatus, 'pending-upgrade');
  });

  it('Sail: a controller owner reference to IstioRevision/IstioRevisionTag, or the managed-by label', () => {
    const byRef = detectOwner(sailOwned(helmMarked(prodTag, 'prod-revisiontags'), 'IstioRevisionTag', 'prod'), 'MutatingWebhookConfiguration', ctx());
    assert.deepEqual(byRef.managedBy && [byRef.managedBy.kind, byRef.managedBy.resource, byRef.managedBy.name], ['sail', 'IstioRevisionTag', 'prod']);
    const byLabel = detectOwner(withLabels(istiod, { 'managed-by': 'sail-operator' }), 'Deployment', ctx());
    assert.deepEqual(byLabel.managedBy && [byLabel.managedBy.resource, byLabel.managedBy.name], ['IstioRevision', '1-24-2']);
    const foreignRef = { ...istiod, metadata: { ...istiod.metadata, ownerReferences: [{ apiVersion: 'example.com/v1', kind: 'IstioRevision', name: 'x', uid: 'u' }] } };
    assert.equal(detectOwner(foreignRef, 'Deployment', ctx()).managedBy, undefined, 'another group\'s IstioRevision is not Sail');
  });

  it('Flux: HelmRelease and Kustomization labels (both name and namespace)', () => {
    const hr = detectOwner(withLabels(istiod, { 'helm.toolkit.fluxcd.io/name': 'istiod', 'helm.toolkit.fluxcd.io/namespace': 'flux-system' }), 'Deployment', ctx());
    assert.deepEqual(hr.managedBy && [hr.managedBy.kind, hr.managedBy.resource, hr.managedBy.namespace, hr.managedBy.name], ['flux', 'HelmRelease', 'flux-system', 'istiod']);
    const ks = detectOwner(withLabels(namespace('payments'), { 'kustomize.toolkit.fluxcd.io/name': 'payments', 'kustomize.toolkit.fluxcd.io/namespace': 'apps' }), 'Namespace', ctx());
    assert.deepEqual(ks.managedBy && [ks.managedBy.resource, ks.managedBy.namespace, ks.managedBy.name], ['Kustomization', 'apps', 'payments']);
    assert.equal(detectOwner(withLabels(namespace('x'), { 'kustomize.toolkit.fluxcd.io/name': 'payments' }), 'Namespace', ctx()).managedBy, undefined, 'half the labels');
  });

  it('Argo CD: the tracking-id annotation when it names this object; the label method only when clearly Argo CD\'s', () => {
    assert.deepEqual(parseTrackingId('mesh:/Namespace:/payments'), { app: 'mesh', kind: 'Namespace', namespace: '', name: 'payments' });
    assert.deepEqual(parseTrackingId('team-a_payments:apps/Deployment:shop/web'), { app: 'payments', appNamespace: 'team-a', kind: 'Deployment', namespace: 'shop', name: 'web' });
    const tracked = detectOwner(withLabels(namespace('payments'), {}, { 'argocd.argoproj.io/tracking-id': 'payments:/Namespace:/payments' }), 'Namespace', ctx());
    assert.deepEqual(tracked.managedBy && [tracked.managedBy.kind, tracked.managedBy.name, tracked.managedBy.namespace], ['argocd', 'payments', undefined]);
    const other = detectOwner(withLabels(namespace('copy'), {}, { 'argocd.argoproj.io/tracking-id': 'payments:/Namespace:/payments' }), 'Namespace', ctx());
    assert.equal(other.managedBy, undefined);
    assert.match(other.evidence.join('\n'), /names another object/);
    const customKey = detectOwner(withLabels(namespace('p'), { 'argocd.argoproj.io/instance': 'mesh' }), 'Namespace', ctx());
    assert.equal(customKey.managedBy?.name, 'mesh');
    // Istio's charts set app.kubernetes.io/instance themselves: Argo CD's Helm source leaves no release, so no owner.
    assert.equal(detectOwner(chartLabelled(istiod, 'istio-app'), 'Deployment', ctx()).managedBy, undefined);
    const withMark = detectOwner(withLabels(namespace('p'), { 'app.kubernetes.io/instance': 'mesh' }, { 'argocd.argoproj.io/sync-options': 'Prune=false' }), 'Namespace', ctx());
    assert.equal(withMark.managedBy?.kind, 'argocd');
  });

  it('istioctl install: operator.istio.io/managed=Reconcile, named by its IstioOperator (else the revision)', () => {
    const iop = detectOwner(withLabels(istiod, { 'operator.istio.io/managed': 'Reconcile', 'install.operator.istio.io/owning-resource': 'installed-state', 'install.operator.istio.io/owning-resource-namespace': 'istio-system' }), 'Deployment', ctx());
    assert.deepEqual(iop.managedBy && [iop.managedBy.kind, iop.managedBy.resource, iop.managedBy.name, iop.managedBy.namespace], ['istioctl', 'IstioOperator', 'installed-state', 'istio-system']);
    const rev = detectOwner(withLabels(istiod, { 'operator.istio.io/managed': 'Reconcile', 'install.operator.istio.io/owning-resource': 'unknown' }), 'Deployment', ctx());
    assert.deepEqual(rev.managedBy && [rev.managedBy.resource, rev.managedBy.name], ['revision', '1-24-2']);
  });

  it('first match wins, in the cheat-sheet\'s order', () => {
    const helmAndIstioctl = withLabels(helmMarked(istiod, 'istiod-1-24-2'), { 'operator.istio.io/managed': 'Reconcile' });
    assert.equal(detectOwner(helmAndIstioctl, 'Deployment', ctx(RELEASE)).managedBy?.kind, 'helm');
    const argoAndHelm = withLabels(helmMarked(istiod, 'istiod-1-24-2'), {}, { 'argocd.argoproj.io/tracking-id': 'mesh:apps/Deployment:istio-system/istiod-1-24-2' });
    assert.equal(detectOwner(argoAndHelm, 'Deployment', ctx(RELEASE)).managedBy?.kind, 'argocd');
    const fluxKsAndArgo = withLabels(argoAndHelm, { 'kustomize.toolkit.fluxcd.io/name': 'k', 'kustomize.toolkit.fluxcd.io/namespace': 'f' });
    assert.equal(detectOwner(fluxKsAndArgo, 'Deployment', ctx(RELEASE)).managedBy?.resource, 'Kustomization');
    const fluxHrAndKs = withLabels(fluxKsAndArgo, { 'helm.toolkit.fluxcd.io/name': 'h', 'helm.toolkit.fluxcd.io/namespace': 'f' });
    assert.equal(detectOwner(fluxHrAndKs, 'Deployment', ctx(RELEASE)).managedBy?.resource, 'HelmRelease');
    // Sail's objects carry Helm's marks too (its operator runs the Helm SDK, istio-model.md M13): Sail comes first.
    const sailAndAll = sailOwned(fluxHrAndKs, 'IstioRevision', 'default-v1-24-2');
    assert.equal(detectOwner(sailAndAll, 'Deployment', ctx(RELEASE)).managedBy?.kind, 'sail');
  });

  it('keeps the latest deployed or pending revision per release; a namespaced manifest entry without a namespace is the release\'s', () => {
    const secrets: KHelmReleaseSecret[] = [
      decodedSecret({ ...RELEASE, version: 2 }),
      decodedSecret({ ...RELEASE, version: 1, status: 'superseded' }),
      decodedSecret({ ...RELEASE, version: 4, status: 'pending-upgrade' }),
      decodedSecret({ name: 'istio-base', chart: 'base', version: 7, values: { defaultRevision: '1-24-2' }, objects: [] }),
      { metadata: { name: 'sh.helm.release.v1.junk.v1', namespace: ISTIO_NS }, decodeError: 'data.release does not decode' },
    ];
    const releases = latestReleases(secrets);
    assert.deepEqual(releases.map((r) => `${r.name}.v${r.version} ${r.status}`), ['istio-base.v7 deployed', 'istiod-1-24-2.v4 pending-upgrade']);
    assert.deepEqual(releases[1].revisionTags, ['prod']);
    assert.equal(releases[0].defaultRevision, '1-24-2');
    const r = { ...releases[1], objects: [{ kind: 'Service', name: 'istiod-1-24-2' }] };
    assert.ok(rendersObject(r, { kind: 'Service', name: 'istiod-1-24-2', namespace: 'istio-system' }));
    assert.ok(!rendersObject(r, { kind: 'Service', name: 'istiod-1-24-2', namespace: 'other' }));
  });
});

describe('owners in the snapshot', () => {
  function cluster() {
    const inv = installRevision(installRevision(inventory(), '1-24-2', '1.24.2'), '1-25-0', '1.25.0');
    const helmed = new Set(['istiod-1-24-2', 'istio-sidecar-injector-1-24-2', 'istio-revision-tag-prod']);
    inv.deployments = inv.deployments.map((d) => (helmed.has(d.metadata.name) ? helmMarked(d, 'istiod-1-24-2') : d));
    inv.mutatingWebhooks = inv.mutatingWebhooks.map((w) => (helmed.has(w.metadata.name) ? helmMarked(w, 'istiod-1-24-2') : w));
    inv.mutatingWebhooks.push(helmMarked(prodTag, 'istiod-1-24-2'), sailOwned(tagMwc('canary', '1-25-0'), 'IstioRevisionTag', 'canary'));
    inv.services.push(tagService('canary', '1-25-0'));
    inv.namespaces.push(
      withLabels(namespace('payments', { 'istio.io/rev': 'prod' }), {}, { 'argocd.argoproj.io/tracking-id': 'payments:/Namespace:/payments' }),
      withLabels(namespace('orders', { 'istio.io/rev': 'canary' }), { 'kustomize.toolkit.fluxcd.io/name': 'orders', 'kustomize.toolkit.fluxcd.io/namespace': 'apps' }),
      namespace('plain', { 'istio.io/rev': 'prod' }),
    );
    inv.helmReleaseSecrets = [decodedSecret({ ...RELEASE, objects: [...RELEASE.objects, rendered('Service', istiodService('1-24-2'))] })];
    inv.ownerReads = { sail: 'absent', problems: [] };
    return buildSnapshot('c', inv);
  }

  it('names the owner of revisions, tags and namespaces', () => {
    const s = cluster();
    assert.deepEqual([revOf(s, '1-24-2').managedBy?.kind, revOf(s, '1-24-2').managedBy?.name], ['helm', 'istiod-1-24-2']);
    assert.equal(revOf(s, '1-25-0').managedBy, undefined);
    const tags = new Map(s.tags.map((t) => [t.name, t.managedBy]));
    assert.deepEqual([tags.get('prod')?.kind, tags.get('canary')?.kind, tags.get('canary')?.resource], ['helm', 'sail', 'IstioRevisionTag']);
    assert.deepEqual([nsOf(s, 'payments').managedBy?.kind, nsOf(s, 'orders').managedBy?.kind, nsOf(s, 'plain').managedBy], ['argocd', 'flux', undefined]);
    assert.deepEqual(s.owners?.helmReleases.map((r) => r.name), ['istiod-1-24-2']);
    assert.deepEqual(s.owners?.problems, []);
    assert.equal(s.owners?.sail, undefined);
  });

  it('owners not read: no owner summary, and label-based owners still found', () => {
    const inv = installRevision(inventory(), '1-24-2', '1.24.2');
    inv.namespaces.push(withLabels(namespace('orders', { 'istio.io/rev': '1-24-2' }), { 'kustomize.toolkit.fluxcd.io/name': 'o', 'kustomize.toolkit.fluxcd.io/namespace': 'apps' }));
    const s = buildSnapshot('c', inv);
    assert.equal(s.owners, undefined);
    assert.equal(nsOf(s, 'orders').managedBy?.kind, 'flux');
  });

  it('reports failed owner reads and undecodable release Secrets as problems', () => {
    const inv = installRevision(inventory(), '1-24-2', '1.24.2');
    inv.helmReleaseSecrets = [{ metadata: { name: 'sh.helm.release.v1.x.v1', namespace: ISTIO_NS }, decodeError: 'data.release does not decode to JSON' }];
    inv.ownerReads = { sail: 'unknown', problems: ['Helm release Secrets in istio-other: forbidden (RBAC): owners read from them stay unknown'] };
    const s = buildSnapshot('c', inv);
    assert.deepEqual(s.owners?.problems, [
      'Helm release Secrets in istio-other: forbidden (RBAC): owners read from them stay unknown',
      'Helm release Secret istio-system/sh.helm.release.v1.x.v1: data.release does not decode to JSON',
    ]);
  });
});
