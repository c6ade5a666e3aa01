import { strict as assert } from 'node:assert';
import { createSimCluster, loadScenario, type SimCluster } from '../../../src/sim/cluster';
import { resourceByName } from '../../../src/sim/core/resourceRegistry';
import type { KubeObject, RequestContext } from '../../../src/sim/core/types';
import { readReleaseSecret } from '../../../src/sim/helm/releaseSecret';
import { findScenario } from '../../../src/sim/scenarios/index';
import { sailCrds } from '../../../src/sim/scenarios/sailCrds';
import { deployment, namespace } from '../../../src/sim/scenarios/workloadObjects';

const ADMIN: RequestContext = { user: 'admin' };
const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));

function load(operatorDelayMs = 0): SimCluster {
  const c = createSimCluster({ seed: 'sail', operatorDelayMs });
  loadScenario(c, findScenario('sail-revision-based')!);
  return c;
}

const cr = (c: SimCluster, resource: string, name: string) => c.store.get(resource, undefined, name)!;
const status = (o: KubeObject) => o.status as Record<string, unknown> & { conditions?: { type: string; status: string; reason: string }[] };
const cond = (o: KubeObject, type: string) => status(o).conditions?.find((x) => x.type === type);
const mwc = (c: SimCluster, name: string) => c.store.get('mutatingwebhookconfigurations', undefined, name);
const serviceOf = (w: KubeObject | undefined) => ((w?.webhooks as { clientConfig: { service: { name: string } } }[] | undefined) ?? [])[0]?.clientConfig.service.name;
const releases = (c: SimCluster, ns: string) => c.store.list('secrets', ns).map((s) => `${s.metadata.name}=${s.metadata.labels?.status}`);

function patch(c: SimCluster, resource: string, ns: string | undefined, name: string, body: unknown, type: 'merge' | 'json' | 'strategic' = 'merge'): KubeObject {
  const t = c.api.resources.byName(resource)!;
  return c.api.patch(t, ns, name, type, JSON.stringify(body), ADMIN);
}

describe('sim: the Sail Operator (sail-revision-based)', () => {
  let c: SimCluster;
  afterEach(() => c?.stop());

  it('renders the revisions, the tag and their Helm releases with Sail\'s marks; statuses as Sail reports them', () => {
    c = load();
    const istio = cr(c, 'istios', 'default');
    assert.equal(status(istio).activeRevisionName, 'default-v1-25-1');
    assert.deepEqual(status(istio).revisions, { total: 2, ready: 2, inUse: 2 });
    assert.equal(status(istio).state, 'Healthy');
    assert.deepEqual(c.store.list('istiorevisions').map((r) => `${r.metadata.name}:${(r.spec as { version: string }).version}:${cond(r, 'Ready')?.status}:${cond(r, 'InUse')?.status}`),
      ['default-v1-24-3:v1.24.3:True:True', 'default-v1-25-1:v1.25.1:True:True']);
    const rev = cr(c, 'istiorevisions', 'default-v1-24-3');
    assert.deepEqual(rev.metadata.ownerReferences?.map((o) => `${o.kind}/${o.name}/${o.controller}`), ['Istio/default/true']);
    const tag = cr(c, 'istiorevisiontags', 'default');
    assert.equal(status(tag).istioRevision, 'default-v1-25-1');
    assert.equal(status(tag).istiodNamespace, 'istio-system');
    assert.equal(status(tag).state, 'Healthy');
    const injector = mwc(c, 'istio-sidecar-injector-default-v1-24-3')!;
    assert.equal(injector.metadata.labels?.['managed-by'], 'sail-operator');
    assert.equal(injector.metadata.labels?.['app.kubernetes.io/managed-by'], 'Helm');
    assert.deepEqual(injector.metadata.annotations, { 'meta.helm.sh/release-name': 'default-v1-24-3-istiod', 'meta.helm.sh/release-namespace': 'istio-system' });
    assert.deepEqual(injector.metadata.ownerReferences, [{ apiVersion: 'sailoperator.io/v1', kind: 'IstioRevision', name: 'default-v1-24-3', uid: rev.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    for (const d of c.store.list('deployments', 'istio-system')) assert.equal(d.metadata.ownerReferences?.[0]?.kind, 'IstioRevision', d.metadata.name);
    const tagHook = mwc(c, 'istio-revision-tag-default')!;
    assert.deepEqual(tagHook.metadata.ownerReferences?.map((o) => `${o.kind}/${o.name}`), ['IstioRevisionTag/default']);
    assert.equal(tagHook.metadata.labels?.['istio.io/rev'], 'default-v1-25-1');
    assert.equal(serviceOf(tagHook), 'istiod-default-v1-25-1');
    assert.deepEqual(releases(c, 'istio-system').sort(), [
      'sh.helm.release.v1.default-revisiontags.v1=superseded', 'sh.helm.release.v1.default-revisiontags.v2=deployed',
      'sh.helm.release.v1.default-v1-24-3-istiod.v1=deployed', 'sh.helm.release.v1.default-v1-25-1-istiod.v1=deployed',
    ]);
    assert.deepEqual(releases(c, 'sail-operator').sort(), ['sh.helm.release.v1.default-base.v1=superseded', 'sh.helm.release.v1.default-base.v2=deployed']);
    const manifest = readReleaseSecret(c.store.get('secrets', 'istio-system', 'sh.helm.release.v1.default-v1-24-3-istiod.v1')!).manifest;
    assert.match(manifest, /# Source: istiod\/templates\/mutatingwebhook.yaml\n[^]*name: istio-sidecar-injector-default-v1-24-3/);
    assert.match(manifest, /managed-by: sail-operator/);
  });

  it('a new targetRef re-renders the tag webhook and moves status.istioRevision', () => {
    c = load();
    patch(c, 'istiorevisiontags', undefined, 'default', { spec: { targetRef: { kind: 'IstioRevision', name: 'default-v1-24-3' } } });
    const hook = mwc(c, 'istio-revision-tag-default')!;
    assert.equal(hook.metadata.labels?.['istio.io/rev'], 'default-v1-24-3');
    assert.equal(serviceOf(hook), 'istiod-default-v1-24-3');
    assert.equal(status(cr(c, 'istiorevisiontags', 'default')).istioRevision, 'default-v1-24-3');
    assert.ok(releases(c, 'istio-system').includes('sh.helm.release.v1.default-revisiontags.v3=deployed'));
    assert.equal(c.store.get('validatingwebhookconfigurations', undefined, 'istiod-default-validator')?.metadata.labels?.['istio.io/rev'], 'default-v1-24-3');
  });

  it('reverts a direct edit of the tag webhook after the delay, keeps edits under sailoperator.io/ignore and caBundle changes', async () => {
    c = load(0);
    const moved = patch(c, 'mutatingwebhookconfigurations', undefined, 'istio-revision-tag-default', [
      { op: 'replace', path: '/webhooks/0/clientConfig/service/name', value: 'istiod-default-v1-24-3' },
      { op: 'replace', path: '/metadata/labels/istio.io~1rev', value: 'default-v1-24-3' },
    ], 'json');
    assert.equal(serviceOf(moved), 'istiod-default-v1-24-3', 'the edit is accepted by the API server');
    await settle();
    assert.equal(serviceOf(mwc(c, 'istio-revision-tag-default')), 'istiod-default-v1-25-1', 'and undone by the operator');
    assert.equal(mwc(c, 'istio-revision-tag-default')?.metadata.labels?.['istio.io/rev'], 'default-v1-25-1');

    patch(c, 'mutatingwebhookconfigurations', undefined, 'istio-revision-tag-default', [{ op: 'replace', path: '/webhooks/0/clientConfig/caBundle', value: 'bmV3IGNh' }], 'json');
    const before = mwc(c, 'istio-revision-tag-default')!.metadata.resourceVersion;
    await settle();
    assert.equal(mwc(c, 'istio-revision-tag-default')!.metadata.resourceVersion, before, 'a caBundle update is istiod\'s: no revert');

    patch(c, 'mutatingwebhookconfigurations', undefined, 'istio-revision-tag-default', { metadata: { annotations: { 'sailoperator.io/ignore': 'true' } } });
    patch(c, 'mutatingwebhookconfigurations', undefined, 'istio-revision-tag-default', [{ op: 'replace', path: '/webhooks/0/clientConfig/service/name', value: 'istiod-default-v1-24-3' }], 'json');
    await settle();
    assert.equal(serviceOf(mwc(c, 'istio-revision-tag-default')), 'istiod-default-v1-24-3', 'ignored objects keep the edit');
  });

  it('leaves the edit in place until operatorDelayMs has passed', async () => {
    c = load(60_000);
    patch(c, 'mutatingwebhookconfigurations', undefined, 'istio-sidecar-injector-default-v1-24-3', { metadata: { labels: { 'istio.io/rev': 'hijacked' } } });
    await settle(50);
    assert.equal(mwc(c, 'istio-sidecar-injector-default-v1-24-3')?.metadata.labels?.['istio.io/rev'], 'hijacked');
  });

  it('reverts a changed istiod Deployment but keeps a rollout restart; recreates a deleted owned object', async () => {
    c = load(0);
    const deploy = resourceByName('deployments');
    const image = (d: KubeObject | undefined) => (d?.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image;
    patch(c, 'deployments', 'istio-system', 'istiod-default-v1-25-1', { spec: { template: { spec: { containers: [{ name: 'discovery', image: 'docker.io/istio/pilot:9.9.9' }] } } } }, 'strategic');
    await settle();
    assert.equal(image(c.store.get('deployments', 'istio-system', 'istiod-default-v1-25-1')), 'docker.io/istio/pilot:1.25.1');
    const rv = c.store.get('secrets', 'istio-system', 'sh.helm.release.v1.default-v1-25-1-istiod.v2')?.metadata.labels?.status;
    assert.equal(rv, 'deployed', 'the revert is a Helm upgrade: a new release revision');

    c.api.patch(deploy, 'istio-system', 'istiod-default-v1-25-1', 'strategic', JSON.stringify({ spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } } } } }), ADMIN);
    await settle();
    const restarted = c.store.get('deployments', 'istio-system', 'istiod-default-v1-25-1')!;
    assert.equal((restarted.spec as { template: { metadata: { annotations: Record<string, string> } } }).template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], '2026-01-01T00:00:00Z');
    assert.equal(c.store.get('secrets', 'istio-system', 'sh.helm.release.v1.default-v1-25-1-istiod.v3'), undefined, 'no upgrade for a restart');

    c.api.delete(resourceByName('mutatingwebhookconfigurations'), undefined, 'istio-revision-tag-default', ADMIN);
    assert.equal(mwc(c, 'istio-revision-tag-default'), undefined);
    await settle();
    assert.ok(mwc(c, 'istio-revision-tag-default'), 'recreated by the next reconcile');
  });

  it('a new Istio.spec.version creates the next revision and moves activeRevisionName (the tag follows)', () => {
    c = load();
    patch(c, 'istios', undefined, 'default', { spec: { version: 'v1.26.0' } });
    const istio = cr(c, 'istios', 'default');
    assert.equal(status(istio).activeRevisionName, 'default-v1-26-0');
    assert.deepEqual(c.store.list('istiorevisions').map((r) => r.metadata.name), ['default-v1-24-3', 'default-v1-25-1', 'default-v1-26-0']);
    assert.ok(c.store.get('deployments', 'istio-system', 'istiod-default-v1-26-0'));
    assert.equal(status(cr(c, 'istiorevisiontags', 'default')).istioRevision, 'default-v1-26-0');
    assert.equal(serviceOf(mwc(c, 'istio-revision-tag-default')), 'istiod-default-v1-26-0');
    assert.deepEqual((status(cr(c, 'istios', 'default')).revisions as { total: number }).total, 3);
  });

  /** Moves every workload off default-v1-24-3: `pinned` relabelled, all namespaces restarted. */
  function retireOldRevision(): void {
    patch(c, 'namespaces', undefined, 'pinned', { metadata: { labels: { 'istio.io/rev': 'default' } } });
    for (const [ns, name] of [['bookinfo', 'productpage'], ['bookinfo', 'reviews'], ['orders', 'orders-api'], ['pinned', 'ledger']]) {
      patch(c, 'deployments', ns, name, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } } } } }, 'strategic');
    }
  }

  it('an inactive revision nothing uses turns InUse=False and stays during its grace period', async () => {
    c = load();
    patch(c, 'istios', undefined, 'default', { spec: { updateStrategy: { inactiveRevisionDeletionGracePeriodSeconds: 3600 } } });
    retireOldRevision();
    const old = cr(c, 'istiorevisions', 'default-v1-24-3');
    assert.equal(cond(old, 'InUse')?.status, 'False');
    assert.equal(cond(old, 'InUse')?.reason, 'NotReferencedByAnything');
    assert.deepEqual(status(cr(c, 'istios', 'default')).revisions, { total: 2, ready: 2, inUse: 1 });
    await settle(50);
    assert.ok(c.store.get('istiorevisions', undefined, 'default-v1-24-3'), 'still within the grace period');
  });

  it('prunes it when the grace period is over: the revision, its objects and its release', async () => {
    c = load();
    patch(c, 'istios', undefined, 'default', { spec: { updateStrategy: { inactiveRevisionDeletionGracePeriodSeconds: 1 } } });
    retireOldRevision();
    for (let i = 0; i < 100 && c.store.get('istiorevisions', undefined, 'default-v1-24-3'); i++) await settle(50);
    assert.equal(c.store.get('istiorevisions', undefined, 'default-v1-24-3'), undefined, 'pruned');
    assert.equal(c.store.get('deployments', 'istio-system', 'istiod-default-v1-24-3'), undefined);
    assert.equal(mwc(c, 'istio-sidecar-injector-default-v1-24-3'), undefined);
    assert.ok(!releases(c, 'istio-system').some((r) => r.includes('default-v1-24-3-istiod')), 'its release is uninstalled');
    assert.deepEqual(status(cr(c, 'istios', 'default')).revisions, { total: 1, ready: 1, inUse: 1 });
  });

  it('acts only while its Deployment exists: Sail resources alone stay untouched until the operator starts', () => {
    c = createSimCluster({ seed: 'sail-off', operatorDelayMs: 0 });
    loadScenario(c, { name: 'crds-only', seed: 'x', description: '', load: (ctx) => ctx.apply(sailCrds(), namespace('istio-system')) });
    const istios = c.api.resources.byName('istios')!;
    c.api.create(istios, undefined, { apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name: 'default' }, spec: { version: 'v1.25.1', updateStrategy: { type: 'RevisionBased' } } }, ADMIN);
    assert.equal(c.store.count('istiorevisions'), 0);
    assert.equal(cr(c, 'istios', 'default').status, undefined);
    c.api.create(resourceByName('namespaces'), undefined, namespace('sail-operator'), ADMIN);
    c.api.create(resourceByName('deployments'), 'sail-operator', deployment('sail-operator', 'sail-operator', { podLabels: { app: 'sail-operator' } }), ADMIN);
    assert.deepEqual(c.store.list('istiorevisions').map((r) => r.metadata.name), ['default-v1-25-1']);
    assert.ok(c.store.get('deployments', 'istio-system', 'istiod-default-v1-25-1'));
    assert.equal(status(cr(c, 'istios', 'default')).activeRevisionName, 'default-v1-25-1');
  });

  it('never prunes the active revision or one still in use', async () => {
    c = load();
    patch(c, 'istios', undefined, 'default', { spec: { updateStrategy: { inactiveRevisionDeletionGracePeriodSeconds: 0 } } });
    await settle();
    assert.deepEqual(c.store.list('istiorevisions').map((r) => r.metadata.name), ['default-v1-24-3', 'default-v1-25-1']);
  });
});
