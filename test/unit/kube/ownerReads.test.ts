import { strict as assert } from 'node:assert';
import type { ClusterCache } from '../../../src/kube/clusterCache';
import { HELM_RELEASE_SELECTOR, readOwnerObjects } from '../../../src/kube/ownerReads';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { json, status, type FakeApiServer, type KObject } from './fakeApiServer';
import { clientFor, fakeClusterPerTest, waitFor } from './kubeTestUtil';
import { istiodDeployment } from '../mesh/fixtures';
import { helmMarked, releaseSecret, rendered } from '../mesh/ownerFixtures';

const CACHE_OPTIONS = { relistBackoffMs: 20, maxBackoffMs: 100, batchMs: 10 };

function seed(fake: FakeApiServer): void {
  fake.put('namespaces', { metadata: { name: 'istio-system' } });
  fake.put('namespaces', {
    metadata: {
      name: 'payments', labels: { 'istio.io/rev': 'prod' },
      managedFields: [
        { manager: 'kube-controller-manager', operation: 'Update', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:phase': {} } } },
        { manager: 'argocd-controller', operation: 'Apply', time: '2026-02-01T00:00:00Z', fieldsType: 'FieldsV1',
          fieldsV1: { 'f:metadata': { 'f:labels': { 'f:istio.io/rev': {}, 'f:team': {} }, 'f:annotations': { 'f:x': {} } } } },
      ],
    },
  });
  const istiod = helmMarked(istiodDeployment('1-24-2', '1.24.2'), 'istiod-1-24-2');
  fake.put('deployments', istiod as unknown as KObject);
  const spec = { name: 'istiod-1-24-2', version: 2, values: { revision: '1-24-2' }, objects: [rendered('Deployment', istiod)] };
  fake.put('secrets', releaseSecret(spec) as unknown as KObject);
  fake.put('secrets', releaseSecret({ ...spec, version: 1, status: 'superseded' }) as unknown as KObject);
  fake.put('secrets', { metadata: { name: 'elsewhere', namespace: 'payments', labels: { owner: 'helm', status: 'deployed' } }, data: { release: 'eA==' } });
}

const SAIL_RESOURCES = {
  kind: 'APIResourceList', groupVersion: 'sailoperator.io/v1',
  resources: [{ name: 'istios', kind: 'Istio' }, { name: 'istios/status' }, { name: 'istiorevisions' }, { name: 'istiorevisiontags' }, { name: 'istiocnis' }],
};

function serveSail(fake: FakeApiServer): void {
  fake.interceptors.push((req, res) => {
    if (req.url.pathname !== '/apis/sailoperator.io/v1') return false;
    json(res, 200, SAIL_RESOURCES);
    return true;
  });
  fake.put('istios', {
    metadata: { name: 'default', uid: 'u-istio' },
    spec: { version: 'v1.24.2', namespace: 'istio-system', updateStrategy: { type: 'RevisionBased', inactiveRevisionDeletionGracePeriodSeconds: 30 }, values: { big: 'x'.repeat(100) } },
    status: { activeRevisionName: 'default-v1-24-2', revisions: { total: 1, ready: 1, inUse: 1 }, state: 'Healthy', conditions: [{ type: 'Ready', status: 'True', reason: 'Healthy', message: 'long' }] },
  });
  fake.put('istiorevisions', {
    metadata: { name: 'default-v1-24-2', ownerReferences: [{ apiVersion: 'sailoperator.io/v1', kind: 'Istio', name: 'default', uid: 'u-istio', controller: true }] },
    spec: { version: 'v1.24.2', namespace: 'istio-system', values: { revision: 'default-v1-24-2' } },
    status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'InUse', status: 'True', reason: 'ReferencedByWorkloads', lastTransitionTime: '2026-01-01T00:00:00Z' }] },
  });
  fake.put('istiorevisiontags', { metadata: { name: 'prod' }, spec: { targetRef: { kind: 'Istio', name: 'default' } }, status: { istioRevision: 'default-v1-24-2', istiodNamespace: 'istio-system' } });
}

describe('kube: owner reads (issue 13)', () => {
  const env = fakeClusterPerTest(seed, CACHE_OPTIONS);

  async function started(): Promise<ClusterCache> {
    const cache = env.cache();
    await cache.start();
    return cache;
  }

  it('lists (and watches) the Helm release Secrets of the Istio namespaces only, label-selected, decoded, without their data', async () => {
    const c = await started();
    const secretRequests = env.fake.requests.filter((r) => r.url.pathname.endsWith('/secrets'));
    assert.deepEqual(secretRequests.map((r) => [r.url.pathname, r.url.searchParams.get('labelSelector')]), [['/api/v1/namespaces/istio-system/secrets', HELM_RELEASE_SELECTOR]]);
    await waitFor(() => env.fake.openWatches('secrets') === 1, 3000, 'secrets watch');
    const watch = env.fake.requestsTo('/api/v1/namespaces/istio-system/secrets', true)[0];
    assert.equal(watch.url.searchParams.get('labelSelector'), HELM_RELEASE_SELECTOR, 'the watch keeps the selector');
    const inv = c.inventory();
    // This fake ignores selectors: the superseded revision arrives too, but is not decoded.
    assert.deepEqual(inv.helmReleaseSecrets?.map((s) => [s.metadata.name, s.release?.version ?? null]).sort(),
      [['sh.helm.release.v1.istiod-1-24-2.v1', null], ['sh.helm.release.v1.istiod-1-24-2.v2', 2]]);
    assert.ok(inv.helmReleaseSecrets?.every((s) => !('data' in s)));
    assert.deepEqual(inv.ownerReads, { sail: 'absent', problems: [] });
    assert.equal(buildSnapshot('fake', inv).revisions[0].managedBy?.name, 'istiod-1-24-2');

    const spec = { name: 'istiod-1-24-2', version: 3, status: 'pending-upgrade', objects: [] };
    env.fake.put('secrets', releaseSecret(spec) as unknown as KObject);
    await waitFor(() => (c.inventory().helmReleaseSecrets ?? []).some((s) => s.release?.status === 'pending-upgrade'), 3000, 'watch event decoded');
  });

  it('keeps only the managedFields entries of a Namespace that touch its injection labels', async () => {
    const inv = (await started()).inventory();
    const payments = inv.namespaces.find((n) => n.metadata.name === 'payments');
    assert.deepEqual(payments?.metadata.managedFields, [
      { manager: 'argocd-controller', operation: 'Apply', time: '2026-02-01T00:00:00Z', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:istio.io/rev': {} } } } },
    ]);
    assert.equal('managedFields' in (inv.namespaces.find((n) => n.metadata.name === 'istio-system')?.metadata ?? {}), false);
    assert.deepEqual(buildSnapshot('fake', inv).namespaces.find((n) => n.name === 'payments')?.labelChange,
      { manager: 'argocd-controller', operation: 'Apply', time: '2026-02-01T00:00:00Z', labels: ['istio.io/rev'] });
  });

  it('a 403 on Secrets is not an error: the cluster loads, the owner is unknown, the reason is said once', async () => {
    env.fake.interceptors.push((req, res) => {
      if (!req.url.pathname.endsWith('/secrets')) return false;
      json(res, 403, status(403, 'Forbidden', 'secrets is forbidden: User "viewer" cannot list resource "secrets" in API group "" in the namespace "istio-system"'));
      return true;
    });
    const c = await started();
    await waitFor(() => env.fake.openWatches() === 10, 3000, 'the other watches (the runs\' locks too)');
    assert.equal(env.fake.openWatches('secrets'), 0, 'no watch of a forbidden list');
    assert.equal(c.degraded(), undefined);
    const inv = c.inventory();
    assert.deepEqual(inv.ownerReads?.problems, ['Helm release Secrets in istio-system: forbidden (RBAC): owners read from them stay unknown']);
    const s = buildSnapshot('fake', inv);
    assert.equal(s.revisions[0].managedBy, undefined);
    assert.deepEqual(s.owners?.problems, inv.ownerReads?.problems);
  });

  it('reads the Sail kinds only when discovery shows sailoperator.io/v1, and keeps them current', async () => {
    serveSail(env.fake);
    const c = await started();
    await waitFor(() => env.fake.openWatches('istios') === 1 && env.fake.openWatches('istiorevisiontags') === 1, 3000, 'Sail watches');
    const inv = c.inventory();
    assert.equal(inv.ownerReads?.sail, 'served');
    assert.deepEqual(inv.sailIstios?.[0].spec, { version: 'v1.24.2', namespace: 'istio-system', updateStrategy: { type: 'RevisionBased', inactiveRevisionDeletionGracePeriodSeconds: 30 } });
    assert.deepEqual(inv.sailIstios?.[0].status?.conditions, [{ type: 'Ready', status: 'True', reason: 'Healthy' }]);
    assert.deepEqual(inv.sailRevisions?.[0].status?.conditions?.map((x) => x.type), ['Ready', 'InUse']);
    assert.deepEqual(inv.sailRevisionTags?.[0], { metadata: { name: 'prod', resourceVersion: inv.sailRevisionTags?.[0].metadata.resourceVersion }, spec: { targetRef: { kind: 'Istio', name: 'default' } }, status: { istioRevision: 'default-v1-24-2', istiodNamespace: 'istio-system' } });
    env.fake.put('istiorevisiontags', { metadata: { name: 'canary' }, spec: { targetRef: { kind: 'IstioRevision', name: 'default-v1-24-2' } } });
    await waitFor(() => c.inventory().sailRevisionTags?.length === 2, 3000, 'a new IstioRevisionTag');
    const view = buildSnapshot('fake', c.inventory()).owners?.sail;
    assert.deepEqual(view?.istios.map((i) => [i.name, i.updateStrategy, i.activeRevision]), [['default', 'RevisionBased', 'default-v1-24-2']]);
    assert.deepEqual(view?.tags.map((t) => t.name), ['canary', 'prod']);
  });

  it('readOwnerObjects (a plan\'s fresh read): the same objects, failures as problems', async () => {
    serveSail(env.fake);
    env.fake.interceptors.push((req, res) => {
      if (req.url.pathname !== '/apis/sailoperator.io/v1/istiorevisions') return false;
      json(res, 403, status(403, 'Forbidden', 'istiorevisions.sailoperator.io is forbidden'));
      return true;
    });
    const parts = await readOwnerObjects(clientFor(env.fake), ['istio-system', 'istio-gw']);
    assert.deepEqual(parts.helmReleaseSecrets?.map((s) => s.metadata.name).sort(), ['sh.helm.release.v1.istiod-1-24-2.v1', 'sh.helm.release.v1.istiod-1-24-2.v2']);
    assert.deepEqual([parts.sailIstios?.length, parts.sailRevisions?.length, parts.sailRevisionTags?.length], [1, 0, 1]);
    assert.deepEqual(parts.ownerReads, { sail: 'served', problems: ['Sail Operator resources (sailoperator.io/v1): forbidden (RBAC): owners read from them stay unknown'] });
  });
});
