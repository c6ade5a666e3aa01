import { strict as assert } from 'node:assert';
import { layoutCluster } from '../../../src/views/treeLayout';
import { deployment, namespace, proxy, revision, snapshot } from './snapshotFixtures';

describe('treeLayout', () => {
  const s = snapshot({
    revisions: [revision('1-7-6', '1.7.6'), revision('1-8-0', '1.8.0')],
    tags: [{ name: 'prod', revision: '1-7-6' }, { name: 'canary', revision: '1-8-0' }],
    namespaces: [
      namespace('a', { state: 'bound', target: { revision: '1-7-6', via: 'tag', tag: 'prod' }, workloads: [deployment('web', 'a', [proxy('web-1', 'a', '1-7-6', '1.7.6')])] }),
      namespace('both', { state: 'bound', target: { revision: '1-7-6', via: 'istio-injection' }, conflict: 'both labels' }),
      namespace('dangling', { state: 'dangling', reason: 'istio.io/rev=gone names no revision or tag' }),
      namespace('gw', { workloads: [
        deployment('gw-old', 'gw', [proxy('gw-old-1', 'gw', '1-7-6', '1.7.6')]),
        deployment('gw-new', 'gw', [proxy('gw-new-1', 'gw', '1-8-0', '1.8.0')]),
      ] }),
      namespace('off', { state: 'disabled', workloads: [deployment('left', 'off', [proxy('left-1', 'off', '1-8-0', '1.8.0', true)])] }),
      namespace('plain'),
      namespace('kube-system'),
      namespace('old', { workloads: [deployment('x', 'old', [proxy('x-1', 'old', '1-5-0', '1.5.0')])] }),
    ],
  });

  it('puts bound namespaces under their target revision and tags beside them', () => {
    const l = layoutCluster(s, { showSystemNamespaces: false });
    const r176 = l.revisions.find((r) => r.revision.name === '1-7-6');
    assert.deepEqual(r176?.tags.map((t) => t.name), ['prod']);
    assert.deepEqual(r176?.namespaces.map((n) => `${n.namespace.name}:${n.podLevel}`), ['a:false', 'both:false', 'gw:true']);
  });

  it('splits an unlabeled namespace by the revision each workload runs (pod-level selection, gateways)', () => {
    const l = layoutCluster(s, { showSystemNamespaces: false });
    const r180 = l.revisions.find((r) => r.revision.name === '1-8-0');
    const gw = r180?.namespaces.find((n) => n.namespace.name === 'gw');
    assert.deepEqual(gw?.workloads.map((w) => w.name), ['gw-new']);
    assert.ok(r180?.namespaces.some((n) => n.namespace.name === 'off' && n.podLevel), 'leftover proxy of a disabled namespace is shown');
  });

  it('lists conflicts, dangling labels, not-in-mesh and unknown revisions separately', () => {
    const l = layoutCluster(s, { showSystemNamespaces: false });
    assert.deepEqual(l.conflicts.map((n) => n.name), ['both', 'dangling']);
    assert.deepEqual(l.notInMesh.map((n) => n.name), ['off', 'plain']);
    assert.deepEqual(l.orphans.map((o) => o.namespace.name), ['old']);
    assert.deepEqual(layoutCluster(s, { showSystemNamespaces: true }).notInMesh.map((n) => n.name), ['off', 'plain', 'kube-system']);
    assert.deepEqual(l.ambient, []);
  });

  it('puts unlabeled ambient namespaces in their own group (in the mesh, without sidecars); bound ambient ones stay under their revision', () => {
    const withAmbient = snapshot({
      revisions: [revision('1-24-2', '1.24.2')],
      namespaces: [
        namespace('zt', { ambient: true }),
        namespace('zt-bound', { ambient: true, state: 'bound', target: { revision: '1-24-2', via: 'istio.io/rev' } }),
        namespace('zt-off', { ambient: true, state: 'disabled' }),
        namespace('plain'),
      ],
    });
    const l = layoutCluster(withAmbient, { showSystemNamespaces: false });
    assert.deepEqual(l.ambient.map((n) => n.name), ['zt']);
    assert.deepEqual(l.notInMesh.map((n) => n.name), ['zt-off', 'plain']);
    assert.deepEqual(l.revisions[0].namespaces.map((p) => p.namespace.name), ['zt-bound']);
  });
});
