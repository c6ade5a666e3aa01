import { strict as assert } from 'node:assert';
import type { ServerResponse } from 'node:http';
import type { ResourceKind } from '../../../src/kube/clusterClient';
import type { ClusterCache, ListProgress } from '../../../src/kube/clusterCache';
import { isClusterError, type ClusterError } from '../../../src/kube/clusterError';
import { expireContinueOnce, json, status, type FakeApiServer, type KObject, type RecordedRequest } from './fakeApiServer';
import { clientFor, delay, fakeClusterPerTest, waitFor } from './kubeTestUtil';
import { DEFAULT_RETRY, type RetrySettings } from '../../../src/kube/retryPolicy';

const CACHE_OPTIONS = { relistBackoffMs: 20, maxBackoffMs: 100, batchMs: 10 };

function webhookConfig(
  name: string, serviceNamespace: string, labels: Record<string, string> = { 'istio.io/rev': 'default' },
  hookName = 'rev.namespace.sidecar-injector.istio.io',
): KObject {
  return {
    metadata: { name, labels, managedFields: [{ manager: 'x' }] },
    webhooks: [{ name: hookName, clientConfig: { service: { name: 'webhook', namespace: serviceNamespace } } }],
  };
}

function seed(fake: FakeApiServer): void {
  fake.put('namespaces', { metadata: { name: 'istio-system' } });
  fake.put('namespaces', { metadata: { name: 'demo', labels: { 'istio.io/rev': 'canary' } }, status: { phase: 'Active' } });
  for (let i = 0; i < 5; i++) {
    fake.put('pods', {
      metadata: {
        name: `web-${i}`, namespace: 'demo', labels: { app: 'web' },
        annotations: { 'sidecar.istio.io/status': '{"revision":"canary"}', 'kubectl.kubernetes.io/last-applied-configuration': '{"big":true}' },
        managedFields: [{ manager: 'kubectl', fieldsV1: { big: true } }],
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        containers: [{ name: 'app', image: 'web:1', env: [{ name: 'A', value: 'b' }] }, { name: 'istio-proxy', image: 'proxyv2:1.7.0' }],
        volumes: [{ name: 'v' }], nodeName: 'n1',
      },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastProbeTime: null }], podIP: '10.0.0.1' },
    });
  }
  fake.put('deployments', {
    metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod', 'istio.io/rev': 'default' } },
    spec: { replicas: 1, selector: { matchLabels: { app: 'istiod' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: { metadata: { labels: { app: 'istiod' } }, spec: { containers: [{ name: 'discovery', image: 'pilot:1.7.0', args: ['x'], readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 3 } }] } } },
    status: { replicas: 1, readyReplicas: 1, conditions: [{ type: 'Available' }] },
  });
  fake.put('mutatingwebhookconfigurations', webhookConfig('istio-sidecar-injector', 'istio-system'));
  fake.put('mutatingwebhookconfigurations', webhookConfig('cert-manager-webhook', 'cert-manager', {}, 'webhook.cert-manager.io'));
  fake.put('services', { metadata: { name: 'istiod', namespace: 'istio-system' }, spec: { selector: { app: 'istiod' }, ports: [{ name: 'https-webhook', port: 443, targetPort: 15017, protocol: 'TCP' }], clusterIP: '10.1.1.1' } });
  fake.put('services', { metadata: { name: 'other', namespace: 'demo' }, spec: {} });
  fake.put('configmaps', { metadata: { name: 'istio-sidecar-injector', namespace: 'istio-system' }, data: { values: '{}' } });
  fake.put('configmaps', { metadata: { name: 'istio-sidecar-injector-canary', namespace: 'istio-canary' }, data: { values: '{"canary":true}' } });
}

const STREAMS = 11; // 7 cluster-wide kinds + services, configmaps and Helm release Secrets of istio-system + the runs' locks (leases)

describe('kube/clusterCache (against a local HTTPS server)', () => {
  const env = fakeClusterPerTest(seed, CACHE_OPTIONS);

  async function started(pageSize = 2, retry?: RetrySettings): Promise<ClusterCache> {
    const cache = env.cache({ pageSize, retry });
    await cache.start();
    await waitFor(() => env.fake.openWatches() === STREAMS, 3000, 'all watches open');
    return cache;
  }

  it('lists every kind once (paged), Services/ConfigMaps/Helm Secrets only in the Istio namespace, then watches each', async () => {
    const c = await started();
    const lists = env.fake.requests.filter((r) => r.url.searchParams.get('watch') !== 'true');
    // pods: 5 items at page size 2 → 3 requests; the other 10 lists (the runs' locks too) fit one page; plus the Sail discovery GET.
    assert.equal(lists.length, 14);
    assert.equal(env.fake.requestsTo('/api/v1/pods', false).length, 3);
    assert.deepEqual(lists.filter((r) => /services|configmaps|secrets/.test(r.url.pathname)).map((r) => r.url.pathname).sort(),
      ['/api/v1/namespaces/istio-system/configmaps', '/api/v1/namespaces/istio-system/secrets', '/api/v1/namespaces/istio-system/services']);
    assert.equal(env.fake.requestsTo('/apis/sailoperator.io/v1').length, 1, 'one discovery GET (404: no Sail)');
    assert.deepEqual(c.istioNamespaces(), ['istio-system'], 'the cert-manager webhook is not Istio');
    const watches = env.fake.requests.filter((r) => r.url.searchParams.get('watch') === 'true');
    assert.equal(watches.length, STREAMS);
    assert.ok(watches.every((r) => r.url.searchParams.get('resourceVersion') === String(env.fake.rv)));

    const inv = c.inventory();
    assert.equal(inv.namespaces.length, 2);
    assert.equal(inv.pods.length, 5);
    assert.deepEqual([inv.deployments.length, inv.mutatingWebhooks.length, inv.services.length, inv.configMaps.length], [1, 2, 1, 1]);
    assert.equal(c.stats().requests, 14 + STREAMS);
    assert.equal(c.stats().objects, 12);
  });

  it('trims objects to the fields the mesh model reads', async () => {
    const inv = (await started()).inventory();
    const pod = inv.pods[0];
    assert.deepEqual(pod, {
      metadata: {
        name: 'web-0', namespace: 'demo', labels: { app: 'web' },
        annotations: { 'sidecar.istio.io/status': '{"revision":"canary"}' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'u1', controller: true }],
      },
      spec: { containers: [{ name: 'app', image: 'web:1' }, { name: 'istio-proxy', image: 'proxyv2:1.7.0' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    // Pods of one ReplicaSet share their (frozen) labels, containers and owner; Pods keep no uid/resourceVersion.
    const sibling = inv.pods.find((p) => p !== pod && p.metadata.labels?.app === 'web' && p.spec?.containers[0]?.image === 'web:1');
    assert.ok(sibling, 'the fixture has five web Pods');
    assert.equal(sibling.metadata.labels, pod.metadata.labels);
    assert.equal(sibling.spec?.containers, pod.spec?.containers);
    assert.ok(Object.isFrozen(pod.metadata.labels) && Object.isFrozen(pod.spec?.containers));
    assert.throws(() => { (pod.metadata.labels as Record<string, string>).app = 'x'; }, TypeError);
    const istiod = inv.deployments[0];
    assert.equal(istiod.kind, 'Deployment');
    // The blast radius reads whether there is a readiness probe (kept as {}) and the rollout strategy's numbers.
    assert.deepEqual(istiod.spec?.template?.spec?.containers, [{ name: 'discovery', image: 'pilot:1.7.0', readinessProbe: {} }]);
    assert.deepEqual(istiod.status, { replicas: 1, readyReplicas: 1 });
    assert.deepEqual(istiod.spec?.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } });
    assert.equal('managedFields' in inv.mutatingWebhooks[0].metadata, false);
    assert.deepEqual(inv.services[0].spec, { selector: { app: 'istiod' }, ports: [{ name: 'https-webhook', port: 443, targetPort: 15017 }] });
  });

  it('applies watch events and batches change notifications by kind', async () => {
    const c = await started();
    const batches: ResourceKind[][] = [];
    c.onChange((kinds) => batches.push([...kinds].sort()));
    env.fake.put('pods', { metadata: { name: 'new', namespace: 'demo' } });
    env.fake.remove('pods', 'demo', 'web-0');
    env.fake.put('namespaces', { metadata: { name: 'demo', labels: { 'istio.io/rev': 'stable' } } }, 'MODIFIED');
    await waitFor(() => batches.length >= 1);
    await delay(30);
    assert.deepEqual(batches, [['namespaces', 'pods']]);
    const inv = c.inventory();
    assert.deepEqual(inv.pods.map((p) => p.metadata.name).sort(), ['new', 'web-1', 'web-2', 'web-3', 'web-4']);
    assert.equal(inv.namespaces.find((n) => n.metadata.name === 'demo')?.metadata.labels?.['istio.io/rev'], 'stable');
  });

  it('relists a kind after 410 Gone and rewatches from the new resourceVersion', async () => {
    const c = await started();
    const changes: ResourceKind[][] = [];
    c.onChange((kinds) => changes.push(kinds));
    // Changes the watch never delivered: only a relist can see them.
    env.fake.store.get('pods')?.delete('demo/web-1');
    env.fake.store.get('pods')?.set('demo/missed', { metadata: { name: 'missed', namespace: 'demo', resourceVersion: String(++env.fake.rv) } });
    const listsBefore = env.fake.requestsTo('/api/v1/pods', false).length;
    env.fake.watchError('pods', 410);
    await waitFor(() => env.fake.openWatches('pods') === 1, 3000, 'rewatch');
    assert.equal(env.fake.requestsTo('/api/v1/pods', false).length, listsBefore + 3);
    assert.deepEqual(c.inventory().pods.map((p) => p.metadata.name).sort(), ['missed', 'web-0', 'web-2', 'web-3', 'web-4']);
    const rewatch = env.fake.requestsTo('/api/v1/pods', true).at(-1);
    assert.equal(rewatch?.url.searchParams.get('resourceVersion'), String(env.fake.rv));
    await waitFor(() => changes.some((k) => k.includes('pods')));
    assert.equal(c.stats().relists, 1);
  });

  it('rewatches from the last resourceVersion after a normal close', async () => {
    const c = await started();
    env.fake.put('deployments', { metadata: { name: 'web', namespace: 'demo' } });
    await waitFor(() => c.inventory().deployments.length === 2);
    const rv = String(env.fake.rv);
    await delay(1000); // a watch that lived for a while reconnects at once
    env.fake.closeWatches('deployments');
    await waitFor(() => env.fake.requestsTo('/apis/apps/v1/deployments', true).length === 2, 3000, 'rewatch');
    assert.equal(env.fake.requestsTo('/apis/apps/v1/deployments', true)[1].url.searchParams.get('resourceVersion'), rv);
    assert.equal(env.fake.requestsTo('/apis/apps/v1/deployments', false).length, 1, 'no relist');
  });

  it('resumes a running watch that drops mid-stream from its last resourceVersion, without reporting an error', async () => {
    const c = await started();
    const errors: string[] = [];
    c.onError((e) => errors.push(e.message));
    await delay(1100); // a watch that lived a while is resumed at once
    env.fake.put('namespaces', { metadata: { name: 'before-drop' } });
    await waitFor(() => c.inventory().namespaces.length === 3, 3000, 'the event before the drop');
    const rv = env.fake.rv;
    env.fake.dropWatches('namespaces');
    await waitFor(() => env.fake.openWatches('namespaces') === 1, 3000, 'the watch resumed');
    const resumed = env.fake.requestsTo('/api/v1/namespaces', true).at(-1);
    assert.equal(resumed?.url.searchParams.get('resourceVersion'), String(rv));
    env.fake.put('namespaces', { metadata: { name: 'after-drop' } });
    await waitFor(() => c.inventory().namespaces.length === 4, 3000, 'the event after the drop');
    assert.deepEqual(errors, []);
    assert.equal(c.degraded(), undefined);
    assert.equal(c.stats().relists, 0);
  });

  it('reports other watch errors, retries with backoff, and recovers', async () => {
    // The client's own retries are off: the cache's backoff is what is tested here.
    const c = await started(2, { ...DEFAULT_RETRY, maxAttempts: 1 });
    const errors: [string, ResourceKind][] = [];
    c.onError((e, kind) => errors.push([e.kind, kind]));
    let refuse = 2;
    env.fake.interceptors.push((req, res) => {
      if (req.url.pathname !== '/api/v1/namespaces' || req.url.searchParams.get('watch') !== 'true' || refuse === 0) return false;
      refuse--;
      json(res, 500, status(500, 'InternalError', 'etcd leader changed'));
      return true;
    });
    env.fake.watchError('namespaces', 500);
    await waitFor(() => errors.length === 3, 3000, 'three errors');
    assert.deepEqual(errors, [['unknown', 'namespaces'], ['unknown', 'namespaces'], ['unknown', 'namespaces']]);
    assert.ok(c.degraded());
    await waitFor(() => env.fake.openWatches('namespaces') === 1, 3000, 'recovered watch');
    await waitFor(() => c.degraded() === undefined, 3000, 'degraded cleared');
    env.fake.put('namespaces', { metadata: { name: 'after' } });
    await waitFor(() => c.inventory().namespaces.length === 3);
  });

  it('follows the Istio namespaces: a webhook pointing at a new namespace starts its Services/ConfigMaps', async () => {
    const c = await started();
    env.fake.put('mutatingwebhookconfigurations', webhookConfig('istio-sidecar-injector-canary', 'istio-canary', { 'istio.io/rev': 'canary' }));
    await waitFor(() => c.inventory().configMaps.length === 2, 3000, 'canary configmap');
    assert.deepEqual(c.istioNamespaces(), ['istio-canary', 'istio-system']);
    await waitFor(() => env.fake.openWatches('configmaps') === 2 && env.fake.openWatches('services') === 2, 3000, 'new watches');
    env.fake.put('services', { metadata: { name: 'istiod-canary', namespace: 'istio-canary' } });
    await waitFor(() => c.inventory().services.length === 2);

    env.fake.remove('mutatingwebhookconfigurations', undefined, 'istio-sidecar-injector-canary');
    await waitFor(() => c.istioNamespaces().length === 1, 3000, 'namespace dropped');
    assert.deepEqual(c.inventory().configMaps.map((m) => m.metadata.namespace), ['istio-system']);
    await waitFor(() => env.fake.openWatches('configmaps') === 1);
  });

  it('rejects start() with the ClusterError of a failed initial LIST and leaves nothing running', async () => {
    env.fake.interceptors.push((req, res) => {
      if (req.url.pathname !== '/api/v1/pods') return false;
      json(res, 403, status(403, 'Forbidden', 'pods is forbidden: User "limited" cannot list resource "pods" in API group "" at the cluster scope'));
      return true;
    });
    const cache = env.cache();
    let error: ClusterError | undefined;
    await cache.start().catch((e: unknown) => { if (isClusterError(e)) error = e; });
    assert.equal(error?.kind, 'forbidden');
    assert.equal(error?.message, 'forbidden: cannot list pods at cluster scope (RBAC)');
    await delay(50);
    assert.equal(env.fake.openWatches(), 0);
  });

  it('lists and watches only our namespace locks (by their label); a lock taken or released reaches leases() and notifies', async () => {
    const c = await started();
    const { fake } = env;
    const [list] = fake.requestsTo('/apis/coordination.k8s.io/v1/leases', false);
    assert.equal(list.url.searchParams.get('labelSelector'), 'app.kubernetes.io/managed-by=istio-canary-upgrades');
    assert.equal(fake.requestsTo('/apis/coordination.k8s.io/v1/leases', true)[0].url.searchParams.get('labelSelector'), 'app.kubernetes.io/managed-by=istio-canary-upgrades');
    const changes: { kinds: ResourceKind[]; namespaces?: string[] }[] = [];
    c.onChange((kinds, namespaces) => changes.push({ kinds, namespaces: namespaces && [...namespaces] }));
    const lease: KObject = { metadata: { name: 'istio-canary-upgrade-lock', namespace: 'demo', labels: { 'app.kubernetes.io/managed-by': 'istio-canary-upgrades' }, managedFields: [{ manager: 'x' }] },
      spec: { holderIdentity: 'ana@laptop/run r/pid 1', leaseDurationSeconds: 30, renewTime: '2026-01-01T00:00:00.000000Z' } };
    fake.put('leases', lease);
    await waitFor(() => c.leases().length === 1, 3000, 'the lock');
    assert.deepEqual(c.leases()[0], { metadata: { name: 'istio-canary-upgrade-lock', namespace: 'demo', labels: lease.metadata.labels, resourceVersion: lease.metadata.resourceVersion }, spec: lease.spec });
    await waitFor(() => changes.length > 0, 3000, 'a change');
    assert.deepEqual(changes[0], { kinds: ['leases'], namespaces: ['demo'] });
    assert.equal(c.inventory().namespaces.length, 2, 'locks are not part of the mesh inventory');
  });

  it('a cluster that forbids reading leases still loads: the locks are just unavailable', async () => {
    const { fake } = env;
    fake.interceptors.push((req, res) => {
      if (req.url.pathname !== '/apis/coordination.k8s.io/v1/leases') return false;
      json(res, 403, status(403, 'Forbidden', 'leases.coordination.k8s.io is forbidden: User "limited" cannot list resource "leases" in API group "coordination.k8s.io" at the cluster scope'));
      return true;
    });
    const cache = env.cache();
    await cache.start();
    assert.equal(cache.leasesUnavailable()?.kind, 'forbidden');
    assert.deepEqual(cache.leases(), []);
    await waitFor(() => fake.openWatches() === STREAMS - 1, 3000, 'every other watch open');
    assert.equal(fake.openWatches('leases'), 0);
  });

  it('stop() closes every watch', async () => {
    const c = await started();
    c.stop();
    await waitFor(() => env.fake.openWatches() === 0, 3000, 'watches closed');
  });

  it('calls onControlPlane once everything but the pods and their workloads is listed (first paint), before start resolves', async () => {
    let held: ServerResponse | undefined;
    env.fake.interceptors.push((req, res) => {
      if (req.url.pathname !== '/api/v1/pods' || req.url.searchParams.get('watch') === 'true' || held) return false;
      held = res;
      return true;
    });
    const c = env.cache({ pageSize: 100 });
    let seen: { namespaces: number; deployments: number; services: number; pods: number } | undefined;
    let resolved = false;
    const starting = c.start(undefined, () => {
      const inv = c.inventory();
      seen = { namespaces: inv.namespaces.length, deployments: inv.deployments.length, services: inv.services.length, pods: inv.pods.length };
    }).then(() => { resolved = true; });
    await waitFor(() => seen !== undefined, 3000, 'the control plane');
    assert.deepEqual(seen, { namespaces: 2, deployments: 1, services: 1, pods: 0 });
    assert.equal(resolved, false);
    const pod = { metadata: { name: 'late', namespace: 'demo' }, spec: { containers: [] }, status: { phase: 'Running' } };
    json(held as ServerResponse, 200, { kind: 'PodList', metadata: { resourceVersion: '1' }, items: [pod] });
    await starting;
    assert.deepEqual(c.inventory().pods.map((p) => p.metadata.name), ['late']);
  });

  describe('pods fill in as their pages stream (onProgress)', () => {
    const zetaPod = (name: string): KObject => ({ metadata: { name, namespace: 'zeta' }, spec: { containers: [] }, status: { phase: 'Running' } });

    /** Holds the pods LIST page that starts at `offset` until release() answers it as the server would. */
    function holdPodPage(offset: string): { held: () => boolean; release: () => void } {
      let held: { req: RecordedRequest; res: ServerResponse } | undefined;
      let released = false;
      env.fake.interceptors.push((req, res) => {
        if (req.url.pathname !== '/api/v1/pods' || req.url.searchParams.get('continue') !== offset || held || released) return false;
        held = { req, res };
        return true;
      });
      return {
        held: () => held !== undefined,
        release: () => {
          released = true;
          if (held) env.fake.respond(held.req, held.res);
        },
      };
    }

    it('puts each page of pods into the inventory as it arrives and reports its namespaces; watches wait for the last page', async () => {
      env.fake.put('pods', zetaPod('a'));
      env.fake.put('pods', zetaPod('b'));
      const gate = holdPodPage('4');
      const c = env.cache({ pageSize: 2 });
      const progress: ListProgress[] = [];
      let resolved = false;
      const starting = c.start(undefined, undefined, (p) => progress.push(p)).then(() => { resolved = true; });
      await waitFor(gate.held, 3000, 'the third page of pods');
      await waitFor(() => c.inventory().pods.length === 4, 3000, 'two pages of pods');
      assert.deepEqual(c.inventory().pods.map((p) => p.metadata.name), ['web-0', 'web-1', 'web-2', 'web-3']);
      assert.equal(c.inventory().pods[0].metadata.managedFields, undefined, 'pages are trimmed');
      const pods = () => progress.filter((p) => p.kind === 'pods').map((p) => ({ namespaces: p.namespaces && [...p.namespaces], listed: p.listed }));
      assert.deepEqual(pods(), [{ namespaces: ['demo'], listed: 2 }, { namespaces: ['demo'], listed: 4 }]);
      assert.equal(resolved, false);
      assert.equal(env.fake.openWatches(), 0, 'no watch before every LIST is in');
      gate.release();
      await starting;
      assert.deepEqual(pods().slice(2), [{ namespaces: ['demo', 'zeta'], listed: 6 }, { namespaces: ['zeta'], listed: 7 }]);
      const once = await clientFor(env.fake, { pageSize: 100 }).list('pods', { trim: true });
      assert.deepEqual(c.inventory().pods, once.items, 'what one LIST gives, in its order');
      await waitFor(() => env.fake.openWatches() === STREAMS, 3000, 'all watches open');
      const podWatch = env.fake.requestsTo('/api/v1/pods', true)[0];
      assert.equal(podWatch.url.searchParams.get('resourceVersion'), once.resourceVersion, 'the watch starts from the LIST\'s resourceVersion');
    });

    it('an expired continue token (410) drops the pages listed so far: the inventory never holds a pod twice', async () => {
      env.fake.put('pods', zetaPod('a'));
      expireContinueOnce(env.fake, '/api/v1/pods', '4');
      const c = env.cache({ pageSize: 2 });
      const sizes: (number | undefined)[] = [];
      await c.start(undefined, undefined, (p) => {
        if (p.kind === 'pods') sizes.push(p.namespaces === undefined ? undefined : c.inventory().pods.length);
      });
      assert.deepEqual(sizes, [2, 4, undefined, 4, 6], 'the restart is reported without namespaces (its first page alone is in), then the pages add up again');
      assert.deepEqual(c.inventory().pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`),
        ['demo/web-0', 'demo/web-1', 'demo/web-2', 'demo/web-3', 'demo/web-4', 'zeta/a']);
    });
  });
});
