import { strict as assert } from 'node:assert';
import type { ClusterInventory, KSailIstio, KSailRevision, KSailRevisionTag } from '../../../src/mesh/kubeObjects';
import { runPrecheck } from '../../../src/mesh/precheck';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { installRevision, inventory, namespace, tagMwc } from './fixtures';
import { decodedSecret, helmMarked, rendered, sailOwned } from './ownerFixtures';

const TODAY = new Date('2024-12-01T00:00:00Z');

function owners(inv: ClusterInventory): string[] {
  return runPrecheck(inv, buildSnapshot('c', inv), { today: TODAY })
    .filter((f) => /owners|helm|sail/.test(f.code)).map((f) => `${f.severity} ${f.id}`);
}

function base(): ClusterInventory {
  const inv = installRevision(installRevision(inventory(), '1-23-4', '1.23.4'), '1-24-2', '1.24.2');
  inv.ownerReads = { sail: 'absent', problems: [] };
  return inv;
}

function sailRevision(name: string, inUse: 'True' | 'False', since = '2026-03-01T10:00:00Z'): KSailRevision {
  return {
    metadata: { name, ownerReferences: [{ apiVersion: 'sailoperator.io/v1', kind: 'Istio', name: 'default', uid: 'u', controller: true }] },
    spec: { version: `v${name.slice('default-v'.length).replace(/-/g, '.')}`, namespace: 'istio-system' },
    status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'InUse', status: inUse, reason: inUse === 'True' ? 'ReferencedByWorkloads' : 'NotReferencedByAnything', lastTransitionTime: since }] },
  };
}

describe('precheck: owner findings (issue 13)', () => {
  it('none on a cluster whose owners were read and agree', () => {
    assert.deepEqual(owners(base()), []);
  });

  it('says once that owners could not be read, and why', () => {
    const inv = base();
    inv.ownerReads = { sail: 'unknown', problems: ['Helm release Secrets in istio-system: forbidden (RBAC): owners read from them stay unknown', 'Discovery of sailoperator.io/v1: timeout'] };
    const list = runPrecheck(inv, buildSnapshot('c', inv), { today: TODAY }).filter((f) => f.code === 'owners-unreadable');
    assert.equal(list.length, 1);
    assert.match(list[0].detail, /^Helm release Secrets in istio-system: forbidden \(RBAC\)[^;]*; Discovery of sailoperator\.io\/v1: timeout\. /);
  });

  it('a Helm release in pending-*: a Helm operation is running or died mid-way', () => {
    const inv = base();
    inv.helmReleaseSecrets = [decodedSecret({ name: 'istiod-1-24-2', version: 6, status: 'pending-upgrade', objects: [] }), decodedSecret({ name: 'istio-base', chart: 'base', objects: [] })];
    const f = runPrecheck(inv, buildSnapshot('c', inv), { today: TODAY }).find((x) => x.code === 'helm-release-pending');
    assert.equal(f?.id, 'helm-pending:istio-system/istiod-1-24-2');
    assert.match(f?.detail ?? '', /Revision 6 .* is pending-upgrade.*helm history istiod-1-24-2 -n istio-system/);
    assert.deepEqual(owners(inv), ['warning helm-pending:istio-system/istiod-1-24-2']);
  });

  it('a tag webhook with Helm annotations that its release does not render (istioctl tag set)', () => {
    const inv = base();
    const rendersProd = helmMarked(tagMwc('prod', '1-24-2'), 'istiod-1-24-2');
    inv.mutatingWebhooks.push(rendersProd, helmMarked(tagMwc('canary', '1-24-2'), 'istiod-1-24-2'), helmMarked(tagMwc('blue', '1-23-4'), 'istiod-1-23-4'));
    inv.helmReleaseSecrets = [decodedSecret({ name: 'istiod-1-24-2', values: { revisionTags: ['prod'] }, objects: [rendered('MutatingWebhookConfiguration', rendersProd)] })];
    // canary: copied annotations, release read → finding; blue: its release was not read → merely unknown, no finding.
    assert.deepEqual(owners(inv), ['info helm-copied:istio-revision-tag-canary']);
    const s = buildSnapshot('c', inv);
    assert.deepEqual(s.tags.map((t) => [t.name, t.managedBy?.kind ?? null]), [['blue', null], ['canary', null], ['prod', 'helm']]);
  });

  it('Sail\'s InUse against ours: "not in use" while we see users is a warning, the other way an info', () => {
    const inv = base();
    inv.ownerReads = { sail: 'served', problems: [] };
    inv.namespaces.push(namespace('shop', { 'istio.io/rev': '1-23-4' }));
    const istio: KSailIstio = { metadata: { name: 'default' }, spec: { version: 'v1.24.2', updateStrategy: { type: 'RevisionBased' } }, status: { activeRevisionName: '1-24-2', revisions: { total: 2, ready: 2, inUse: 1 } } };
    inv.sailIstios = [istio];
    inv.sailRevisions = [{ ...sailRevision('1-23-4', 'False'), metadata: { name: '1-23-4' } }, { ...sailRevision('1-24-2', 'True'), metadata: { name: '1-24-2' } }];
    inv.sailRevisionTags = [];
    // 1-24-2 is not the default and nothing uses it: Sail still says InUse=True.
    assert.deepEqual(owners(inv), ['warning sail-in-use:1-23-4', 'info sail-in-use:1-24-2']);
    const warning = runPrecheck(inv, buildSnapshot('c', inv), { today: TODAY }).find((f) => f.id === 'sail-in-use:1-23-4');
    assert.match(warning?.detail ?? '', /Sail says 1-23-4 is not in use and deletes it after the grace period, but namespace shop still uses it: migrate them first\. Sail's InUse has been False since 2026-03-01T10:00:00Z\./);
  });
});

describe('the Sail view (istio-model.md M13)', () => {
  it('Istio version, strategy, active revision and counts; revisions with Sail\'s and our in-use; tags', () => {
    const inv = base();
    inv.ownerReads = { sail: 'served', problems: [] };
    inv.namespaces.push(namespace('shop', { 'istio.io/rev': 'prod' }));
    inv.mutatingWebhooks.push(sailOwned(tagMwc('prod', '1-24-2'), 'IstioRevisionTag', 'prod'));
    inv.sailIstios = [{ metadata: { name: 'default' }, spec: { version: 'v1.24.2', namespace: 'istio-system', updateStrategy: { type: 'RevisionBased', inactiveRevisionDeletionGracePeriodSeconds: 60 } },
      status: { activeRevisionName: '1-24-2', revisions: { total: 2, ready: 2, inUse: 1 }, state: 'Healthy' } }];
    inv.sailRevisions = [{ ...sailRevision('x', 'False'), metadata: { name: '1-23-4', ownerReferences: [{ apiVersion: 'sailoperator.io/v1', kind: 'Istio', name: 'default', uid: 'u' }] } }, { ...sailRevision('x', 'True'), metadata: { name: '1-24-2' } }];
    const tag: KSailRevisionTag = { metadata: { name: 'prod' }, spec: { targetRef: { kind: 'Istio', name: 'default' } }, status: { istioRevision: '1-24-2' } };
    inv.sailRevisionTags = [tag];
    const view = buildSnapshot('c', inv).owners?.sail;
    assert.deepEqual(view?.istios, [{ name: 'default', version: 'v1.24.2', namespace: 'istio-system', updateStrategy: 'RevisionBased', gracePeriodSeconds: 60, activeRevision: '1-24-2', revisions: { total: 2, ready: 2, inUse: 1 }, state: 'Healthy' }]);
    assert.deepEqual(view?.revisions.map((r) => [r.name, r.istio ?? null, r.ready, r.sailInUse, r.oursInUse, !!r.disagreement]), [
      ['1-23-4', 'default', true, false, false, false],
      ['1-24-2', null, true, true, true, false],
    ]);
    assert.equal(view?.revisions[0].notInUseSince, '2026-03-01T10:00:00Z');
    assert.deepEqual(view?.tags, [{ name: 'prod', targetKind: 'Istio', targetName: 'default', revision: '1-24-2' }]);
  });

  it('an Istio without updateStrategy is InPlace (the CRD default); no view when the cluster does not serve Sail', () => {
    const inv = base();
    inv.ownerReads = { sail: 'served', problems: [] };
    inv.sailIstios = [{ metadata: { name: 'default' }, spec: { version: 'v1.24.2' } }];
    assert.equal(buildSnapshot('c', inv).owners?.sail?.istios[0].updateStrategy, 'InPlace');
    inv.ownerReads = { sail: 'absent', problems: [] };
    assert.equal(buildSnapshot('c', inv).owners?.sail, undefined);
  });
});
