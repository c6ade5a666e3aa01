/** Every field is untrusted cluster data: the builder must never throw and must stay deterministic. */
import { strict as assert } from 'node:assert';
import type { ClusterInventory } from '../../../src/mesh/kubeObjects';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { toStatusJson } from '../../../src/mesh/statusJson';
import { toStatusTable } from '../../../src/mesh/statusTable';
import { runPrecheck } from '../../../src/mesh/precheck';
import {
  defaultValidator, deployment, deploymentPods, injected110, injected118, injectedNative, injectedPinned, installRevision, inventory,
  namespace, pod, tagMwc, tagService, withAutoEntry, workloadObject,
} from './fixtures';
import { decodedSecret, helmMarked, rendered, sailOwned, withLabels } from './ownerFixtures';

function rich(): ClusterInventory {
  const inv = installRevision(installRevision(installRevision(inventory(), '', '1.6.14', { legacy: true }), '1-7-6', '1.7.6'), 'cp-v117x.istio-system', '1.17.2');
  inv.mutatingWebhooks.push(helmMarked(tagMwc('prod', '1-7-6'), 'istiod-1-7-6'), sailOwned(withAutoEntry(tagMwc('default', 'cp-v117x.istio-system')), 'IstioRevisionTag', 'default'));
  inv.services.push(tagService('prod', '1-7-6'));
  inv.validatingWebhooks.push(defaultValidator('1-7-6'));
  inv.namespaces.push(namespace('a', { 'istio.io/rev': 'prod' }), namespace('b', { 'istio-injection': 'enabled', 'istio.io/rev': 'x' }), namespace('c'));
  inv.deployments.push(deployment('web', 'a'), deployment('gw', 'c', { templateLabels: { 'istio.io/rev': '1-7-6' } }));
  inv.statefulSets.push(workloadObject('StatefulSet', 'db', 'b'));
  inv.pods.push(...deploymentPods('web', 'a', [injected118('1-7-6', '1.7.6'), injected110('default', '1.6.14')]));
  inv.pods.push(...deploymentPods('gw', 'c', [injectedNative('1-7-6', '1.7.6')]));
  inv.pods.push(pod('db-0', 'b', { ...injectedPinned('default', 'corp/proxy:1.6.0'), owner: { kind: 'StatefulSet', name: 'db' } }));
  inv.pods.push(pod('bare', 'c', { phase: 'Succeeded' }));
  // Owners: a decoded Helm release, Sail resources, GitOps marks and a namespace's managedFields.
  inv.namespaces.push(withLabels(namespace('d', { 'istio.io/rev': '1-7-6' }), { 'kustomize.toolkit.fluxcd.io/name': 'd', 'kustomize.toolkit.fluxcd.io/namespace': 'f' }, { 'argocd.argoproj.io/tracking-id': 'app:/Namespace:/d' }));
  inv.namespaces[inv.namespaces.length - 1].metadata.managedFields = [{ manager: 'kubectl-label', time: '2026-01-01T00:00:00Z', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:istio.io/rev': {} } } } }];
  inv.helmReleaseSecrets = [decodedSecret({ name: 'istiod-1-7-6', version: 3, status: 'pending-upgrade', values: { revision: '1-7-6', revisionTags: ['prod'] }, objects: [rendered('MutatingWebhookConfiguration', tagMwc('prod', '1-7-6'))] })];
  inv.sailIstios = [{ metadata: { name: 'default' }, spec: { version: 'v1.17.2', updateStrategy: { type: 'RevisionBased' } }, status: { activeRevisionName: 'cp-v117x.istio-system', revisions: { total: 1, ready: 1, inUse: 1 } } }];
  inv.sailRevisions = [{ metadata: { name: '1-7-6' }, status: { conditions: [{ type: 'InUse', status: 'False', lastTransitionTime: '2026-01-01T00:00:00Z' }] } }];
  inv.sailRevisionTags = [{ metadata: { name: 'default' }, spec: { targetRef: { kind: 'Istio', name: 'default' } }, status: { istioRevision: 'cp-v117x.istio-system' } }];
  inv.ownerReads = { sail: 'served', problems: ['Helm release Secrets in x: forbidden'] };
  return inv;
}

/** Small deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK: unknown[] = [null, undefined, 0, -1, 3.5, NaN, '', 'garbage', '{', true, [], {}, [null], { metadata: null }, [1, 'x', {}]];

/** Replace ~rate of all nested values with junk. */
function corrupt(value: unknown, rand: () => number, rate: number): unknown {
  if (rand() < rate) return JUNK[Math.floor(rand() * JUNK.length)];
  if (Array.isArray(value)) return value.map((v) => corrupt(v, rand, rate));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, corrupt(v, rand, rate)]));
  }
  return value;
}

function everything(inv: unknown): void {
  const s = buildSnapshot('fuzz', inv as ClusterInventory);
  JSON.stringify(s);
  JSON.stringify(toStatusJson([{ context: 'fuzz', snapshot: s }]));
  toStatusTable([{ context: 'fuzz', snapshot: s }]);
  assert.ok(Array.isArray(s.revisions) && Array.isArray(s.namespaces) && Array.isArray(s.warnings));
  const failed = runPrecheck(inv as ClusterInventory, s).find((f) => f.id === 'precheck-failed:owners');
  assert.equal(failed, undefined, failed?.detail);
}

describe('robustness: untrusted cluster data', () => {
  it('an empty or absent inventory gives an empty snapshot', () => {
    for (const inv of [inventory(), {}, null, undefined, 'x', { namespaces: null, pods: 'no', deployments: {} }]) {
      const s = buildSnapshot('e', inv as unknown as ClusterInventory);
      assert.deepEqual(s, { context: 'e', revisions: [], tags: [], namespaces: [], warnings: [] });
    }
  });

  it('objects without metadata, labels, spec or with wrong types are survived', () => {
    const inv = {
      namespaces: [null, {}, { metadata: {} }, { metadata: { name: 'n', labels: null } }, { metadata: { name: 7 } }],
      pods: [null, {}, { metadata: { name: 'p', namespace: 'n', annotations: { 'sidecar.istio.io/status': null, 'istio.io/rev': 5 } }, spec: { containers: null, initContainers: 'x' } },
        { metadata: { name: 'q', namespace: 'n' }, spec: { containers: [null, { name: 'istio-proxy', image: 12 }] }, status: null }],
      deployments: [null, { metadata: { name: 'istiod', namespace: 'istio-system', labels: { app: 'istiod' } }, spec: { template: { spec: { containers: [{ name: 'discovery' }] } }, replicas: 'two' }, status: { readyReplicas: '1' } }],
      statefulSets: [{}], daemonSets: [null],
      mutatingWebhooks: [null, {}, { metadata: { name: 'istio-sidecar-injector' }, webhooks: null }, { metadata: { labels: { 'istio.io/tag': 'x' } }, webhooks: [{ clientConfig: { service: null } }] }],
      validatingWebhooks: [null, { metadata: { name: 'istiod-default-validator', labels: null } }],
      services: [null, { metadata: { labels: { app: 'istiod' } } }],
      configMaps: [null, { metadata: { name: 'istio-sidecar-injector', namespace: 'istio-system' }, data: { values: 42 } }],
    };
    everything(inv);
    const s = buildSnapshot('w', inv as unknown as ClusterInventory);
    assert.ok(s.revisions.some((r) => r.name === 'default'));
    const q = s.namespaces.find((n) => n.name === 'n')!.workloads.flatMap((w) => w.pods).find((p) => p.pod === 'q')!;
    assert.deepEqual([q.injected, q.proxyImage, q.proxyVersion], [true, undefined, undefined]);
  });

  it('300 randomly corrupted inventories never throw', function () {
    this.timeout(30000);
    const base = rich();
    everything(base);
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed);
      const inv = corrupt(base, rand, 0.02 + (seed % 10) * 0.02);
      try {
        everything(inv);
      } catch (e) {
        assert.fail(`seed ${seed}: ${(e as Error).stack}`);
      }
    }
  });

  it('is deterministic: input order does not change the snapshot', () => {
    const a = rich();
    const b = rich();
    for (const key of Object.keys(b) as (keyof ClusterInventory)[]) if (Array.isArray(b[key])) (b[key] as unknown[]).reverse();
    assert.deepEqual(buildSnapshot('d', b), buildSnapshot('d', a));
  });

  it('does not mutate its input', () => {
    const inv = rich();
    const before = JSON.stringify(inv);
    buildSnapshot('m', inv);
    assert.equal(JSON.stringify(inv), before);
  });
});
