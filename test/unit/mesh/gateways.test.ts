import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { deploymentSettled, findGateways, gatewayRevisionText, gatewayStyleOf } from '../../../src/mesh/gateways';
import { tagMwc, namespace, installRevision, inventory, deployment, withAutoEntry } from './fixtures';
import { decodedSecret, helmMarked, rendered } from './ownerFixtures';
import { blueGreen, gatewayDeployment, gwPods, helmGw } from './gatewayFixtures';
import { planGatewayInPlace } from '../../../src/mesh/gatewayPlans';

describe('gateways (istio-model.md M9)', () => {
  it('detects IOP gateways by operator component or istio label', () => {
    assert.equal(gatewayStyleOf(gatewayDeployment('a', 'istio-system', { labels: { 'operator.istio.io/component': 'IngressGateways' }, image: 'docker.io/istio/proxyv2:1.9.7' })), 'iop');
    assert.equal(gatewayStyleOf(gatewayDeployment('b', 'istio-system', { labels: { 'operator.istio.io/component': 'EgressGateways' }, image: 'x/proxyv2:1' })), 'iop');
    assert.equal(gatewayStyleOf(gatewayDeployment('c', 'istio-system', { labels: { istio: 'egressgateway' }, image: 'x/proxyv2:1' })), 'iop');
  });

  it('detects Helm istio/gateway by the gateway template annotation or inject=true with image auto', () => {
    assert.equal(gatewayStyleOf(gatewayDeployment('d', 'gw', { annotations: { 'inject.istio.io/templates': 'gateway' } })), 'helm');
    assert.equal(gatewayStyleOf(gatewayDeployment('e', 'gw', { podLabels: { 'sidecar.istio.io/inject': 'true' } })), 'helm');
    assert.equal(gatewayStyleOf(gatewayDeployment('f', 'gw', { podLabels: { 'sidecar.istio.io/inject': 'true' }, image: 'nginx' })), undefined, 'inject=true alone is an app');
    assert.equal(gatewayStyleOf(deployment('app', 'default')), undefined);
  });

  it('reads revision from the pod template, proxy versions from the pods, and the selecting Service', () => {
    const inv = blueGreen();
    const gws = findGateways(inv, buildSnapshot('c', inv));
    assert.deepEqual(gws.map((g) => [g.name, g.revision, g.revisionSource, g.proxyVersions, g.podsWithProxy, g.ready, g.services]), [
      ['gw-1-10-4', '1-10-4', 'pod-template', ['1.10.4'], 2, true, []],
      ['gw-1-9-7', '1-9-7', 'pod-template', ['1.9.7'], 2, true, ['ingress']],
    ]);
    assert.equal(gatewayRevisionText(gws[1]), '1-9-7 (pod template)');
  });

  it('a gateway without istio.io/rev follows the default revision; a bound namespace wins over the template', () => {
    const inv = installRevision(installRevision(inventory(), '1-9-7', '1.9.7'), '1-10-4', '1.10.4');
    inv.mutatingWebhooks.push(tagMwc('default', '1-9-7'), tagMwc('prod', '1-10-4'));
    inv.namespaces.push(namespace('free'), namespace('bound', { 'istio.io/rev': 'prod' }));
    inv.deployments.push({ ...helmGw('plain'), metadata: { name: 'plain', namespace: 'free' } }, { ...helmGw('pinned', '1-9-7'), metadata: { name: 'pinned', namespace: 'bound' } });
    inv.pods.push(...gwPods('plain', '1-9-7', '1.9.7', 1, 'free'));
    const [pinned, plain] = findGateways(inv, buildSnapshot('c', inv));
    assert.deepEqual([plain.name, plain.revision, plain.revisionSource], ['plain', '1-9-7', 'default-revision']);
    assert.match(gatewayRevisionText(plain), /default revision/);
    assert.deepEqual([pinned.name, pinned.revision, pinned.revisionSource, pinned.selectedBy, pinned.templateIgnored], ['pinned', '1-10-4', 'namespace', 'prod', true]);
  });

  it('not ready when scaled to zero or when fewer replicas are ready', () => {
    const inv = blueGreen({ greenReplicas: 0, greenReady: 0, greenPods: 0 });
    const green = findGateways(inv, buildSnapshot('c', inv)).find((g) => g.name === 'gw-1-10-4');
    assert.deepEqual([green?.ready, green?.pods], [false, 0]);
    const inv2 = blueGreen({ greenReady: 1 });
    assert.equal(findGateways(inv2, buildSnapshot('c', inv2)).find((g) => g.name === 'gw-1-10-4')?.ready, false);
  });
});

describe('waypoints (istio-model.md M12, M9.4: revisioned through their Gateway\'s istio.io/rev, like gateways)', () => {
  it('recognises an istiod-managed waypoint Deployment and refuses a pod-template move for it', () => {
    const waypoint = {
      metadata: { name: 'waypoint', namespace: 'shop', labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller', 'istio.io/rev': 'canary' } },
      spec: { replicas: 1, template: { metadata: { labels: { 'gateway.networking.k8s.io/gateway-name': 'waypoint', 'istio.io/dataplane-mode': 'none' } }, spec: { containers: [{ name: 'istio-proxy', image: 'auto' }] } } },
    };
    assert.equal(gatewayStyleOf(waypoint), 'waypoint');
    assert.equal(gatewayStyleOf({ metadata: { name: 'web', namespace: 'shop' }, spec: { template: { metadata: { labels: { app: 'web' } } } } }), undefined);
    const inv = inventory({ namespaces: [namespace('shop', { 'istio.io/dataplane-mode': 'ambient' })], deployments: [waypoint] });
    installRevision(inv, 'canary', '1.24.2');
    const [g] = findGateways(inv, buildSnapshot('c', inv));
    assert.equal(g.style, 'waypoint');
    assert.equal(g.templateRevision, 'canary');
    assert.equal(g.revision, 'canary');
    const moved = planGatewayInPlace(inv, buildSnapshot('c', inv), { namespace: 'shop', name: 'waypoint' }, 'canary');
    assert.ok(!moved.ok && /set istio\.io\/rev on the Gateway/.test(moved.error));
  });
});

describe('deploymentSettled', () => {
  it('is ready only when the controller saw the latest spec and every replica is updated and ready', () => {
    const d = (gen: number, observed: number, updated: number, ready: number, replicas = 2) => ({
      metadata: { name: 'gw', generation: gen }, spec: { replicas }, status: { observedGeneration: observed, updatedReplicas: updated, readyReplicas: ready },
    });
    assert.equal(deploymentSettled(d(2, 2, 2, 2)), true);
    assert.equal(deploymentSettled(d(3, 2, 2, 2)), false, 'a new spec not yet observed');
    assert.equal(deploymentSettled(d(2, 2, 1, 2)), false, 'old ready pods mid-rollout');
    assert.equal(deploymentSettled(d(2, 2, 2, 1)), false);
    assert.equal(deploymentSettled(d(2, 2, 0, 0, 0)), false, 'scaled to zero');
  });
});

describe('gateway owners (issue 13)', () => {
  it('a Helm gateway release in an Istio namespace, an istioctl gateway, and an auto-injected namespace that does not override the template', () => {
    const inv = installRevision(installRevision(inventory(), '1-9-7', '1.9.7'), '1-10-4', '1.10.4');
    inv.mutatingWebhooks.push(withAutoEntry(tagMwc('default', '1-9-7')));
    inv.namespaces.push(namespace('apps'));
    const gw = helmGw('ingress', '1-10-4');
    const helmed = helmMarked({ ...gw, metadata: { ...gw.metadata, namespace: 'istio-system' } }, 'istio-ingress');
    const iop = gatewayDeployment('istio-egressgateway', 'istio-system', { labels: { 'operator.istio.io/component': 'EgressGateways', 'operator.istio.io/managed': 'Reconcile', 'install.operator.istio.io/owning-resource': 'installed-state' }, image: 'docker.io/istio/proxyv2:1.9.7' });
    inv.deployments.push(helmed, iop, { ...helmGw('apps-gw', '1-10-4'), metadata: { name: 'apps-gw', namespace: 'apps' } });
    inv.helmReleaseSecrets = [decodedSecret({ name: 'istio-ingress', chart: 'gateway', objects: [rendered('Deployment', helmed)] })];
    inv.ownerReads = { sail: 'absent', problems: [] };
    const s = buildSnapshot('c', inv);
    const gws = new Map(findGateways(inv, s).map((g) => [g.name, g]));
    assert.deepEqual([gws.get('ingress')?.managedBy?.kind, gws.get('ingress')?.managedBy?.name, gws.get('ingress')?.managedBy?.chart], ['helm', 'istio-ingress', 'gateway 1.24.2']);
    assert.deepEqual([gws.get('istio-egressgateway')?.managedBy?.kind, gws.get('istio-egressgateway')?.managedBy?.name], ['istioctl', 'installed-state']);
    assert.equal(s.namespaces.find((n) => n.name === 'apps')?.target?.via, 'auto');
    assert.deepEqual([gws.get('apps-gw')?.revision, gws.get('apps-gw')?.revisionSource, gws.get('apps-gw')?.templateIgnored], ['1-10-4', 'pod-template', undefined]);
  });
});
