import { strict as assert } from 'node:assert';
import type { ClusterClient, ListOptions, ResourceKind } from '../../../src/kube/clusterClient';
import type { ClusterInventory } from '../../../src/mesh/kubeObjects';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { verifyNamespaces as judge } from '../../../src/mesh/verification';
import { ControlPlaneCache } from '../../../src/upgrade/controlPlaneContext';
import { readInventory } from '../../../src/upgrade/inventoryReader';
import { readScopedInventory } from '../../../src/upgrade/scopedInventory';
import { verifyNamespaces } from '../../../src/upgrade/verifyNamespaces';
import {
  ISTIO_NS, defaultValidator, deployment, deploymentPods, injected118, installRevision, inventory, namespace, pod, tagMwc, tagService,
} from '../mesh/fixtures';

const FIELD: Record<ResourceKind, keyof ClusterInventory | undefined> = {
  namespaces: 'namespaces', pods: 'pods', deployments: 'deployments', statefulsets: 'statefulSets', daemonsets: 'daemonSets',
  replicasets: undefined, mutatingwebhookconfigurations: 'mutatingWebhooks', validatingwebhookconfigurations: 'validatingWebhooks',
  services: 'services', configmaps: 'configMaps', leases: undefined,
  poddisruptionbudgets: undefined, horizontalpodautoscalers: undefined, jobs: undefined,
  secrets: 'helmReleaseSecrets', istios: 'sailIstios', istiorevisions: 'sailRevisions', istiorevisiontags: 'sailRevisionTags',
};

type Meta = { metadata: { name: string; namespace?: string; labels?: Record<string, string> } };

/** `k=v[,k=v]` selectors only: enough for `app=istiod` and `metadata.name=x`. */
function matches(selector: string | undefined, value: (key: string) => string | undefined): boolean {
  return !selector || selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return value(k) === v;
  });
}

/** LIST over a fixed inventory; every call is recorded as "kind namespace|* labelSelector fieldSelector". */
function listingClient(inv: ClusterInventory): ClusterClient & { lists: string[] } {
  const lists: string[] = [];
  const client = {
    context: 'fake', lists,
    async list(kind: ResourceKind, o: ListOptions = {}) {
      lists.push([kind, o.namespace ?? '*', o.labelSelector, o.fieldSelector].filter(Boolean).join(' '));
      const field = FIELD[kind];
      const all = (field ? inv[field] : []) as Meta[];
      const items = all.filter((x) => (o.namespace === undefined || x.metadata.namespace === o.namespace)
        && matches(o.labelSelector, (k) => x.metadata.labels?.[k])
        && matches(o.fieldSelector, (k) => (k === 'metadata.name' ? x.metadata.name : undefined)));
      const copies = structuredClone(items);
      o.onPage?.(copies, { restarted: false });
      return { items: copies, resourceVersion: '1', requests: 1 };
    },
  };
  return client as unknown as ClusterClient & { lists: string[] };
}

/** Two revisions, a tag, namespaces on each (one with a stale pod), an Istio namespace with istiod pods. */
function cluster(): ClusterInventory {
  const inv = inventory();
  installRevision(inv, '1-7-6', '1.7.6');
  installRevision(inv, '1-8-0', '1.8.0');
  inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'));
  inv.validatingWebhooks.push(defaultValidator('1-7-6'));
  inv.services.push(tagService('prod', '1-7-6'));
  inv.namespaces.push(namespace(ISTIO_NS), namespace('a', { 'istio.io/rev': 'prod' }), namespace('b', { 'istio.io/rev': '1-8-0' }),
    namespace('c', { 'istio.io/rev': '1-8-0' }), namespace('plain'));
  inv.pods.push(pod('istiod-1-7-6-x', ISTIO_NS, { labels: { app: 'istiod', 'istio.io/rev': '1-7-6' } }));
  for (const ns of ['a', 'b', 'c']) inv.deployments.push(deployment('web', ns, { replicas: 2 }));
  inv.pods.push(...deploymentPods('web', 'a', [injected118('1-7-6', '1.7.6'), injected118('1-7-6', '1.7.6')]));
  inv.pods.push(...deploymentPods('web', 'b', [injected118('1-8-0', '1.8.0'), injected118('1-8-0', '1.8.0')]));
  inv.pods.push(...deploymentPods('web', 'c', [injected118('1-8-0', '1.8.0'), injected118('1-7-6', '1.7.6')]));
  return inv;
}

const clusterWide = (lists: string[]): string[] => lists.filter((l) => l.split(' ')[1] === '*' && !l.includes('metadata.name='));

describe('scoped inventory: the control-plane context once, the named namespaces each time', () => {
  it('reads no list of every namespace: the named Namespace objects by metadata.name, their pods and workloads in-namespace', async () => {
    const client = listingClient(cluster());
    const inv = await readScopedInventory(client, ['a', 'b', 'a']);
    assert.deepEqual(clusterWide(client.lists).sort(), [
      'deployments * app=istiod', 'mutatingwebhookconfigurations *', 'validatingwebhookconfigurations *',
    ]);
    assert.deepEqual(client.lists.filter((l) => l.startsWith('namespaces')).sort(), [
      'namespaces * metadata.name=a', 'namespaces * metadata.name=b', `namespaces * metadata.name=${ISTIO_NS}`,
    ]);
    assert.deepEqual(inv.namespaces.map((n) => n.metadata.name), ['a', 'b', ISTIO_NS]);
    assert.deepEqual([...new Set(inv.pods.map((p) => p.metadata.namespace))], ['a', 'b', ISTIO_NS]);
  });

  it('gives the verification exactly the verdicts of the full read, for any namespaces (Istio, missing, stale, tagged)', async () => {
    const names = ['a', 'b', 'c', ISTIO_NS, 'nope', 'plain'];
    const expected = (ns: string) => (ns === 'a' ? '1-7-6' : ns === 'b' || ns === 'c' ? '1-8-0' : undefined);
    const full = await readInventory(listingClient(cluster()), { namespaces: names });
    const before = judge(buildSnapshot('fake', full), full, names, expected);
    const after = await verifyNamespaces(listingClient(cluster()), names, { expectedRevision: expected });
    assert.deepEqual(after, before);
    // c has a stale pod; istiod's own pod has no controller (warn); nope does not exist.
    assert.deepEqual(after.map((v) => v.verdict), ['pass', 'pass', 'fail', 'warn', 'fail', 'pass']);
  });

  it('plans the same migration as the full read', async () => {
    const names = ['a', 'plain'];
    const full = buildSnapshot('fake', await readInventory(listingClient(cluster()), { namespaces: names }));
    const scoped = buildSnapshot('fake', await readScopedInventory(listingClient(cluster()), names));
    for (const n of names) assert.deepEqual(scoped.namespaces.find((x) => x.name === n), full.namespaces.find((x) => x.name === n));
    assert.deepEqual(scoped.revisions.map((r) => [r.name, r.version, r.tags, r.isDefault]), full.revisions.map((r) => [r.name, r.version, r.tags, r.isDefault]));
    assert.deepEqual(scoped.tags, full.tags);
  });

  it('takes a freshly read Istio namespace over the cached one', async () => {
    const inv = cluster();
    const client = listingClient(inv);
    const cache = new ControlPlaneCache(client, 60_000);
    await cache.get();
    inv.pods.push(pod('new-gateway', ISTIO_NS));
    const scoped = await readScopedInventory(client, [ISTIO_NS], { controlPlane: cache });
    assert.deepEqual(scoped.pods.map((p) => p.metadata.name).sort(), ['istiod-1-7-6-x', 'new-gateway']);
    assert.equal(scoped.namespaces.filter((n) => n.metadata.name === ISTIO_NS).length, 1);
  });

  it('refuses a cache of another cluster', async () => {
    const cache = new ControlPlaneCache(listingClient(cluster()));
    const other = Object.assign(listingClient(cluster()), { context: 'other' });
    await assert.rejects(readScopedInventory(other, ['a'], { controlPlane: cache }), /read from fake, not other/);
  });
});

describe('ControlPlaneCache', () => {
  const reads = (lists: string[]): number => lists.filter((l) => l.startsWith('mutatingwebhookconfigurations')).length;

  it('shares one read until it is older than maxAgeMs, then reads again', async () => {
    let now = 1000;
    const client = listingClient(cluster());
    const cache = new ControlPlaneCache(client, 5000, () => now);
    const [x, y] = await Promise.all([cache.get(), cache.get()]);
    assert.equal(x, y);
    now += 5000;
    assert.equal(await cache.get(), x);
    assert.equal(reads(client.lists), 1);
    now += 1;
    assert.notEqual(await cache.get(), x);
    assert.equal(reads(client.lists), 2);
    cache.invalidate();
    await cache.get();
    assert.equal(reads(client.lists), 3);
  });

  it('forgets a failed read, so the next caller reads again', async () => {
    const client = listingClient(cluster());
    const real = client.list.bind(client);
    let fail = true;
    client.list = ((kind: ResourceKind, o?: ListOptions) => {
      if (fail && kind === 'validatingwebhookconfigurations') return Promise.reject(new Error('boom'));
      return real(kind, o);
    }) as ClusterClient['list'];
    const cache = new ControlPlaneCache(client, 60_000);
    await assert.rejects(cache.get(), /boom/);
    fail = false;
    assert.equal((await cache.get()).validatingWebhooks.length, 1);
  });

  it('lets many verifications share one context read: cluster-wide LISTs do not grow with the namespaces', async () => {
    const names = ['a', 'b', 'c', 'plain'];
    const client = listingClient(cluster());
    const cache = new ControlPlaneCache(client, 60_000);
    for (const n of names) await verifyNamespaces(client, [n], { controlPlane: cache });
    assert.equal(clusterWide(client.lists).length, 3);
    assert.equal(client.lists.filter((l) => l.startsWith('pods a')).length, 1);
  });
});
