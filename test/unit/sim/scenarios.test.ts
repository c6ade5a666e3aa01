import { strict as assert } from 'node:assert';
import { createSimCluster, loadScenario, type SimCluster } from '../../../src/sim/cluster';
import type { KubeObject } from '../../../src/sim/core/types';
import { manifestObjects } from '../../../src/sim/helm/helmReleases';
import { readReleaseSecret } from '../../../src/sim/helm/releaseSecret';
import { findScenario, generateScenario, scenarioNames } from '../../../src/sim/scenarios/index';
import { scenarioNames as publicNames } from '../../../src/sim/simulator';

function load(name: string): SimCluster {
  const c = createSimCluster({ seed: name });
  loadScenario(c, findScenario(name)!);
  return c;
}

function proxyVersion(p: KubeObject): string {
  const spec = p.spec as { containers: { name: string; image: string }[]; initContainers?: { name: string; image: string }[] };
  const proxy = [...spec.containers, ...(spec.initContainers ?? [])].find((x) => x.name === 'istio-proxy');
  return proxy ? proxy.image.split(':').pop() ?? '?' : 'none';
}

/** `namespace/pod-name-prefix` → proxy version of every matching pod. */
function versions(c: SimCluster, namespaces: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ns of namespaces) {
    for (const p of c.store.list('pods', ns)) {
      const owner = p.metadata.ownerReferences?.[0];
      const workload = owner?.kind === 'ReplicaSet' ? owner.name.replace(/-[^-]+$/, '') : owner?.name ?? p.metadata.name;
      const key = `${ns}/${workload}`;
      const v = proxyVersion(p);
      assert.ok(out[key] === undefined || out[key] === v, `${key} has mixed versions`);
      out[key] = v;
    }
  }
  return out;
}

describe('sim scenarios', () => {
  it('are registered by name', () => {
    assert.deepEqual(publicNames(), ['canary-1-6-to-1-7', 'tags-prod-canary', 'blue-green-gateways', 'mid-upgrade', 'helm-canary', 'sail-revision-based', 'gitops', 'traffic-gate', 'blast-radius', 'generated']);
    assert.deepEqual(scenarioNames(), publicNames());
  });

  it('every pod is Running and Ready, every workload fully available', () => {
    for (const name of scenarioNames()) {
      const c = load(name);
      for (const p of c.store.list('pods')) assert.equal((p.status as { phase: string }).phase, 'Running', `${name}: ${p.metadata.name}`);
      for (const d of c.store.list('deployments')) {
        const s = d.status as { readyReplicas?: number };
        assert.equal(s.readyReplicas ?? 0, (d.spec as { replicas: number }).replicas, `${name}: ${d.metadata.name}`);
      }
      c.stop();
    }
  });

  it('canary-1-6-to-1-7: everything on 1.6.14, canary idle', () => {
    const c = load('canary-1-6-to-1-7');
    assert.deepEqual(versions(c, ['demo-a', 'demo-b', 'istio-system']), {
      'demo-a/app-a': '1.6.14', 'demo-b/app-b': '1.6.14', 'istio-system/istio-ingressgateway': '1.6.14',
      'istio-system/istiod': 'none', 'istio-system/istiod-canary': 'none',
    });
    assert.equal(c.store.list('pods', 'demo-a').length, 2);
    const mwc = c.store.get('mutatingwebhookconfigurations', undefined, 'istio-sidecar-injector')!;
    assert.deepEqual((mwc.webhooks as { name: string }[]).map((w) => w.name), ['sidecar-injector.istio.io']);
    assert.equal(mwc.metadata.labels?.['istio.io/rev'], 'default');
    c.stop();
  });

  it('tags-prod-canary: prod namespaces on 1.7.6, canary on 1.8.0', () => {
    const c = load('tags-prod-canary');
    assert.deepEqual(versions(c, ['a', 'b', 'c']), {
      'a/cart': '1.7.6', 'a/frontend': '1.7.6', 'b/orders': '1.7.6', 'c/payments': '1.8.0', 'c/search': '1.8.0',
    });
    assert.equal(c.store.get('mutatingwebhookconfigurations', undefined, 'istio-revision-tag-prod')?.metadata.labels?.['istio.io/rev'], '1-7-6');
    c.stop();
  });

  it('blue-green-gateways: one gateway per revision, Service on 1-9-7, bookinfo on 1.9.7', () => {
    const c = load('blue-green-gateways');
    assert.deepEqual(versions(c, ['istio-gateways', 'bookinfo']), {
      'istio-gateways/istio-ingressgateway-1-9-7': '1.9.7', 'istio-gateways/istio-ingressgateway-1-10-4': '1.10.4',
      'bookinfo/productpage-v1': '1.9.7', 'bookinfo/details-v1': '1.9.7', 'bookinfo/reviews-v1': '1.9.7', 'bookinfo/ratings-v1': '1.9.7',
    });
    const svc = c.store.get('services', 'istio-gateways', 'istio-ingressgateway')!;
    assert.deepEqual((svc.spec as { selector: unknown }).selector, { istio: 'ingressgateway', version: '1-9-7' });
    assert.ok(((svc.status as { loadBalancer: { ingress?: unknown[] } }).loadBalancer.ingress ?? []).length === 1);
    c.stop();
  });

  it('mid-upgrade: stale, conflicting, disabled, dangling, pinned and vendor cases', () => {
    const c = load('mid-upgrade');
    const labels = (ns: string) => c.store.get('namespaces', undefined, ns)?.metadata.labels;
    assert.deepEqual(labels('shop'), { 'istio.io/rev': 'canary' });
    assert.deepEqual(labels('conflict'), { 'istio-injection': 'enabled', 'istio.io/rev': 'canary' });
    assert.deepEqual(labels('orphaned'), { 'istio.io/rev': 'gone' });
    assert.deepEqual(versions(c, ['frontend', 'shop', 'payments', 'conflict', 'legacy', 'orphaned', 'tools', 'monitoring', 'vendor-app', 'plain-a', 'istio-ingress']), {
      'frontend/web': '1.24.2', 'frontend/api': '1.24.2', 'frontend/legacy-admin': '1.23.4',
      'shop/cart': '1.23.4', 'shop/checkout': '1.23.4', 'shop/redis': '1.23.4',
      'payments/payments-api': '1.23.4', 'payments/fraud-check': '1.22.0',
      'conflict/reviews': '1.23.4', 'legacy/old-worker': '1.23.4', 'orphaned/batch-api': '1.23.4',
      'tools/debug-shell': '1.23.4', 'tools/db-migrate': '1.23.4', 'monitoring/node-agent': '1.23.4',
      'vendor-app/billing': '1.17.8', 'plain-a/plain-a-svc': 'none', 'istio-ingress/istio-ingressgateway': '1.23.4',
    });
    assert.equal((c.store.get('deployments', 'frontend', 'legacy-admin')?.spec as { paused: boolean }).paused, true);
    const billing = c.store.list('pods', 'vendor-app')[0];
    assert.equal(JSON.parse(billing.metadata.annotations?.['sidecar.istio.io/status'] ?? '{}').revision, 'cp-v117x.istio-system');
    const fraud = c.store.list('pods', 'payments').find((p) => p.metadata.name.startsWith('fraud-check'))!;
    assert.equal(fraud.metadata.annotations?.['istio.io/rev'], '1-24-2');
    assert.ok(c.store.get('services', 'istio-system', 'istiod-revision-tag-canary'));
    assert.equal(c.store.get('validatingwebhookconfigurations', undefined, 'istiod-default-validator')?.metadata.labels?.['istio.io/rev'], '1-23-4');
    c.stop();
  });

  it('helm-canary: release Secrets with history, manifests listing exactly what each release owns, one istioctl-made tag', () => {
    const c = load('helm-canary');
    const secrets = c.store.list('secrets').filter((s) => s.type === 'helm.sh/release.v1');
    assert.deepEqual(secrets.map((s) => `${s.metadata.namespace}/${s.metadata.name}=${s.metadata.labels?.status}`), [
      'istio-ingress/sh.helm.release.v1.istio-ingress.v1=deployed',
      'istio-system/sh.helm.release.v1.istio-base.v1=superseded', 'istio-system/sh.helm.release.v1.istio-base.v2=deployed',
      'istio-system/sh.helm.release.v1.istiod-1-24-3.v1=deployed', 'istio-system/sh.helm.release.v1.istiod-1-25-1.v1=deployed',
    ]);
    for (const s of secrets) assert.deepEqual(Object.keys(s.metadata.labels ?? {}).filter((k) => k !== 'createdAt' && k !== 'modifiedAt'), ['name', 'owner', 'status', 'version']);
    const deployed = secrets.filter((s) => s.metadata.labels?.status === 'deployed').map(readReleaseSecret);
    assert.deepEqual(deployed.map((r) => `${r.name} ${r.chart.metadata.name}-${r.chart.metadata.version} ${JSON.stringify(r.config)}`), [
      'istio-ingress gateway-1.24.3 {"revision":"prod"}',
      'istio-base base-1.25.1 {"defaultRevision":"1-24-3"}',
      'istiod-1-24-3 istiod-1.24.3 {"revision":"1-24-3","revisionTags":["default","prod"]}',
      'istiod-1-25-1 istiod-1.25.1 {"revision":"1-25-1","revisionTags":["canary"]}',
    ]);
    const listed = new Map<string, string>();
    for (const r of deployed) {
      for (const o of manifestObjects(r.manifest)) {
        const type = c.api.resources.forKind(o.apiVersion ?? '', o.kind ?? '')!;
        const live = c.store.get(type.resource, type.namespaced ? o.metadata.namespace : undefined, o.metadata.name);
        assert.equal(live?.metadata.labels?.['app.kubernetes.io/managed-by'], 'Helm', `${o.kind} ${o.metadata.name}`);
        listed.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, r.name);
      }
    }
    const marked = new Map<string, string>();
    for (const kind of ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'deployments', 'services', 'configmaps']) {
      for (const o of c.store.list(kind)) {
        const release = o.metadata.annotations?.['meta.helm.sh/release-name'];
        if (release) marked.set(`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, release);
      }
    }
    for (const [key, release] of listed) assert.equal(marked.get(key), release, `${key} carries release ${release}'s annotations`);
    assert.deepEqual([...marked.keys()].filter((k) => !listed.has(k)), ['MutatingWebhookConfiguration//istio-revision-tag-staging'], 'only the istioctl tag claims a release it is not in');
    assert.deepEqual([...listed].filter(([k]) => k.startsWith('MutatingWebhookConfiguration//istio-revision-tag-')).map(([k, r]) => `${k.split('/').pop()}:${r}`),
      ['istio-revision-tag-default:istiod-1-24-3', 'istio-revision-tag-prod:istiod-1-24-3', 'istio-revision-tag-canary:istiod-1-25-1']);
    const staging = c.store.get('mutatingwebhookconfigurations', undefined, 'istio-revision-tag-staging')!;
    assert.deepEqual(staging.metadata.annotations, { 'meta.helm.sh/release-name': 'istiod-1-25-1', 'meta.helm.sh/release-namespace': 'istio-system' });
    assert.equal(staging.metadata.labels?.['app.kubernetes.io/managed-by'], 'Helm');
    assert.ok(!Object.keys(staging.metadata.labels ?? {}).some((k) => k.includes('operator.istio.io')));
    const injector = c.store.get('mutatingwebhookconfigurations', undefined, 'istio-sidecar-injector-1-24-3')!;
    assert.equal(injector.metadata.labels?.['app.kubernetes.io/instance'], 'istiod-1-24-3');
    assert.equal(injector.metadata.labels?.['helm.sh/chart'], 'istiod-1.24.3');
    assert.equal(injector.metadata.labels?.release, 'istiod-1-24-3');
    assert.equal(c.store.get('validatingwebhookconfigurations', undefined, 'istiod-default-validator')?.metadata.labels?.['istio.io/rev'], '1-24-3');
    assert.deepEqual(versions(c, ['shop', 'legacy', 'payments', 'search', 'staging', 'istio-ingress']), {
      'shop/cart': '1.24.3', 'shop/catalog': '1.24.3', 'legacy/billing': '1.24.3', 'payments/payments-api': '1.25.1',
      'search/search-api': '1.25.1', 'staging/preview': '1.25.1', 'istio-ingress/istio-ingress': '1.24.3',
    });
    c.stop();
  });

  it('sail-revision-based and gitops: their CRDs are served and every managed object is in place', () => {
    const sail = load('sail-revision-based');
    assert.deepEqual(sail.store.list('customresourcedefinitions').map((d) => d.metadata.name), ['istiorevisions.sailoperator.io', 'istiorevisiontags.sailoperator.io', 'istios.sailoperator.io']);
    assert.equal(sail.store.count('istios'), 1);
    assert.equal(sail.store.count('istiorevisions'), 2);
    assert.equal(sail.store.count('istiorevisiontags'), 1);
    assert.deepEqual(versions(sail, ['bookinfo', 'orders', 'pinned', 'fresh']), {
      'bookinfo/productpage': '1.24.3', 'bookinfo/reviews': '1.24.3', 'orders/orders-api': '1.24.3', 'pinned/ledger': '1.24.3', 'fresh/notifications': '1.25.1',
    });
    sail.stop();
    const gitops = load('gitops');
    assert.deepEqual(gitops.store.list('customresourcedefinitions').map((d) => d.metadata.name), ['applications.argoproj.io', 'kustomizations.kustomize.toolkit.fluxcd.io']);
    assert.equal(gitops.store.count('applications'), 3);
    assert.equal(gitops.git.all().length, 5);
    gitops.stop();
  });

  it('generated: namespaces spread over revisions, tags and unlabeled', () => {
    const c = createSimCluster({ seed: 'g' });
    loadScenario(c, generateScenario({ namespaces: 12, podsPerNamespace: 7, revisions: 3, tags: 2 }));
    const ns = c.store.list('namespaces').filter((n) => n.metadata.name.startsWith('ns-'));
    assert.equal(ns.length, 12);
    assert.deepEqual(ns.slice(0, 6).map((n) => n.metadata.labels?.['istio.io/rev'] ?? '-'), ['1-22-3', '1-23-4', '1-24-2', 'prod', 'canary', '-']);
    assert.equal(c.store.list('pods').filter((p) => p.metadata.namespace?.startsWith('ns-')).length, 84);
    assert.deepEqual(versions(c, ['ns-01', 'ns-04', 'ns-05', 'ns-06']), { 'ns-01/app-1': '1.22.3', 'ns-01/app-2': '1.22.3', 'ns-04/app-1': '1.23.4', 'ns-04/app-2': '1.23.4', 'ns-05/app-1': '1.24.2', 'ns-05/app-2': '1.24.2', 'ns-06/app-1': 'none', 'ns-06/app-2': 'none' });
    c.stop();
  });
});
