import { strict as assert } from 'node:assert';
import { createSimCluster, loadScenario, type SimCluster } from '../../../src/sim/cluster';
import { resourceByName } from '../../../src/sim/core/resourceRegistry';
import type { KubeObject, RequestContext } from '../../../src/sim/core/types';
import { findScenario } from '../../../src/sim/scenarios/index';

const ADMIN: RequestContext = { user: 'admin' };
const NAMESPACES = resourceByName('namespaces');
const settle = (ms = 20) => new Promise((r) => setTimeout(r, ms));

function load(selfHealDelayMs = 0): SimCluster {
  const c = createSimCluster({ seed: 'gitops', selfHealDelayMs });
  loadScenario(c, findScenario('gitops')!);
  return c;
}

const labels = (c: SimCluster, ns: string) => c.store.get('namespaces', undefined, ns)?.metadata.labels;
const relabel = (c: SimCluster, ns: string, patch: Record<string, string | null>, extra: Record<string, unknown> = {}) =>
  c.api.patch(NAMESPACES, undefined, ns, 'merge', JSON.stringify({ metadata: { labels: patch, ...extra } }), ADMIN);
/** What a migration does: one merge patch, istio-injection removed, istio.io/rev set. */
const MIGRATE = { 'istio-injection': null, 'istio.io/rev': 'canary' };

function managedBy(manager: string, key: string) {
  return { manager, operation: 'Update', apiVersion: 'v1', time: '2026-02-01T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:labels': { [`f:${key}`]: {} } } } };
}

describe('sim: GitOps self-heal (gitops scenario)', () => {
  let c: SimCluster;
  afterEach(() => c?.stop());

  it('marks namespaces the way Argo CD and Flux do; Git holds what they applied; sandbox is unmanaged', () => {
    c = load();
    const payments = c.store.get('namespaces', undefined, 'payments')!;
    assert.deepEqual(payments.metadata.labels, { 'istio-injection': 'enabled', team: 'payments' });
    assert.equal(payments.metadata.annotations?.['argocd.argoproj.io/tracking-id'], 'payments:/Namespace:/payments');
    assert.deepEqual(JSON.parse(payments.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'] ?? '{}').metadata.labels, { 'istio-injection': 'enabled', team: 'payments' });
    const catalog = c.store.get('namespaces', undefined, 'catalog')!;
    assert.deepEqual(catalog.metadata.labels, { 'istio-injection': 'enabled', 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system' });
    assert.deepEqual((catalog.metadata.managedFields as { manager: string; operation: string }[]).map((m) => `${m.manager}/${m.operation}`), ['kustomize-controller/Apply']);
    assert.deepEqual(c.store.list('applications', 'argocd').map((a) => `${a.metadata.name}:${(a.spec as { syncPolicy: { automated: { selfHeal: boolean } } }).syncPolicy.automated.selfHeal}`),
      ['payments:true', 'reports:false', 'storefront:true']);
    assert.ok(c.store.get('kustomizations', 'flux-system', 'apps'));
    assert.deepEqual(c.git.all().map((m) => `${m.name}:${m.owner.kind}`).sort(), ['catalog:flux', 'checkout:argocd', 'inventory:flux', 'payments:argocd', 'reports:argocd']);
    const sandbox = c.store.get('namespaces', undefined, 'sandbox')!;
    assert.equal(sandbox.metadata.annotations, undefined);
    assert.equal(c.git.get('namespaces', undefined, 'sandbox'), undefined);
    for (const ns of ['payments', 'checkout', 'reports', 'catalog', 'inventory', 'sandbox']) assert.ok(c.store.list('pods', ns).length >= 1, ns);
  });

  it('Argo CD self-heal puts back Git labels (istio-injection) but leaves labels Git does not have (istio.io/rev)', async () => {
    c = load();
    relabel(c, 'payments', { ...MIGRATE, team: 'hijacked' });
    assert.deepEqual(labels(c, 'payments'), { 'istio.io/rev': 'canary', team: 'hijacked' });
    await settle();
    assert.deepEqual(labels(c, 'payments'), { 'istio-injection': 'enabled', 'istio.io/rev': 'canary', team: 'payments' });
  });

  it('an Application without selfHeal, an ignoreDifferences pointer and an unmanaged namespace keep the change', async () => {
    c = load();
    relabel(c, 'reports', MIGRATE);
    relabel(c, 'sandbox', MIGRATE);
    const apps = c.api.resources.byName('applications')!;
    c.api.patch(apps, 'argocd', 'storefront', 'merge', JSON.stringify({ spec: { ignoreDifferences: [{ group: '', kind: 'Namespace', jsonPointers: ['/metadata/labels/istio.io~1rev'] }] } }), ADMIN);
    relabel(c, 'checkout', { 'istio.io/rev': 'canary' });
    await settle();
    assert.deepEqual(labels(c, 'reports'), { 'istio.io/rev': 'canary' });
    assert.deepEqual(labels(c, 'sandbox'), { 'istio.io/rev': 'canary' });
    assert.deepEqual(labels(c, 'checkout'), { 'istio.io/rev': 'canary', team: 'storefront' });
  });

  it('Flux restores Git labels and strips labels last written by a kubectl manager, not those of other managers', async () => {
    c = load();
    const current = (ns: string) => (c.store.get('namespaces', undefined, ns)!.metadata.managedFields as unknown[]);
    relabel(c, 'catalog', MIGRATE, { managedFields: [...current('catalog'), managedBy('istio-canary-upgrades', 'istio.io/rev')] });
    relabel(c, 'inventory', { 'istio.io/rev': 'canary', 'sidecar.istio.io/inject': 'false' }, { managedFields: [...current('inventory'), managedBy('kubectl-label', 'sidecar.istio.io/inject')] });
    await settle();
    assert.deepEqual(labels(c, 'catalog'), {
      'istio-injection': 'enabled', 'istio.io/rev': 'canary', 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
    });
    assert.deepEqual(labels(c, 'inventory'), {
      'istio.io/rev': 'prod', team: 'inventory', 'kustomize.toolkit.fluxcd.io/name': 'apps', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
    });
    const managers = (current('inventory') as { manager: string }[]).map((m) => m.manager);
    assert.ok(!managers.includes('kubectl-label'), 'the stripped field leaves kubectl-label\'s entry');
  });

  it('Flux leaves a suspended Kustomization\'s objects and ones annotated reconcile: disabled alone', async () => {
    c = load();
    c.api.patch(NAMESPACES, undefined, 'catalog', 'merge', JSON.stringify({ metadata: { annotations: { 'kustomize.toolkit.fluxcd.io/reconcile': 'disabled' } } }), ADMIN);
    relabel(c, 'catalog', MIGRATE);
    await settle();
    assert.equal(labels(c, 'catalog')?.['istio-injection'], undefined);
    const ks = c.api.resources.byName('kustomizations')!;
    c.api.patch(ks, 'flux-system', 'apps', 'merge', JSON.stringify({ spec: { suspend: true } }), ADMIN);
    relabel(c, 'inventory', { 'istio.io/rev': 'canary' });
    await settle();
    assert.equal(labels(c, 'inventory')?.['istio.io/rev'], 'canary');
  });

  it('a change committed to Git is kept; the delay holds the revert back', async () => {
    c = load();
    const m = c.git.get('namespaces', undefined, 'payments')!;
    c.git.set({ ...m, labels: { 'istio.io/rev': 'canary', team: 'payments' } });
    relabel(c, 'payments', MIGRATE);
    await settle();
    assert.deepEqual(labels(c, 'payments'), { 'istio.io/rev': 'canary', team: 'payments' });
    c.stop();

    c = load(60_000);
    relabel(c, 'payments', MIGRATE);
    await settle(50);
    assert.equal(labels(c, 'payments')?.['istio-injection'], undefined, 'not yet: self-heal waits selfHealDelayMs');
  });

  it('the self-heal write is the controller\'s: one MODIFIED event, then quiet', async () => {
    c = load();
    const events: KubeObject[] = [];
    const off = c.store.subscribe((e) => {
      if (e.resource === 'namespaces' && e.object.metadata.name === 'payments') events.push(e.object);
    });
    relabel(c, 'payments', MIGRATE);
    await settle(60);
    off();
    assert.deepEqual(events.map((o) => o.metadata.labels?.['istio-injection'] ?? '-'), ['-', 'enabled']);
  });
});
