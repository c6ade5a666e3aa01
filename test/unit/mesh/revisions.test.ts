import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import {
  injectorConfigMap, injectorMwc, injectorValues, installRevision, inventory, istiodDeployment, istiodService, legacyInjectorMwc, revOf,
} from './fixtures';

describe('revisions (istio-model.md M2/M3)', () => {
  it('finds revisions from injector webhooks, istiod Deployments and Services, with version from the discovery image', () => {
    const inv = installRevision(installRevision(inventory(), '1-7-6', '1.7.6'), '1-8-0', '1.8.0');
    const s = buildSnapshot('ctx', inv);
    assert.deepEqual(s.revisions.map((r) => [r.name, r.version, r.versionSource]), [['1-7-6', '1.7.6', 'image'], ['1-8-0', '1.8.0', 'image']]);
    const r = revOf(s, '1-8-0');
    assert.equal(r.deployment, 'istiod-1-8-0');
    assert.equal(r.istioNamespace, 'istio-system');
    assert.equal(r.pilotImage, 'docker.io/istio/pilot:1.8.0');
    assert.deepEqual(r.injectorWebhooks, ['istio-sidecar-injector-1-8-0']);
    assert.deepEqual(r.services, ['istiod-1-8-0']);
    assert.equal(r.external, false);
    assert.equal(r.expectedProxyImage, 'docker.io/istio/proxyv2:1.8.0');
    assert.deepEqual(s.warnings, []);
  });

  it('a revisionless install is revision "default" (Deployment with istio.io/rev=default or no label at all)', () => {
    const a = buildSnapshot('a', installRevision(inventory(), '', '1.24.2'));
    assert.deepEqual(a.revisions.map((r) => r.name), ['default']);
    assert.equal(revOf(a, 'default').deployment, 'istiod');
    const b = buildSnapshot('b', inventory({ deployments: [istiodDeployment('', '1.5.10', { noRevLabel: true })] }));
    assert.deepEqual(b.revisions.map((r) => [r.name, r.version]), [['default', '1.5.10']]);
  });

  it('a Service alone still names a revision; a Service with istio.io/tag does not', () => {
    const tagSvc = istiodService('1-8-0', 'istio-system', 'istiod-revision-tag-prod');
    tagSvc.metadata.labels!['istio.io/tag'] = 'prod';
    const s = buildSnapshot('c', inventory({ services: [istiodService('1-9-0'), tagSvc] }));
    assert.deepEqual(s.revisions.map((r) => r.name), ['1-9-0']);
    assert.equal(revOf(s, '1-9-0').version, undefined);
    assert.equal(revOf(s, '1-9-0').versionSource, 'unknown');
  });

  it('version falls back image → app.kubernetes.io/version → operator.istio.io/version (source recorded)', () => {
    const byApp = istiodDeployment('a', '', { image: 'docker.io/istio/pilot:latest', labels: { 'app.kubernetes.io/version': '1.24.2', 'operator.istio.io/version': '1.24.1' } });
    const byOp = istiodDeployment('b', '', { image: 'docker.io/istio/pilot@sha256:0011', labels: { 'operator.istio.io/version': '1.19.3' } });
    const s = buildSnapshot('v', inventory({ deployments: [byApp, byOp] }));
    assert.deepEqual([revOf(s, 'a').version, revOf(s, 'a').versionSource], ['1.24.2', 'app.kubernetes.io/version']);
    assert.deepEqual([revOf(s, 'b').version, revOf(s, 'b').versionSource], ['1.19.3', 'operator.istio.io/version']);
  });

  it('version labels on the injector webhook count when there is no Deployment', () => {
    const mwc = injectorMwc('ext', { extraLabels: { 'app.kubernetes.io/version': '1.26.1' } });
    const s = buildSnapshot('v', inventory({ mutatingWebhooks: [mwc], services: [istiodService('ext')] }));
    assert.deepEqual([revOf(s, 'ext').version, revOf(s, 'ext').versionSource], ['1.26.1', 'app.kubernetes.io/version']);
  });

  it('without any version from istiod, the expected proxy image tag gives it', () => {
    const dep = istiodDeployment('1-20-1', '', { image: 'my.reg:5000/istio/pilot:latest' });
    const cm = injectorConfigMap('1-20-1', injectorValues('my.reg:5000/istio', '1.20.1'));
    const s = buildSnapshot('v', inventory({ deployments: [dep], configMaps: [cm] }));
    const r = revOf(s, '1-20-1');
    assert.equal(r.expectedProxyImage, 'my.reg:5000/istio/proxyv2:1.20.1');
    assert.deepEqual([r.version, r.versionSource], ['1.20.1', 'image']);
  });

  it('ready = status.readyReplicas / spec.replicas (spec default 1, status default 0)', () => {
    const d = istiodDeployment('r', '1.9.0', { replicas: 3, ready: 2 });
    const noStatus = istiodDeployment('n', '1.9.0');
    delete noStatus.status;
    delete noStatus.spec!.replicas;
    const s = buildSnapshot('r', inventory({ deployments: [d, noStatus] }));
    assert.deepEqual([revOf(s, 'r').readyReplicas, revOf(s, 'r').desiredReplicas], [2, 3]);
    assert.deepEqual([revOf(s, 'n').readyReplicas, revOf(s, 'n').desiredReplicas], [0, 1]);
  });

  it('external control plane: injector webhook with clientConfig.url and no istiod Deployment (istio-model.md M10)', () => {
    const mwc = injectorMwc('remote', { url: 'https://istiod.example.com:15017/inject' });
    const s = buildSnapshot('x', inventory({ mutatingWebhooks: [mwc] }));
    const r = revOf(s, 'remote');
    assert.equal(r.external, true);
    assert.equal(r.deployment, undefined);
    assert.deepEqual([r.readyReplicas, r.desiredReplicas], [0, 0]);
    assert.deepEqual(s.warnings, [], 'url webhooks do not need a Service');
    const withDep = buildSnapshot('y', inventory({ mutatingWebhooks: [mwc], deployments: [istiodDeployment('remote', '1.22.0')] }));
    assert.equal(revOf(withDep, 'remote').external, false);
  });

  it('expected proxy image: verbatim when global.proxy.image contains "/", with variant, and undefined without ConfigMap', () => {
    const verbatim = injectorConfigMap('a', { global: { hub: 'ignored', tag: '1.0.0', proxy: { image: 'corp.io/mesh/envoy:2.1' } } });
    const variant = injectorConfigMap('b', { global: { hub: 'gcr.io/istio-release', tag: '1.24.2', variant: 'distroless', proxy: { image: 'proxyv2' } } });
    const defaultImage = injectorConfigMap('c', { global: { hub: 'docker.io/istio', tag: 1.1 } });
    const noHub = injectorConfigMap('d', { global: { tag: '1.2.3' } });
    const s = buildSnapshot('e', inventory({
      deployments: ['a', 'b', 'c', 'd', 'e'].map((r) => istiodDeployment(r, '1.24.2')),
      configMaps: [verbatim, variant, defaultImage, noHub],
    }));
    assert.equal(revOf(s, 'a').expectedProxyImage, 'corp.io/mesh/envoy:2.1');
    assert.equal(revOf(s, 'b').expectedProxyImage, 'gcr.io/istio-release/proxyv2:1.24.2-distroless');
    assert.equal(revOf(s, 'c').expectedProxyImage, 'docker.io/istio/proxyv2:1.1');
    assert.equal(revOf(s, 'd').expectedProxyImage, undefined);
    assert.equal(revOf(s, 'e').expectedProxyImage, undefined);
  });

  it('garbage injector values JSON becomes a warning, never a throw', () => {
    const cm = injectorConfigMap('1-8-0', '{"global": {"hub": ');
    const arrayJson = injectorConfigMap('1-9-0', '[1,2]');
    const s = buildSnapshot('g', inventory({ deployments: [istiodDeployment('1-8-0', '1.8.0'), istiodDeployment('1-9-0', '1.9.0')], configMaps: [cm, arrayJson] }));
    assert.equal(revOf(s, '1-8-0').expectedProxyImage, undefined);
    assert.equal(revOf(s, '1-8-0').version, '1.8.0');
    assert.ok(s.warnings.some((w) => w.includes('istio-sidecar-injector-1-8-0') && w.includes('not valid JSON')), s.warnings.join('\n'));
    assert.ok(s.warnings.some((w) => w.includes('istio-sidecar-injector-1-9-0') && w.includes('not a JSON object')));
  });

  it('the revisionless ConfigMap is istio-sidecar-injector; a CM in the revision namespace wins', () => {
    const inv = installRevision(inventory(), '', '1.6.14', { legacy: true, withConfigMap: false });
    inv.configMaps.push(injectorConfigMap('', injectorValues('other.io/x', '9.9.9'), 'elsewhere'));
    inv.configMaps.push(injectorConfigMap('', injectorValues('docker.io/istio', '1.6.14')));
    assert.equal(revOf(buildSnapshot('d', inv), 'default').expectedProxyImage, 'docker.io/istio/proxyv2:1.6.14');
  });

  it('istiod in another namespace: istioNamespace follows the Deployment', () => {
    const inv = installRevision(inventory(), 'canary', '1.22.0', { istioNamespace: 'istio-control' });
    const r = revOf(buildSnapshot('n', inv), 'canary');
    assert.equal(r.istioNamespace, 'istio-control');
    assert.deepEqual(r.injectorWebhooks, ['istio-sidecar-injector-canary-istio-control']);
    assert.equal(r.expectedProxyImage, 'docker.io/istio/proxyv2:1.22.0');
  });

  it('two istiod Deployments for one revision: first by namespace is used, with a warning', () => {
    const s = buildSnapshot('m', inventory({ deployments: [istiodDeployment('x', '1.9.1', { namespace: 'b' }), istiodDeployment('x', '1.9.0', { namespace: 'a' })] }));
    assert.equal(revOf(s, 'x').version, '1.9.0');
    assert.equal(revOf(s, 'x').istioNamespace, 'a');
    assert.match(s.warnings[0], /2 istiod Deployments/);
  });

  it('dotted vendor revision names are kept whole (Banzai/Cisco `<icp>.<ns>`, istio-model.md M1)', () => {
    const rev = 'cp-v117x.istio-system';
    const dep = istiodDeployment(rev, '1.17.2');
    dep.metadata.name = 'istiod-cp-v117x';
    const svc = istiodService(rev, 'istio-system', 'istiod-cp-v117x');
    const mwc = injectorMwc(rev);
    for (const w of mwc.webhooks!) w.clientConfig.service!.name = 'istiod-cp-v117x';
    const s = buildSnapshot('b', inventory({ deployments: [dep], services: [svc], mutatingWebhooks: [mwc] }));
    assert.deepEqual(s.revisions.map((r) => [r.name, r.version, r.deployment]), [[rev, '1.17.2', 'istiod-cp-v117x']]);
    assert.deepEqual(s.warnings, []);
  });

  it('revisions are sorted by version, unknown last, then name', () => {
    const s = buildSnapshot('o', inventory({
      deployments: [istiodDeployment('z', '1.10.4'), istiodDeployment('y', '1.9.7'), istiodDeployment('b', '', { image: 'x' }), istiodDeployment('a', '', { image: 'x' })],
    }));
    assert.deepEqual(s.revisions.map((r) => r.name), ['y', 'z', 'a', 'b']);
  });

  it('warns when an injector webhook calls a missing istiod Service (IST0139)', () => {
    const s = buildSnapshot('w', inventory({ mutatingWebhooks: [injectorMwc('1-8-0'), legacyInjectorMwc('')] }));
    assert.deepEqual(s.warnings, [
      'Webhook istio-sidecar-injector-1-8-0 calls Service istio-system/istiod-1-8-0, which does not exist: pod creation may fail (IST0139).',
      'Webhook istio-sidecar-injector calls Service istio-system/istiod, which does not exist: pod creation may fail (IST0139).',
    ]);
  });
});
