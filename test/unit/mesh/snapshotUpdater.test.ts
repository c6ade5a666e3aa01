import { strict as assert } from 'node:assert';
import { SnapshotUpdater, buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import type { ClusterInventory } from '../../../src/mesh/kubeObjects';
import { deployment, deploymentPods, injected118, installRevision, inventory, namespace, pod, tagMwc } from './fixtures';

/** A small deterministic PRNG so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function cluster(): ClusterInventory {
  const inv = inventory();
  installRevision(inv, '1-7-6', '1.7.6');
  installRevision(inv, '1-8-0', '1.8.0');
  inv.mutatingWebhooks.push(tagMwc('prod', '1-7-6'), tagMwc('canary', '1-8-0'));
  for (let i = 0; i < 8; i++) {
    const ns = `ns${i}`;
    inv.namespaces.push(namespace(ns, i % 3 === 0 ? { 'istio.io/rev': 'prod' } : i % 3 === 1 ? { 'istio.io/rev': 'canary' } : {}));
    inv.deployments.push(deployment('web', ns, { replicas: 2 }));
    inv.pods.push(...deploymentPods('web', ns, [injected118('1-7-6', '1.7.6'), injected118('1-8-0', '1.8.0')], `h${i}`));
  }
  return inv;
}

const same = (a: unknown, b: unknown): void => assert.equal(JSON.stringify(a), JSON.stringify(b));

describe('SnapshotUpdater (incremental rebuild per changed namespace)', () => {
  it('equals a full rebuild after 300 random namespaced changes', () => {
    const rnd = prng(7);
    const inv = cluster();
    const updater = new SnapshotUpdater('c');
    same(updater.build(inv), buildSnapshot('c', inv));
    const labels: Record<string, string>[] = [{ 'istio.io/rev': 'prod' }, { 'istio.io/rev': 'canary' }, { 'istio-injection': 'enabled' }, { 'istio-injection': 'disabled' }, {}, { 'istio.io/rev': 'gone' }];
    for (let step = 0; step < 300; step++) {
      const ns = `ns${Math.floor(rnd() * 10)}`;
      const what = Math.floor(rnd() * 5);
      let kinds: string[];
      if (what === 0) {
        const existing = inv.namespaces.find((n) => n.metadata.name === ns);
        const l = labels[Math.floor(rnd() * labels.length)];
        if (existing) existing.metadata.labels = { ...l };
        else inv.namespaces.push(namespace(ns, l));
        kinds = ['namespaces'];
      } else if (what === 1) {
        inv.pods.push(pod(`bare-${step}`, ns, injected118(rnd() < 0.5 ? '1-7-6' : '1-8-0', rnd() < 0.5 ? '1.7.6' : '1.8.0')));
        kinds = ['pods'];
      } else if (what === 2) {
        const i = inv.pods.findIndex((p) => p.metadata.namespace === ns);
        if (i >= 0) inv.pods.splice(i, 1);
        kinds = ['pods'];
      } else if (what === 3) {
        inv.deployments.push(deployment(`api-${step}`, ns));
        inv.pods.push(...deploymentPods(`api-${step}`, ns, [injected118('1-8-0', '1.8.0')], `x${step}`));
        kinds = ['deployments', 'pods'];
      } else {
        inv.namespaces = inv.namespaces.filter((n) => n.metadata.name !== ns || rnd() < 0.5);
        kinds = ['namespaces'];
      }
      same(updater.update(inv, { kinds, namespaces: new Set([ns]) }), buildSnapshot('c', inv));
    }
  });

  it('rebuilds everything when the control plane changes or the change is unknown', () => {
    const inv = cluster();
    const updater = new SnapshotUpdater('c');
    updater.build(inv);
    inv.mutatingWebhooks = inv.mutatingWebhooks.filter((w) => w.metadata.name !== 'istio-revision-tag-canary');
    same(updater.update(inv, { kinds: ['mutatingwebhookconfigurations'], namespaces: new Set() }), buildSnapshot('c', inv));
    const istiod = inv.deployments.find((d) => d.metadata.name === 'istiod-1-8-0');
    if (istiod?.status) istiod.status.readyReplicas = 0;
    same(updater.update(inv, { kinds: ['deployments'], namespaces: new Set(['istio-system']) }), buildSnapshot('c', inv));
    inv.namespaces[2].metadata.labels = { 'istio.io/rev': 'prod' };
    same(updater.update(inv, { kinds: ['namespaces'] }), buildSnapshot('c', inv));
  });

  it('never changes a snapshot it handed out before', () => {
    const inv = cluster();
    const updater = new SnapshotUpdater('c');
    const first = updater.build(inv);
    const frozen = JSON.stringify(first);
    inv.pods.push(pod('extra', 'ns0', injected118('1-7-6', '1.7.6')));
    updater.update(inv, { kinds: ['pods'], namespaces: new Set(['ns0']) });
    assert.equal(JSON.stringify(first), frozen);
  });
});
