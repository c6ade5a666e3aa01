/** The three seed walkthroughs (docs/architecture.md, section 7): 1.6 → 1.7 canary; tags prod/canary; blue/green gateways. */
import { strict as assert } from 'node:assert';
import type { ClusterInventory } from '../../../src/mesh/kubeObjects';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import {
  deployment, deploymentPods, injected110, injected111, injectorConfigMap, injectorValues, inventory, istiodDeployment, istiodService,
  legacyInjectorMwc, merge, namespace, nsOf, podsOf, revOf, tagMwc, workloadOf,
} from './fixtures';

/** Istio 1.6.14 revisionless + 1.7.0 revision "canary"; demo-a, demo-b istio-injection=enabled, pods injected by 1.6. */
function canary16to17(): ClusterInventory {
  const inv = inventory({
    deployments: [istiodDeployment('', '1.6.14'), istiodDeployment('canary', '1.7.0')],
    services: [istiodService(''), istiodService('canary')],
    mutatingWebhooks: [legacyInjectorMwc(''), legacyInjectorMwc('canary')],
    configMaps: [injectorConfigMap('', injectorValues('docker.io/istio', '1.6.14')), injectorConfigMap('canary', injectorValues('docker.io/istio', '1.7.0'))],
    namespaces: [namespace('istio-system'), namespace('demo-a', { 'istio-injection': 'enabled' }), namespace('demo-b', { 'istio-injection': 'enabled' })],
  });
  for (const ns of ['demo-a', 'demo-b']) {
    inv.deployments.push(deployment('productpage', ns), deployment('reviews', ns));
    inv.pods.push(...deploymentPods('productpage', ns, [injected110('default', '1.6.14')]));
    inv.pods.push(...deploymentPods('reviews', ns, [injected110('default', '1.6.14'), injected110('default', '1.6.14')]));
  }
  return inv;
}

/** 1-7-6 and 1-8-0 with tags prod → 1-7-6, canary → 1-8-0; a, b on prod, c on canary. */
function tagsProdCanary(): ClusterInventory {
  const inv = inventory({
    deployments: [istiodDeployment('1-7-6', '1.7.6'), istiodDeployment('1-8-0', '1.8.0')],
    services: [istiodService('1-7-6'), istiodService('1-8-0')],
    mutatingWebhooks: [legacyInjectorMwc('1-7-6'), legacyInjectorMwc('1-8-0'), tagMwc('prod', '1-7-6'), tagMwc('canary', '1-8-0')],
    namespaces: [namespace('a', { 'istio.io/rev': 'prod' }), namespace('b', { 'istio.io/rev': 'prod' }), namespace('c', { 'istio.io/rev': 'canary' })],
  });
  for (const [ns, rev, version] of [['a', '1-7-6', '1.7.6'], ['b', '1-7-6', '1.7.6'], ['c', '1-8-0', '1.8.0']]) {
    inv.deployments.push(deployment('app', ns));
    inv.pods.push(...deploymentPods('app', ns, [injected110(rev, version), injected110(rev, version)]));
  }
  return inv;
}

/** Gateways in an unlabeled namespace selecting 1-9-7 (blue) and 1-10-4 (green) with pod-template labels. */
function blueGreenGateways(): ClusterInventory {
  const inv = inventory({
    deployments: [istiodDeployment('1-9-7', '1.9.7'), istiodDeployment('1-10-4', '1.10.4')],
    services: [istiodService('1-9-7'), istiodService('1-10-4')],
    mutatingWebhooks: [legacyInjectorMwc('1-9-7'), legacyInjectorMwc('1-10-4')],
    namespaces: [namespace('istio-gateways')],
  });
  const gw = (name: string, rev: string, version: string) => {
    const labels = { 'istio.io/rev': rev, 'sidecar.istio.io/inject': 'true', istio: 'ingressgateway' };
    inv.deployments.push(deployment(name, 'istio-gateways', { templateLabels: labels, replicas: 2 }));
    inv.pods.push(...deploymentPods(name, 'istio-gateways', [merge(injected110(rev, version), { labels }), merge(injected110(rev, version), { labels })]));
  };
  gw('ingress-blue', '1-9-7', '1.9.7');
  gw('ingress-green', '1-10-4', '1.10.4');
  return inv;
}

describe('seed scenario 1: canary 1.6.14 (default) → 1.7.0 (canary), demo-a/demo-b', () => {
  it('before migration: both namespaces bound to the default revision, nothing stale', () => {
    const s = buildSnapshot('kind-canary', canary16to17());
    assert.deepEqual(s.revisions.map((r) => [r.name, r.version, r.isDefault]), [['default', '1.6.14', true], ['canary', '1.7.0', false]]);
    assert.deepEqual(s.defaultRevision, { name: 'default', source: 'revisionless-injector' });
    for (const ns of ['demo-a', 'demo-b']) {
      const b = nsOf(s, ns);
      assert.deepEqual([b.state, b.target, b.reason], ['bound', { revision: 'default', via: 'istio-injection' }, 'istio-injection=enabled → default → default']);
      assert.ok(podsOf(s, ns).every((p) => p.injected && p.revision === 'default' && p.revisionSource === 'label' && p.proxyVersion === '1.6.14' && !p.needsRestart));
    }
    assert.deepEqual([revOf(s, 'default').namespaceCount, revOf(s, 'default').proxyCount], [2, 6]);
    assert.deepEqual(revOf(s, 'canary').inUse, []);
    assert.deepEqual(s.warnings, []);
  });

  it('adding istio.io/rev=canary without removing istio-injection: conflict, istio-injection still wins', () => {
    const inv = canary16to17();
    inv.namespaces[1].metadata.labels!['istio.io/rev'] = 'canary';
    const b = nsOf(buildSnapshot('k', inv), 'demo-a');
    assert.equal(b.target?.revision, 'default');
    assert.match(b.conflict!, /istio-injection wins/);
  });

  it('after relabeling demo-a to istio.io/rev=canary: its pods are stale; after the restart they are fresh', () => {
    const inv = canary16to17();
    inv.namespaces[1].metadata.labels = { 'istio.io/rev': 'canary' };
    let s = buildSnapshot('k', inv);
    assert.deepEqual(nsOf(s, 'demo-a').target, { revision: 'canary', via: 'istio.io/rev' });
    assert.ok(podsOf(s, 'demo-a').every((p) => p.needsRestart && p.restartReason === 'injected by default, namespace now targets canary'));
    assert.ok(podsOf(s, 'demo-b').every((p) => !p.needsRestart));
    assert.deepEqual(revOf(s, 'canary').inUse, [{ kind: 'namespace', namespace: 'demo-a' }]);

    inv.pods = inv.pods.filter((p) => p.metadata.namespace !== 'demo-a');
    inv.pods.push(...deploymentPods('productpage', 'demo-a', [injected110('canary', '1.7.0')], '6b7d8c9f0'));
    inv.pods.push(...deploymentPods('reviews', 'demo-a', [injected110('canary', '1.7.0'), injected110('canary', '1.7.0')], '6b7d8c9f0'));
    s = buildSnapshot('k', inv);
    assert.ok(podsOf(s, 'demo-a').every((p) => p.revision === 'canary' && p.proxyVersion === '1.7.0' && !p.needsRestart));
    assert.equal(workloadOf(s, 'demo-a', 'reviews').pods.length, 2);
    assert.deepEqual([revOf(s, 'canary').namespaceCount, revOf(s, 'canary').proxyCount], [1, 3]);
    assert.deepEqual(revOf(s, 'default').inUse.map((r) => r.kind), ['default', 'namespace', 'pod', 'pod', 'pod']);
  });
});

describe('seed scenario 2: tags prod → 1-7-6, canary → 1-8-0', () => {
  it('a, b on prod and c on canary resolve through their tags; nothing stale', () => {
    const s = buildSnapshot('kind-tags', tagsProdCanary());
    assert.deepEqual(s.tags.map((t) => [t.name, t.revision]), [['canary', '1-8-0'], ['prod', '1-7-6']]);
    assert.deepEqual(nsOf(s, 'a').target, { revision: '1-7-6', via: 'tag', tag: 'prod' });
    assert.equal(nsOf(s, 'b').reason, 'istio.io/rev=prod → tag prod → 1-7-6');
    assert.equal(nsOf(s, 'c').reason, 'istio.io/rev=canary → tag canary → 1-8-0');
    assert.ok(s.namespaces.flatMap((n) => n.workloads.flatMap((w) => w.pods)).every((p) => !p.needsRestart));
    assert.deepEqual(revOf(s, '1-7-6').inUse.slice(0, 3), [{ kind: 'tag', tag: 'prod' }, { kind: 'namespace', namespace: 'a' }, { kind: 'namespace', namespace: 'b' }]);
    assert.equal(s.defaultRevision, undefined);
    assert.deepEqual(s.warnings, []);
  });

  it('moving c to prod makes c\'s pods stale', () => {
    const inv = tagsProdCanary();
    inv.namespaces[2].metadata.labels = { 'istio.io/rev': 'prod' };
    const s = buildSnapshot('k', inv);
    assert.deepEqual(nsOf(s, 'c').target, { revision: '1-7-6', via: 'tag', tag: 'prod' });
    const stale = podsOf(s, 'c');
    assert.equal(stale.length, 2);
    assert.ok(stale.every((p) => p.needsRestart && p.restartReason === 'injected by 1-8-0, namespace now targets 1-7-6 via tag prod'));
    assert.ok([...podsOf(s, 'a'), ...podsOf(s, 'b')].every((p) => !p.needsRestart));
    assert.deepEqual(revOf(s, '1-8-0').inUse, [
      { kind: 'tag', tag: 'canary' }, { kind: 'pod', namespace: 'c', pod: stale[0].pod }, { kind: 'pod', namespace: 'c', pod: stale[1].pod },
    ]);
  });

  it('moving tag prod to 1-8-0 makes a and b stale and leaves 1-7-6 unused once restarted', () => {
    const inv = tagsProdCanary();
    inv.mutatingWebhooks[2] = tagMwc('prod', '1-8-0');
    let s = buildSnapshot('k', inv);
    assert.ok([...podsOf(s, 'a'), ...podsOf(s, 'b')].every((p) => p.restartReason === 'injected by 1-7-6, namespace now targets 1-8-0 via tag prod'));
    inv.pods = inv.pods.filter((p) => p.metadata.namespace === 'c');
    for (const ns of ['a', 'b']) inv.pods.push(...deploymentPods('app', ns, [injected111('1-8-0', '1.8.0'), injected111('1-8-0', '1.8.0')], '8c7b6a5d4'));
    s = buildSnapshot('k', inv);
    assert.ok(s.namespaces.flatMap((n) => n.workloads.flatMap((w) => w.pods)).every((p) => !p.needsRestart));
    assert.deepEqual(revOf(s, '1-7-6').inUse, []);
    assert.deepEqual(revOf(s, '1-8-0').tags, ['canary', 'prod']);
  });
});

describe('seed scenario 3: blue/green gateways 1-9-7 / 1-10-4 selected by pod label', () => {
  it('the namespace is unlabeled; each gateway follows its own pod template; both revisions in use', () => {
    const s = buildSnapshot('kind-gw', blueGreenGateways());
    const ns = nsOf(s, 'istio-gateways');
    assert.deepEqual([ns.state, ns.target], ['unlabeled', null]);
    assert.deepEqual(workloadOf(s, 'istio-gateways', 'ingress-blue').templateRevision, '1-9-7');
    assert.ok(podsOf(s, 'istio-gateways').every((p) => p.injected && !p.needsRestart));
    assert.deepEqual(s.revisions.map((r) => [r.name, r.proxyCount, r.namespaceCount]), [['1-9-7', 2, 0], ['1-10-4', 2, 0]]);
    assert.ok(revOf(s, '1-9-7').inUse.every((r) => r.kind === 'pod'));
    assert.equal(revOf(s, '1-9-7').inUse.length, 2);
  });

  it('switching blue\'s template to 1-10-4 makes its old pods stale and keeps 1-9-7 in use until they go', () => {
    const inv = blueGreenGateways();
    const blue = inv.deployments.find((d) => d.metadata.name === 'ingress-blue')!;
    blue.spec!.template!.metadata!.labels!['istio.io/rev'] = '1-10-4';
    const s = buildSnapshot('k', inv);
    const pods = workloadOf(s, 'istio-gateways', 'ingress-blue').pods;
    assert.ok(pods.every((p) => p.needsRestart && p.restartReason === 'injected by 1-9-7, pod template now targets 1-10-4'));
    assert.ok(workloadOf(s, 'istio-gateways', 'ingress-green').pods.every((p) => !p.needsRestart));
    assert.deepEqual(revOf(s, '1-9-7').inUse.map((r) => r.kind), ['pod', 'pod']);
    assert.equal(revOf(s, '1-10-4').inUse.length, 4, 'green pods plus blue pods selecting it');
  });
});
