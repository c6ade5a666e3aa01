import { strict as assert } from 'node:assert';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import { deployment, deploymentPods, injected118, installRevision, inventory, merge, namespace, pod, revOf, tagMwc } from './fixtures';

function mesh() {
  return installRevision(installRevision(installRevision(inventory(), '1-7-6', '1.7.6'), '1-8-0', '1.8.0'), '1-9-0', '1.9.0');
}

describe('inUse (Sail\'s isRevisionReferenced, istio-model.md M13.2)', () => {
  it('an unreferenced revision has an empty inUse and zero counts', () => {
    const r = revOf(buildSnapshot('u', mesh()), '1-9-0');
    assert.deepEqual([r.inUse, r.namespaceCount, r.proxyCount], [[], 0, 0]);
  });

  it('reasons in order: default, tags, namespaces, pods', () => {
    const inv = mesh();
    inv.mutatingWebhooks.push(tagMwc('default', '1-8-0'), tagMwc('prod', '1-8-0'));
    inv.namespaces.push(namespace('n1', { 'istio-injection': 'enabled' }), namespace('n2', { 'istio.io/rev': '1-8-0' }), namespace('n3', { 'istio.io/rev': 'prod' }), namespace('n4'));
    inv.pods.push(pod('p1', 'n4', injected118('1-8-0', '1.8.0')));
    const r = revOf(buildSnapshot('u', inv), '1-8-0');
    assert.deepEqual(r.inUse, [
      { kind: 'default' },
      { kind: 'tag', tag: 'default' },
      { kind: 'tag', tag: 'prod' },
      { kind: 'namespace', namespace: 'n1' },
      { kind: 'namespace', namespace: 'n2' },
      { kind: 'namespace', namespace: 'n3' },
      { kind: 'pod', namespace: 'n4', pod: 'p1' },
    ]);
    assert.deepEqual([r.namespaceCount, r.proxyCount], [3, 1]);
  });

  it('Succeeded/Failed pods do not keep a revision in use and are not counted', () => {
    const inv = mesh();
    inv.namespaces.push(namespace('jobs'));
    inv.pods.push(pod('done', 'jobs', merge(injected118('1-7-6', '1.7.6'), { phase: 'Succeeded', owner: { kind: 'Job', name: 'j' } })));
    inv.pods.push(pod('failed', 'jobs', merge(injected118('1-7-6', '1.7.6'), { phase: 'Failed' })));
    const r = revOf(buildSnapshot('u', inv), '1-7-6');
    assert.deepEqual([r.inUse, r.proxyCount], [[], 0]);
  });

  it('dangling and disabled namespaces reference nothing', () => {
    const inv = mesh();
    inv.namespaces.push(namespace('d', { 'istio-injection': 'disabled', 'istio.io/rev': '1-7-6' }), namespace('x', { 'istio.io/rev': 'nope' }));
    assert.ok(buildSnapshot('u', inv).revisions.every((r) => r.inUse.length === 0));
  });

  it('in an unlabeled namespace, a pod whose template selects a revision keeps it in use (even before injection)', () => {
    const inv = mesh();
    inv.namespaces.push(namespace('gw'));
    inv.deployments.push(deployment('gw', 'gw', { templateLabels: { 'istio.io/rev': '1-9-0' } }));
    inv.pods.push(...deploymentPods('gw', 'gw', [{}]));
    const r = revOf(buildSnapshot('u', inv), '1-9-0');
    assert.deepEqual([r.inUse.map((x) => x.kind), r.proxyCount], [['pod'], 0]);
  });

  it('a pod counted both as injected and as selecting appears once', () => {
    const inv = mesh();
    inv.namespaces.push(namespace('gw'));
    inv.pods.push(pod('g', 'gw', merge(injected118('1-9-0', '1.9.0'), { labels: { 'istio.io/rev': '1-9-0' } })));
    assert.deepEqual(revOf(buildSnapshot('u', inv), '1-9-0').inUse, [{ kind: 'pod', namespace: 'gw', pod: 'g' }]);
  });
});

describe('inUse pods across namespaces (computed per namespace)', () => {
  it('lists pods by namespace, then pod name, also when one namespace name prefixes another', () => {
    const inv = mesh();
    inv.namespaces.push(namespace('n', { 'istio.io/rev': '1-8-0' }), namespace('n-2', { 'istio.io/rev': '1-8-0' }), namespace('m'));
    inv.pods.push(pod('z', 'n', injected118('1-8-0', '1.8.0')), pod('b', 'n', injected118('1-8-0', '1.8.0')));
    inv.pods.push(pod('a', 'n-2', injected118('1-8-0', '1.8.0')), pod('x', 'm', injected118('1-8-0', '1.8.0')));
    const r = revOf(buildSnapshot('u', inv), '1-8-0');
    assert.deepEqual(r.inUse.filter((u) => u.kind === 'pod'), [
      { kind: 'pod', namespace: 'm', pod: 'x' },
      { kind: 'pod', namespace: 'n', pod: 'b' },
      { kind: 'pod', namespace: 'n', pod: 'z' },
      { kind: 'pod', namespace: 'n-2', pod: 'a' },
    ]);
    assert.equal(r.proxyCount, 4);
  });
});
