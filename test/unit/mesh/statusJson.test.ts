import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { toStatusJson } from '../../../src/mesh/statusJson';
import {
  deployment, deploymentPods, injected118, injectorMwc, installRevision, inventory, istiodDeployment, merge, namespace, pod, tagMwc,
} from './fixtures';
import { decodedSecret, helmMarked, rendered, sailOwned, withLabels } from './ownerFixtures';

function cluster() {
  const inv = installRevision(installRevision(inventory(), '1-7-6', '1.7.6'), '1-8-0', '1.8.0');
  inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'), tagMwc('canary', '1-8-0'));
  inv.deployments.push(istiodDeployment('1-9-0', '', { image: 'x/pilot:latest', replicas: 2, ready: 1 }));
  inv.namespaces.push(
    namespace('shop', { 'istio.io/rev': 'canary' }),
    namespace('plain'),
    namespace('off', { 'istio-injection': 'disabled' }),
    namespace('off-with-proxy', { 'istio-injection': 'disabled' }),
    namespace('lost', { 'istio.io/rev': 'gone' }),
    namespace('both', { 'istio-injection': 'disabled', 'istio.io/rev': 'prod' }),
    namespace('sidecars'),
  );
  inv.deployments.push(deployment('web', 'shop'), deployment('idle', 'plain'));
  inv.pods.push(...deploymentPods('web', 'shop', [injected118('1-7-6', '1.7.6')], 'abc123'));
  inv.pods.push(...deploymentPods('idle', 'plain', [{}]));
  inv.pods.push(pod('legacy', 'off-with-proxy', injected118('1-7-6', '1.7.6')));
  inv.pods.push(pod('manual', 'sidecars', { containers: [{ name: 'istio-proxy', image: 'docker.io/istio/proxyv2:latest' }] }));
  return buildSnapshot('kind-a', inv);
}

describe('statusJson: the CLI JSON contract', () => {
  it('produces exactly the documented shape for revisions and tags', () => {
    const json = toStatusJson([{ context: 'kind-a', snapshot: cluster() }]);
    const c = json.clusters[0];
    assert.equal(c.context, 'kind-a');
    assert.equal('error' in c, false);
    assert.deepEqual(c.revisions[0], {
      name: '1-7-6', version: '1.7.6', isDefault: false, ready: '1/1', tags: ['prod'], managedBy: null,
      versionSource: 'image', istioNamespace: 'istio-system', deployment: 'istiod-1-7-6', external: false,
      expectedProxyImage: 'docker.io/istio/proxyv2:1.7.6', namespaceCount: 0, proxyCount: 2,
      inUse: ['tag prod', 'pod off-with-proxy/legacy', 'pod shop/web-abc123-ax0'],
    });
    const unknown = c.revisions.find((r) => r.name === '1-9-0')!;
    assert.deepEqual([unknown.version, unknown.ready, unknown.versionSource, unknown.expectedProxyImage], [null, '1/2', 'unknown', null]);
    assert.deepEqual(Object.keys(c.revisions[0]).slice(0, 6), ['name', 'version', 'isDefault', 'ready', 'tags', 'managedBy']);
    assert.deepEqual(c.tags, [
      { name: 'canary', revision: '1-8-0', managedBy: null, webhook: 'istio-revision-tag-canary' },
      { name: 'prod', revision: '1-7-6', managedBy: null, webhook: 'istio-revision-tag-prod' },
    ]);
    assert.equal(c.defaultRevision, null);
    assert.equal(c.owners, null, 'owners were not read');
  });

  it('lists only bound, dangling, conflicting, or proxy-carrying namespaces', () => {
    const c = toStatusJson([{ context: 'kind-a', snapshot: cluster() }]).clusters[0];
    assert.deepEqual(c.namespaces.map((n) => n.name), ['both', 'lost', 'off-with-proxy', 'shop', 'sidecars']);
  });

  it('namespaces, workloads and pods carry the contract keys first, nulls for unknowns', () => {
    const c = toStatusJson([{ context: 'kind-a', snapshot: cluster() }]).clusters[0];
    const shop = c.namespaces.find((n) => n.name === 'shop')!;
    assert.deepEqual(shop, {
      name: 'shop',
      target: { revision: '1-8-0', via: 'tag', tag: 'canary' },
      managedBy: null,
      workloads: [{
        kind: 'Deployment', name: 'web',
        pods: [{
          name: 'web-abc123-ax0', revision: '1-7-6', proxyVersion: '1.7.6', needsRestart: true,
          injected: true, revisionSource: 'annotation', phase: 'Running', pinnedImage: false,
          restartReason: 'injected by 1-7-6, namespace now targets 1-8-0 via tag canary',
        }],
        restartable: true, paused: false, templateRevision: null,
      }],
      state: 'bound', reason: 'istio.io/rev=canary → tag canary → 1-8-0', ambient: false, staleCount: 1,
    });
    assert.deepEqual(Object.keys(shop).slice(0, 4), ['name', 'target', 'managedBy', 'workloads']);
    const both = c.namespaces.find((n) => n.name === 'both')!;
    assert.equal(both.target, null);
    assert.match(both.conflict!, /IST0123/);
    assert.deepEqual(Object.keys(both).slice(0, 5), ['name', 'target', 'managedBy', 'conflict', 'workloads']);
    const manual = c.namespaces.find((n) => n.name === 'sidecars')!.workloads[0];
    assert.deepEqual([manual.kind, manual.pods[0].revision, manual.pods[0].proxyVersion, 'paused' in manual], ['Pod', null, null, false]);
    const lost = c.namespaces.find((n) => n.name === 'lost')!;
    assert.deepEqual([lost.state, lost.target, lost.reason], ['dangling', null, 'istio.io/rev=gone names no revision or tag in this cluster']);
  });

  it('a cluster that could not be read has an error and empty lists', () => {
    const json = toStatusJson([{ context: 'broken', error: 'unreachable: connect ECONNREFUSED' }, { context: 'kind-a', snapshot: cluster() }]);
    assert.deepEqual(json.clusters[0], { context: 'broken', error: 'unreachable: connect ECONNREFUSED', revisions: [], tags: [], namespaces: [], defaultRevision: null, warnings: [], owners: null });
    assert.equal(json.clusters.length, 2);
    assert.deepEqual(toStatusJson([]), { clusters: [] });
  });

  it('external revisions, the default, and round-tripping through JSON', () => {
    const inv = inventory({ mutatingWebhooks: [injectorMwc('remote', { url: 'https://cp.example:15017/inject' }), tagMwc('default', 'remote', { url: 'https://cp.example:15017/inject' })] });
    inv.namespaces.push(namespace('n', { 'istio-injection': 'enabled' }));
    inv.pods.push(pod('p', 'n', merge(injected118('remote', '1.22.1'))));
    const json = toStatusJson([{ context: 'x', snapshot: buildSnapshot('x', inv) }]);
    const c = json.clusters[0];
    assert.deepEqual([c.revisions[0].external, c.revisions[0].ready, c.revisions[0].isDefault, c.revisions[0].inUse[0]], [true, '0/0', true, 'default']);
    assert.deepEqual(c.defaultRevision, { name: 'remote', source: 'default-tag' });
    assert.deepEqual(c.namespaces[0].target, { revision: 'remote', via: 'istio-injection', tag: 'default' });
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json, 'no undefined values hide in the output');
  });
});

describe('statusJson: owners (issue 13)', () => {
  function owned() {
    const inv = installRevision(inventory(), '1-24-2', '1.24.2');
    inv.deployments = inv.deployments.map((d) => helmMarked(d, 'istiod-1-24-2'));
    inv.mutatingWebhooks.push(sailOwned(tagMwc('prod', '1-24-2'), 'IstioRevisionTag', 'prod'));
    const orders = withLabels(namespace('orders', { 'istio.io/rev': '1-24-2' }), { 'kustomize.toolkit.fluxcd.io/name': 'orders', 'kustomize.toolkit.fluxcd.io/namespace': 'apps' });
    orders.metadata.managedFields = [{ manager: 'kubectl-label', operation: 'Update', time: '2026-03-01T10:00:00Z', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:istio.io/rev': {} } } } }];
    inv.namespaces.push(
      withLabels(namespace('payments', { 'istio.io/rev': 'prod' }), {}, { 'argocd.argoproj.io/tracking-id': 'team-a_payments:/Namespace:/payments' }),
      orders,
    );
    inv.helmReleaseSecrets = [decodedSecret({
      name: 'istiod-1-24-2', version: 5, status: 'pending-upgrade', values: { revision: '1-24-2', revisionTags: [] },
      objects: [rendered('Deployment', istiodDeployment('1-24-2', '1.24.2'))],
    })];
    inv.ownerReads = { sail: 'absent', problems: ['Helm release Secrets in istio-gw: forbidden (RBAC): owners read from them stay unknown'] };
    return toStatusJson([{ context: 'c', snapshot: buildSnapshot('c', inv) }]).clusters[0];
  }

  it('managedBy is exactly { kind, name, namespace? } on revisions, tags and namespaces', () => {
    const c = owned();
    assert.deepEqual(c.revisions[0].managedBy, { kind: 'helm', name: 'istiod-1-24-2', namespace: 'istio-system' });
    assert.deepEqual(c.tags[0].managedBy, { kind: 'sail', name: 'prod' });
    const byName = new Map(c.namespaces.map((n) => [n.name, n]));
    assert.deepEqual(byName.get('payments')?.managedBy, { kind: 'argocd', name: 'payments', namespace: 'team-a' });
    assert.deepEqual(byName.get('orders')?.managedBy, { kind: 'flux', name: 'orders', namespace: 'apps' });
    assert.deepEqual(byName.get('orders')?.labelChange, { manager: 'kubectl-label', operation: 'Update', time: '2026-03-01T10:00:00Z', labels: ['istio.io/rev'] });
    assert.equal('labelChange' in (byName.get('payments') ?? {}), false);
  });

  it('owners lists the live Helm releases (pending ones too) and the failed reads', () => {
    const c = owned();
    assert.deepEqual(c.owners, {
      helmReleases: [{
        name: 'istiod-1-24-2', namespace: 'istio-system', version: 5, status: 'pending-upgrade', chart: 'istiod', chartVersion: '1.24.2',
        revision: '1-24-2', revisionTags: [], defaultRevision: null,
      }],
      sail: null,
      problems: ['Helm release Secrets in istio-gw: forbidden (RBAC): owners read from them stay unknown'],
    });
    assert.deepEqual(JSON.parse(JSON.stringify(c)), c);
  });
});
