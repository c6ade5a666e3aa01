import { strict as assert } from 'node:assert';
import { ObjectStore } from '../../../src/kube/objectStore';
import type { KPod } from '../../../src/mesh/kubeObjects';

const pod = (namespace: string, name: string, phase = 'Running'): KPod => ({ metadata: { name, namespace }, status: { phase } });
const names = (store: ObjectStore) => store.list('pods').map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();

describe('kube/objectStore', () => {
  it('replaces, applies and removes by namespace and name; size counts each object once', () => {
    const store = new ObjectStore();
    store.replace('pods', undefined, [pod('a', 'p1'), pod('a', 'p2'), pod('b', 'p1')]);
    assert.deepEqual(names(store), ['a/p1', 'a/p2', 'b/p1']);
    assert.equal(store.size(), 3);

    store.apply('pods', 'MODIFIED', pod('a', 'p1', 'Failed'));
    store.apply('pods', 'ADDED', pod('a', 'p1', 'Failed')); // a repeated event
    assert.equal(store.size(), 3);
    assert.equal(store.list('pods').find((p) => p.metadata.name === 'p1' && p.metadata.namespace === 'a')?.status?.phase, 'Failed');

    store.apply('pods', 'DELETED', pod('b', 'p1'));
    store.apply('pods', 'DELETED', pod('b', 'p1')); // already gone
    store.apply('pods', 'DELETED', pod('c', 'nope'));
    assert.deepEqual(names(store), ['a/p1', 'a/p2']);
    assert.equal(store.size(), 2);

    store.replace('pods', 'c', [pod('c', 'x')]);
    store.replace('pods', 'a', [pod('a', 'p3')]);
    assert.deepEqual(names(store), ['a/p3', 'c/x']);
    assert.equal(store.size(), 2);
    store.removeNamespace('pods', 'c');
    store.removeNamespace('pods', 'never-seen');
    assert.deepEqual(names(store), ['a/p3']);
    assert.equal(store.size(), 1);
  });

  it('keeps kinds apart; cluster-scoped objects have no namespace; the list array is rebuilt after a change', () => {
    const store = new ObjectStore();
    store.replace('namespaces', undefined, [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }]);
    store.replace('pods', undefined, [pod('a', 'a')]);
    const before = store.list('namespaces');
    assert.equal(store.list('namespaces'), before, 'the same array while nothing changed');
    store.apply('namespaces', 'DELETED', { metadata: { name: 'a' } });
    assert.deepEqual(store.list('namespaces').map((n) => n.metadata.name), ['b']);
    assert.equal(before.length, 2, 'an array handed out is never modified');
    assert.equal(store.list('pods').length, 1);
    assert.equal(store.size(), 2);
    assert.deepEqual(store.inventory().namespaces.map((n) => n.metadata.name), ['b']);
  });
});
