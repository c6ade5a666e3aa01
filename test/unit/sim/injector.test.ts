import { strict as assert } from 'node:assert';
import { createSimCluster, loadScenario, type SimCluster } from '../../../src/sim/cluster';
import { StatusError } from '../../../src/sim/core/errors';
import { resourceByName } from '../../../src/sim/core/resourceRegistry';
import type { KubeObject } from '../../../src/sim/core/types';
import { controlPlane, helmGateway, revisionTag, type ControlPlane } from '../../../src/sim/scenarios/istioObjects';
import { bareHttpPod, namespace } from '../../../src/sim/scenarios/workloadObjects';

const PODS = resourceByName('pods');
const ADMIN = { user: 'admin' };

function cluster(planes: KubeObject[][], namespaces: [string, Record<string, string>][]): SimCluster {
  const c = createSimCluster({ seed: 'injector-test' });
  loadScenario(c, {
    name: 'test', seed: 't', description: '',
    load(ctx) {
      ctx.apply(namespace('istio-system'));
      for (const objs of planes) ctx.apply(objs);
      for (const [name, labels] of namespaces) ctx.apply(namespace(name, labels));
    },
  });
  return c;
}

function createPod(c: SimCluster, ns: string, name: string, labels: Record<string, string> = {}, annotations?: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject {
  const pod = bareHttpPod(ns, name, { podLabels: { app: name, ...labels }, podAnnotations: annotations });
  pod.spec = { ...(pod.spec as Record<string, unknown>), ...extra };
  return c.api.create(PODS, ns, pod, ADMIN);
}

function proxyImage(pod: KubeObject): string | undefined {
  const spec = pod.spec as { containers: { name: string; image: string }[] };
  return spec.containers.find((x) => x.name === 'istio-proxy')?.image;
}

function status(pod: KubeObject): Record<string, unknown> | undefined {
  const raw = pod.metadata.annotations?.['sidecar.istio.io/status'];
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined;
}

const LEGACY_16: ControlPlane = { revision: '', version: '1.6.14', webhookStyle: 'legacy' };
const CANARY_17: ControlPlane = { revision: 'canary', version: '1.7.0' };
const DEFAULT_120: ControlPlane = { revision: '', version: '1.20.1' };
const REV_112: ControlPlane = { revision: '1-12-0', version: '1.12.0' };
const REV_118: ControlPlane = { revision: '1-18-2', version: '1.18.2' };

describe('sim sidecar injector (istio-model.md M3–M6)', () => {
  it('1.6 layout: label istio.io/rev and a version hash in the status annotation', () => {
    const c = cluster([controlPlane(LEGACY_16), controlPlane(CANARY_17)], [['demo', { 'istio-injection': 'enabled' }]]);
    const pod = createPod(c, 'demo', 'web', { version: 'v2' });
    assert.equal(proxyImage(pod), 'docker.io/istio/proxyv2:1.6.14');
    assert.equal(pod.metadata.labels?.['istio.io/rev'], 'default');
    assert.equal(pod.metadata.labels?.['security.istio.io/tlsMode'], 'istio');
    assert.equal(pod.metadata.labels?.['service.istio.io/canonical-name'], 'web');
    assert.equal(pod.metadata.labels?.['service.istio.io/canonical-revision'], 'v2');
    assert.match(pod.metadata.annotations?.['sidecar.istio.io/status'] ?? '',
      /^\{"initContainers":\["istio-init"\],"containers":\["istio-proxy"\],"volumes":\["istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert"\],"imagePullSecrets":null,"version":"[0-9a-f]{64}"\}$/);
    assert.equal(pod.metadata.annotations?.['istio.io/rev'], undefined);
    assert.deepEqual((pod.spec as { initContainers: { name: string }[] }).initContainers.map((x) => x.name), ['istio-init']);
    c.stop();
  });

  it('≥ 1.11: revision in the status, no pod label; ≥ 1.18: also the istio.io/rev annotation', () => {
    const c = cluster([controlPlane(REV_112), controlPlane(REV_118)], [['old', { 'istio.io/rev': '1-12-0' }], ['new', { 'istio.io/rev': '1-18-2' }]]);
    const a = createPod(c, 'old', 'a');
    assert.equal(status(a)?.revision, '1-12-0');
    assert.equal(status(a)?.version, undefined);
    assert.equal(a.metadata.labels?.['istio.io/rev'], undefined);
    assert.equal(a.metadata.annotations?.['istio.io/rev'], undefined);
    const b = createPod(c, 'new', 'b');
    assert.equal(proxyImage(b), 'docker.io/istio/proxyv2:1.18.2');
    assert.equal(b.metadata.annotations?.['istio.io/rev'], '1-18-2');
    c.stop();
  });

  it('precedence: disabled > istio-injection=enabled > namespace rev > pod rev > inject=true', () => {
    const c = cluster([controlPlane(DEFAULT_120), controlPlane(REV_118)], [
      ['disabled', { 'istio-injection': 'disabled' }],
      ['both', { 'istio-injection': 'enabled', 'istio.io/rev': '1-18-2' }],
      ['nsrev', { 'istio.io/rev': '1-18-2' }],
      ['plain', {}],
    ]);
    const rev = (p: KubeObject) => (status(p)?.revision as string | undefined) ?? 'none';
    assert.equal(rev(createPod(c, 'disabled', 'p1', { 'istio.io/rev': '1-18-2', 'sidecar.istio.io/inject': 'true' })), 'none');
    assert.equal(rev(createPod(c, 'both', 'p2')), 'default');
    assert.equal(rev(createPod(c, 'nsrev', 'p3', { 'istio.io/rev': 'default' })), '1-18-2');
    assert.equal(rev(createPod(c, 'plain', 'p4', { 'istio.io/rev': '1-18-2' })), '1-18-2');
    assert.equal(rev(createPod(c, 'plain', 'p5', { 'sidecar.istio.io/inject': 'true' })), 'default');
    assert.equal(rev(createPod(c, 'plain', 'p6')), 'none');
    c.stop();
  });

  it('opt-outs: inject=false label or annotation, hostNetwork, kube-system', () => {
    const c = cluster([controlPlane(LEGACY_16)], [['demo', { 'istio-injection': 'enabled' }]]);
    assert.equal(proxyImage(createPod(c, 'demo', 'a', {}, { 'sidecar.istio.io/inject': 'false' })), undefined);
    assert.equal(proxyImage(createPod(c, 'demo', 'b', { 'sidecar.istio.io/inject': 'false' })), undefined);
    assert.equal(proxyImage(createPod(c, 'demo', 'c', {}, undefined, { hostNetwork: true })), undefined);
    c.api.patch(resourceByName('namespaces'), undefined, 'kube-system', 'merge', '{"metadata":{"labels":{"istio-injection":"enabled"}}}', ADMIN);
    assert.equal(proxyImage(createPod(c, 'kube-system', 'd')), undefined);
    c.stop();
  });

  it('tags resolve to the revision: the status names the revision, not the tag', () => {
    const c = cluster([controlPlane(REV_112), controlPlane(REV_118), revisionTag('prod', REV_112), revisionTag('canary', REV_118, true)],
      [['p', { 'istio.io/rev': 'prod' }], ['c', { 'istio.io/rev': 'canary' }]]);
    assert.equal(status(createPod(c, 'p', 'x'))?.revision, '1-12-0');
    const y = createPod(c, 'c', 'y');
    assert.equal(status(y)?.revision, '1-18-2');
    assert.equal(proxyImage(y), 'docker.io/istio/proxyv2:1.18.2');
    c.stop();
  });

  it('gateway template replaces image: auto; a pinned proxyImage wins', () => {
    const c = cluster([controlPlane(REV_118)], [['gw', {}], ['app', { 'istio.io/rev': '1-18-2' }]]);
    c.api.create(resourceByName('deployments'), 'gw', helmGateway('ingress', 'gw', { revision: '1-18-2' }), ADMIN);
    const gwPod = c.store.list('pods', 'gw')[0];
    const spec = gwPod.spec as { containers: { name: string; image: string }[]; initContainers?: unknown[] };
    assert.deepEqual(spec.containers.map((x) => `${x.name}=${x.image}`), ['istio-proxy=docker.io/istio/proxyv2:1.18.2']);
    assert.equal(spec.initContainers, undefined);
    assert.equal(status(gwPod)?.initContainers, null);
    const pinned = createPod(c, 'app', 'pinned', {}, { 'sidecar.istio.io/proxyImage': 'docker.io/istio/proxyv2:1.17.0' });
    assert.equal(proxyImage(pinned), 'docker.io/istio/proxyv2:1.17.0');
    c.stop();
  });

  it('two matching configurations inject once and record double injection', () => {
    const c = cluster([controlPlane(DEFAULT_120), revisionTag('default', DEFAULT_120)], [['demo', { 'istio-injection': 'enabled' }]]);
    const pod = createPod(c, 'demo', 'p');
    assert.equal((pod.spec as { containers: { name: string }[] }).containers.filter((x) => x.name === 'istio-proxy').length, 1);
    assert.equal(pod.metadata.annotations?.['sim.istio.io/double-injection'],
      'istio-revision-tag-default/namespace.sidecar-injector.istio.io,istio-sidecar-injector/namespace.sidecar-injector.istio.io');
    c.stop();
  });

  it('failurePolicy Fail with the istiod Service missing rejects the pod with a 500', () => {
    const c = cluster([controlPlane(REV_118)], [['app', { 'istio.io/rev': '1-18-2' }]]);
    c.api.delete(resourceByName('services'), 'istio-system', 'istiod-1-18-2', ADMIN);
    assert.throws(() => createPod(c, 'app', 'p'), (e: unknown) => {
      assert.ok(e instanceof StatusError);
      assert.deepEqual(e.status, {
        kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
        message: 'Internal error occurred: failed calling webhook "rev.namespace.sidecar-injector.istio.io": Post "https://istiod-1-18-2.istio-system.svc:443/inject?timeout=10s": service "istiod-1-18-2" not found',
        reason: 'InternalError',
        details: { causes: [{ message: 'failed calling webhook "rev.namespace.sidecar-injector.istio.io": Post "https://istiod-1-18-2.istio-system.svc:443/inject?timeout=10s": service "istiod-1-18-2" not found' }] },
        code: 500,
      });
      return true;
    });
    c.stop();
  });
});
