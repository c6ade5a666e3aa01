import { strict as assert } from 'node:assert';
import { applyJsonPatch, decodeJsonPatch, JsonPatchDecodeError, JsonPatchError } from '../../../src/sim/patch/jsonPatch';
import { applyMergePatch } from '../../../src/sim/patch/mergePatch';
import { applyStrategicMergePatch } from '../../../src/sim/patch/strategicMergePatch';

const ns = () => ({ metadata: { name: 'demo', labels: { 'istio-injection': 'enabled', team: 'a' } } });

describe('sim merge patch (RFC 7386)', () => {
  it('removes istio-injection and sets istio.io/rev in one patch', () => {
    const out = applyMergePatch(ns(), { metadata: { labels: { 'istio-injection': null, 'istio.io/rev': 'canary' } } });
    assert.deepEqual(out, { metadata: { name: 'demo', labels: { team: 'a', 'istio.io/rev': 'canary' } } });
  });

  it('replaces arrays and non-objects, creates missing parents', () => {
    assert.deepEqual(applyMergePatch({ a: [1, 2], b: 1 }, { a: [3], c: { d: 1 } }), { a: [3], b: 1, c: { d: 1 } });
    assert.deepEqual(applyMergePatch({ a: 1 }, 'x'), 'x');
  });
});

describe('sim JSON patch (RFC 6902)', () => {
  const apply = (doc: unknown, ops: string) => applyJsonPatch(doc, decodeJsonPatch(ops));

  it('decodes ~1 and ~0 escapes in paths', () => {
    const out = apply(ns(), '[{"op":"add","path":"/metadata/labels/istio.io~1rev","value":"canary"},{"op":"remove","path":"/metadata/labels/istio-injection"},{"op":"add","path":"/metadata/labels/a~0b","value":"x"}]');
    assert.deepEqual(out, { metadata: { name: 'demo', labels: { team: 'a', 'istio.io/rev': 'canary', 'a~b': 'x' } } });
  });

  it('supports test, replace, move, copy and array indexes', () => {
    const doc = { a: [1, 2, 3], b: { c: 'x' } };
    assert.deepEqual(apply(doc, '[{"op":"test","path":"/b/c","value":"x"},{"op":"replace","path":"/a/0","value":9},{"op":"add","path":"/a/-","value":4}]'), { a: [9, 2, 3, 4], b: { c: 'x' } });
    assert.deepEqual(apply(doc, '[{"op":"move","from":"/b/c","path":"/d"},{"op":"copy","from":"/a/1","path":"/e"}]'), { a: [1, 2, 3], b: {}, d: 'x', e: 2 });
    assert.deepEqual(doc, { a: [1, 2, 3], b: { c: 'x' } }, 'the input is not modified');
  });

  it('fails like evanphx/json-patch v4.9', () => {
    const fail = (ops: string) => {
      try {
        apply(ns(), ops);
      } catch (e) {
        assert.ok(e instanceof JsonPatchError);
        return e.message;
      }
      return 'no error';
    };
    assert.equal(fail('[{"op":"test","path":"/metadata/labels/team","value":"b"}]'), 'testing value /metadata/labels/team failed: test failed');
    assert.equal(fail('[{"op":"remove","path":"/metadata/labels/nope"}]'), "error in remove for path: '/metadata/labels/nope': Unable to remove nonexistent key: nope: missing value");
    assert.equal(fail('[{"op":"add","path":"/metadata/annotations/x","value":"y"}]'), 'add operation does not apply: doc is missing path: "/metadata/annotations/x": missing value');
    assert.equal(fail('[{"op":"frobnicate","path":"/a"}]'), 'Unexpected kind: frobnicate: unknown object type');
  });

  it('rejects a body that is not a list of operations', () => {
    assert.throws(() => decodeJsonPatch('{"op":"add"}'), (e: unknown) => e instanceof JsonPatchDecodeError && /cannot unmarshal object into Go value of type jsonpatch.Patch/.test(e.message));
  });
});

describe('sim strategic merge patch', () => {
  const deploy = () => ({
    spec: {
      template: {
        metadata: { annotations: { a: '1' } },
        spec: { containers: [{ name: 'app', image: 'app:1', ports: [{ containerPort: 80 }] }, { name: 'istio-proxy', image: 'proxyv2:1.6' }] },
      },
    },
  });

  it('merges containers by name and keeps the others (kubectl set image / rollout restart)', () => {
    const out = applyStrategicMergePatch(deploy(), {
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': 't' } }, spec: { containers: [{ name: 'app', image: 'app:2' }] } } },
    }) as ReturnType<typeof deploy>;
    assert.deepEqual(out.spec.template.metadata.annotations, { a: '1', 'kubectl.kubernetes.io/restartedAt': 't' });
    assert.deepEqual(out.spec.template.spec.containers.map((c) => `${c.name}=${c.image}`), ['app=app:2', 'istio-proxy=proxyv2:1.6']);
    assert.deepEqual(out.spec.template.spec.containers[0].ports, [{ containerPort: 80 }]);
  });

  it('deletes list elements with $patch: delete and ignores $setElementOrder', () => {
    const out = applyStrategicMergePatch(deploy(), {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'app' }], containers: [{ name: 'istio-proxy', $patch: 'delete' }] } } },
    }) as ReturnType<typeof deploy>;
    assert.deepEqual(out.spec.template.spec.containers.map((c) => c.name), ['app']);
  });
});
