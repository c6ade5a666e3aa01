/**
 * The owner scenarios on a real kube-apiserver: the CRDs register, and the Helm, Sail and GitOps objects read back
 * as the simulator made them — labels, annotations, ownerReferences (re-pointed at the real owners' uids), custom
 * resources with spec and status — and the Helm release Secrets decode (base64 twice, gunzip, JSON) to the same
 * releases.
 */
import { strict as assert } from 'node:assert';
import { gunzipSync } from 'node:zlib';
import { createSimCluster, loadScenario, type SimCluster } from '../../src/sim/cluster';
import type { KubeObject } from '../../src/sim/core/types';
import { findScenario } from '../../src/sim/scenarios/index';
import { rawOk, type RawApi } from '../contract/rawApi';
import { resourcePath } from './ownerFixtures';
import { startRealHarness } from './realHarness';
import { describeReal } from './realSuite';

/** Written by the servers' controllers, not by the scenario. */
const SERVER_ANNOTATIONS = ['deployment.kubernetes.io/revision'];
const OWNED = ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'deployments', 'services', 'configmaps'];

/** The scenario as the harness's simulator made it (same seed, so the same uids); only clock readings differ. */
function source(scenario: string): SimCluster {
  const s = findScenario(scenario)!;
  const c = createSimCluster({ seed: s.seed });
  loadScenario(c, s);
  return c;
}

/** Clock readings: condition transitions, Helm's createdAt/modifiedAt labels and deploy times. */
const CLOCK_FIELDS = new Set(['lastTransitionTime', 'createdAt', 'modifiedAt', 'first_deployed', 'last_deployed']);

function timeless<T>(value: T): T {
  if (Array.isArray(value)) return value.map(timeless) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => !CLOCK_FIELDS.has(k)).map(([k, v]) => [k, timeless(v)])) as T;
  return value;
}

function annotations(o: KubeObject): Record<string, string> {
  return Object.fromEntries(Object.entries(o.metadata.annotations ?? {}).filter(([k]) => !SERVER_ANNOTATIONS.includes(k)));
}

/** ownerReferences by kind/name; uids must be the target owners'. */
function owners(o: KubeObject): string[] {
  return (o.metadata.ownerReferences ?? []).map((r) => `${r.apiVersion} ${r.kind}/${r.name} controller=${r.controller} block=${r.blockOwnerDeletion}`);
}

async function get(api: RawApi, c: SimCluster, resource: string, o: KubeObject): Promise<KubeObject> {
  return (await rawOk(api, 'GET', resourcePath(c.api.resources.byName(resource)!, o.metadata.namespace, o.metadata.name))) as KubeObject;
}

/** `kubectl get secret … -o jsonpath='{.data.release}' | base64 -d | base64 -d | gunzip`. */
function decodeRelease(secret: KubeObject): Record<string, unknown> {
  const outer = (secret.data as Record<string, string>).release;
  const inner = Buffer.from(Buffer.from(outer, 'base64').toString('utf8'), 'base64');
  assert.deepEqual([...inner.subarray(0, 3)], [0x1f, 0x8b, 0x08], 'gzip magic after two base64 decodes');
  return JSON.parse(gunzipSync(inner).toString('utf8')) as Record<string, unknown>;
}

/** Every object of the owned kinds that carries an owner's marks, compared with its copy on the server. */
async function compareMarked(api: RawApi, c: SimCluster, marked: (o: KubeObject) => boolean, uids: Map<string, string>): Promise<number> {
  let n = 0;
  for (const resource of OWNED) {
    for (const want of c.store.list(resource).filter(marked)) {
      const got = await get(api, c, resource, want);
      const what = `${want.kind} ${want.metadata.namespace ?? ''}/${want.metadata.name}`;
      assert.deepEqual(got.metadata.labels, want.metadata.labels, `${what}: labels`);
      assert.deepEqual(annotations(got), annotations(want), `${what}: annotations`);
      assert.deepEqual(owners(got), owners(want), `${what}: ownerReferences`);
      for (const ref of got.metadata.ownerReferences ?? []) assert.ok([...uids.values()].includes(ref.uid), `${what}: owner uid ${ref.uid} is a real object's`);
      n++;
    }
  }
  return n;
}

async function compareSecrets(api: RawApi, c: SimCluster): Promise<string[]> {
  const names: string[] = [];
  for (const want of c.store.list('secrets').filter((s) => s.type === 'helm.sh/release.v1')) {
    const got = await get(api, c, 'secrets', want);
    assert.equal(got.type, 'helm.sh/release.v1');
    assert.deepEqual(timeless(got.metadata.labels), timeless(want.metadata.labels));
    const release = decodeRelease(got);
    assert.deepEqual(timeless(release), timeless(decodeRelease(want)));
    names.push(`${want.metadata.name}:${(release.info as { status: string }).status}`);
  }
  return names;
}

/** Loads `scenario` into the real API server and runs `check` with it and the simulator's own copy. */
async function onReal(scenario: string, check: (raw: RawApi, c: SimCluster) => Promise<void>): Promise<void> {
  const h = await startRealHarness(scenario);
  const c = source(scenario);
  try {
    await check(h.raw, c);
  } finally {
    c.stop();
  }
}

describeReal('owner scenarios', () => {
  it('helm-canary: Helm-marked objects, the istioctl-made tag and the release Secrets read back unchanged', async () => {
    await onReal('helm-canary', async (raw, c) => {
      const n = await compareMarked(raw, c, (o) => o.metadata.labels?.['app.kubernetes.io/managed-by'] === 'Helm', new Map());
      assert.ok(n >= 15, `${n} Helm-marked objects compared`);
      assert.deepEqual((await compareSecrets(raw, c)).sort(), [
        'sh.helm.release.v1.istio-base.v1:superseded', 'sh.helm.release.v1.istio-base.v2:deployed', 'sh.helm.release.v1.istio-ingress.v1:deployed',
        'sh.helm.release.v1.istiod-1-24-3.v1:deployed', 'sh.helm.release.v1.istiod-1-25-1.v1:deployed',
      ]);
      const staging = (await rawOk(raw, 'GET', '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/istio-revision-tag-staging')) as KubeObject;
      assert.equal(staging.metadata.annotations?.['meta.helm.sh/release-name'], 'istiod-1-25-1');
    });
  });

  it('sail-revision-based: the Sail CRDs register; Istio, IstioRevisions and the tag keep spec and status; owned objects point at their real owners', async () => {
    await onReal('sail-revision-based', async (raw, c) => {
      const resources = (await rawOk(raw, 'GET', '/apis/sailoperator.io/v1')) as { resources: { name: string }[] };
      assert.deepEqual(resources.resources.map((r) => r.name).filter((r) => !r.includes('/')).sort(), ['istiorevisions', 'istiorevisiontags', 'istios']);
      const uids = new Map<string, string>();
      for (const resource of ['istios', 'istiorevisions', 'istiorevisiontags']) {
        for (const want of c.store.list(resource)) {
          const got = await get(raw, c, resource, want);
          assert.deepEqual(got.spec, want.spec, `${resource}/${want.metadata.name} spec`);
          assert.deepEqual(timeless(got.status), timeless(want.status), `${resource}/${want.metadata.name} status`);
          assert.deepEqual(owners(got), owners(want), `${resource}/${want.metadata.name} ownerReferences`);
          uids.set(want.metadata.uid ?? '', got.metadata.uid ?? '');
        }
      }
      const revision = (await rawOk(raw, 'GET', '/apis/sailoperator.io/v1/istiorevisions/default-v1-24-3')) as KubeObject;
      const istio = (await rawOk(raw, 'GET', '/apis/sailoperator.io/v1/istios/default')) as KubeObject;
      assert.equal(revision.metadata.ownerReferences?.[0]?.uid, istio.metadata.uid, 'the IstioRevision names the real Istio\'s uid');
      const n = await compareMarked(raw, c, (o) => o.metadata.labels?.['managed-by'] === 'sail-operator', uids);
      assert.ok(n >= 13, `${n} Sail-owned objects compared`);
      assert.deepEqual((await compareSecrets(raw, c)).sort(), [
        'sh.helm.release.v1.default-base.v1:superseded', 'sh.helm.release.v1.default-base.v2:deployed',
        'sh.helm.release.v1.default-revisiontags.v1:superseded', 'sh.helm.release.v1.default-revisiontags.v2:deployed',
        'sh.helm.release.v1.default-v1-24-3-istiod.v1:deployed', 'sh.helm.release.v1.default-v1-25-1-istiod.v1:deployed',
      ]);
    });
  });

  it('gitops: managed namespaces keep their tracking annotations and owner labels; the Applications and the Kustomization exist', async () => {
    await onReal('gitops', async (raw, c) => {
      for (const m of c.git.all()) {
        const want = c.store.get('namespaces', undefined, m.name)!;
        const got = (await rawOk(raw, 'GET', `/api/v1/namespaces/${m.name}`)) as KubeObject;
        assert.deepEqual(got.metadata.labels, want.metadata.labels, `${m.name}: labels`);
        assert.deepEqual(got.metadata.annotations ?? {}, want.metadata.annotations ?? {}, `${m.name}: annotations`);
      }
      const apps = (await rawOk(raw, 'GET', '/apis/argoproj.io/v1alpha1/namespaces/argocd/applications')) as { items: KubeObject[] };
      assert.deepEqual(apps.items.map((a) => `${a.metadata.name}:${JSON.stringify((a.spec as { syncPolicy: unknown }).syncPolicy)}`), [
        'payments:{"automated":{"prune":true,"selfHeal":true}}', 'reports:{"automated":{"prune":true,"selfHeal":false}}', 'storefront:{"automated":{"prune":true,"selfHeal":true}}',
      ]);
      assert.deepEqual(apps.items.map((a) => (a.status as { sync: { status: string } }).sync.status), ['Synced', 'Synced', 'Synced']);
      await rawOk(raw, 'GET', '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps');
    });
  });
});
