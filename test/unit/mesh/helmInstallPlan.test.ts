import { strict as assert } from 'node:assert';
import * as yaml from 'js-yaml';
import type { HelmRelease, ManagedBy, MeshSnapshot } from '../../../src/mesh/model';
import { planHelmInstall } from '../../../src/mesh/helmInstallPlan';
import { installMethodOf } from '../../../src/mesh/installMethod';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { installRevision, inventory } from './fixtures';

const releases: HelmRelease[] = [
  { name: 'istiod-1-24-3', namespace: 'istio-system', version: 1, status: 'deployed', chart: 'istiod', chartVersion: '1.24.3', revision: '1-24-3', revisionTags: ['prod'] },
  { name: 'istio-base', namespace: 'istio-system', version: 1, status: 'deployed', chart: 'base', chartVersion: '1.24.3', defaultRevision: '1-24-3', revisionTags: [] },
];

function helmSnapshot(): MeshSnapshot {
  const s = buildSnapshot('prod', installRevision(inventory(), '1-24-3', '1.24.3'));
  const owner: ManagedBy = { kind: 'helm', name: 'istiod-1-24-3', namespace: 'istio-system', resource: 'release', evidence: [] };
  return { ...s, revisions: s.revisions.map((r) => ({ ...r, managedBy: owner })), defaultRevision: { name: '1-24-3', source: 'istiod-default-validator' }, owners: { helmReleases: releases, problems: [] } };
}

describe('install helper: the Helm path and which path to propose', () => {
  it('proposes the way the cluster was installed: Sail, Helm, else istioctl', () => {
    assert.deepEqual(installMethodOf(helmSnapshot()), { method: 'helm', why: 'Helm release istiod-1-24-3' });
    const sail = { ...helmSnapshot(), owners: { helmReleases: [], problems: [], sail: { istios: [{ name: 'default', revisions: {} }], revisions: [], tags: [] } } };
    assert.equal(installMethodOf(sail).method, 'sail');
    assert.equal(installMethodOf(buildSnapshot('c', installRevision(inventory(), '1-24-3', '1.24.3'))).method, 'istioctl');
    assert.equal(installMethodOf(undefined).method, 'istioctl');
  });

  it('the Helm canary procedure: base first, istiod-<rev> with revision=<rev>; later defaultRevision and the old release\'s uninstall', () => {
    const r = planHelmInstall(helmSnapshot(), { version: '1.25.2', context: 'prod' });
    assert.ok(r.ok);
    assert.deepEqual(r.plan.steps.map((s) => s.argv), [
      ['helm', 'repo', 'add', 'istio', 'https://istio-release.storage.googleapis.com/charts'],
      ['helm', 'repo', 'update', 'istio'],
      ['helm', 'upgrade', 'istio-base', 'istio/base', '--version', '1.25.2', '--namespace', 'istio-system', '--kube-context', 'prod', '--reuse-values'],
      ['helm', 'install', 'istiod-1-25-2', 'istio/istiod', '--version', '1.25.2', '--namespace', 'istio-system', '--kube-context', 'prod', '--set', 'revision=1-25-2'],
    ]);
    assert.deepEqual(r.plan.later.map((s) => s.argv), [
      ['helm', 'upgrade', 'istio-base', 'istio/base', '--version', '1.25.2', '--namespace', 'istio-system', '--kube-context', 'prod', '--reuse-values', '--set', 'defaultRevision=1-25-2'],
      ['helm', 'uninstall', 'istiod-1-24-3', '--namespace', 'istio-system', '--kube-context', 'prod'],
    ]);
    assert.deepEqual(yaml.loadAll(r.plan.valuesYaml), [{ revision: '1-25-2' }, { defaultRevision: '1-25-2' }]);
  });

  it('refuses what istioctl would refuse (an existing revision, dots) before building any command', () => {
    assert.deepEqual(planHelmInstall(helmSnapshot(), { version: '1.24.3', revision: '1-24-3', context: 'prod' }), { ok: false, error: 'Revision 1-24-3 already exists in prod.' });
    assert.equal(planHelmInstall(helmSnapshot(), { version: '1.25.2', revision: '1.25.2', context: 'prod' }).ok, false);
  });
});
