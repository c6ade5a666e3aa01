import { strict as assert } from 'node:assert';
import type { HelmRelease, ManagedBy } from '../../../src/mesh/model';
import { ownerAdvice } from '../../../src/mesh/owners/ownerAdvice';
import { ownerShort, ownerText, revertedBy } from '../../../src/mesh/owners/ownerText';

const helm: ManagedBy = { kind: 'helm', name: 'istiod-1-24-3', namespace: 'istio-system', resource: 'release', chart: 'istiod 1.24.3', evidence: [] };
const releases: HelmRelease[] = [
  { name: 'istiod-1-24-3', namespace: 'istio-system', version: 4, status: 'deployed', chart: 'istiod', chartVersion: '1.24.3', revision: '1-24-3', revisionTags: ['prod', 'stable'] },
  { name: 'istiod-1-25-0', namespace: 'istio-system', version: 1, status: 'deployed', chart: 'istiod', chartVersion: '1.25.0', revision: '1-25-0', revisionTags: [] },
  { name: 'istio-base', namespace: 'istio-system', version: 2, status: 'deployed', chart: 'base', chartVersion: '1.25.0', defaultRevision: '1-24-3', revisionTags: [] },
];

describe('owner text and the owner-native way (issue 13)', () => {
  it('names every owner kind the way the tree shows it', () => {
    assert.equal(ownerText(helm), 'Helm release istiod-1-24-3 · istiod 1.24.3');
    assert.equal(ownerText({ ...helm, releaseStatus: 'pending-upgrade' }), 'Helm release istiod-1-24-3 · istiod 1.24.3 · ⚠ pending-upgrade');
    assert.equal(ownerShort({ kind: 'sail', name: 'prod', resource: 'IstioRevisionTag', evidence: [] }), 'Sail IstioRevisionTag prod');
    assert.equal(ownerShort({ kind: 'argocd', name: 'payments', resource: 'Application', evidence: [] }), 'Argo CD app payments');
    assert.equal(ownerShort({ kind: 'flux', name: 'payments', namespace: 'apps', resource: 'Kustomization', evidence: [] }), 'Flux Kustomization apps/payments');
    assert.equal(ownerShort({ kind: 'istioctl', name: 'installed-state', resource: 'IstioOperator', evidence: [] }), 'istioctl install (IstioOperator installed-state)');
    assert.match(revertedBy(helm), /next `helm upgrade` or `helm rollback` of istiod-1-24-3/);
  });

  it('Helm tag move: remove it from the old release\'s revisionTags, add it to the target revision\'s release', () => {
    const a = ownerAdvice(helm, { kind: 'move-tag', tag: 'prod', from: '1-24-3', to: '1-25-0' }, releases);
    assert.deepEqual(a.commands, [
      ['helm', 'upgrade', 'istiod-1-24-3', 'istio/istiod', '--version', '1.24.3', '--namespace', 'istio-system', '--reuse-values', '--set', 'revisionTags={stable}'],
      ['helm', 'upgrade', 'istiod-1-25-0', 'istio/istiod', '--version', '1.25.0', '--namespace', 'istio-system', '--reuse-values', '--set', 'revisionTags={prod}'],
    ]);
    assert.match(a.ownerWay, /remove it there and add it to istiod-1-25-0's/);
    const removal = ownerAdvice(helm, { kind: 'remove-revision', revision: '1-24-3' }, releases);
    assert.deepEqual(removal.commands, [['helm', 'uninstall', 'istiod-1-24-3', '--namespace', 'istio-system']]);
  });

  it('Sail tag move patches the IstioRevisionTag; removal of a revision is Sail\'s own pruning', () => {
    const sail: ManagedBy = { kind: 'sail', name: 'prod', resource: 'IstioRevisionTag', evidence: [] };
    const a = ownerAdvice(sail, { kind: 'move-tag', tag: 'prod', from: 'default-v1-24-3', to: 'default-v1-25-0' });
    assert.deepEqual(a.commands, [['kubectl', 'patch', 'istiorevisiontag', 'prod', '--type', 'merge', '-p', '{"spec":{"targetRef":{"kind":"IstioRevision","name":"default-v1-25-0"}}}']]);
    assert.match(a.yaml ?? '', /kind: IstioRevisionTag\n[\s\S]*name: default-v1-25-0/);
    assert.match(ownerAdvice(sail, { kind: 'remove-revision', revision: 'default-v1-24-3' }).ownerWay, /grace period/);
  });

  it('GitOps relabel: commit the label change, with the YAML to commit', () => {
    const argo: ManagedBy = { kind: 'argocd', name: 'payments', resource: 'Application', evidence: [] };
    const a = ownerAdvice(argo, { kind: 'relabel-namespace', namespace: 'payments', set: { 'istio.io/rev': 'canary' }, remove: ['istio-injection'] });
    assert.equal(a.yaml, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n  labels:\n    istio.io/rev: "canary"\n');
    assert.match(a.ownerWay, /Argo CD app payments and delete istio-injection/);
    assert.match(a.reverts, /Argo CD puts Git's values back/);
    assert.deepEqual(a.commands, []);
  });
});
