import { strict as assert } from 'node:assert';
import { Interner } from '../../../src/kube/interner';

describe('kube/interner', () => {
  it('shares equal string maps (frozen), keeps only string values, drops the named key', () => {
    const i = new Interner();
    const a = i.stringMap({ app: 'web', version: 'v1', big: 'x', n: 3 as unknown as string }, 'big');
    const b = i.stringMap({ app: 'web', version: 'v1', big: 'y' }, 'big');
    assert.equal(a, b);
    assert.deepEqual(a, { app: 'web', version: 'v1' });
    assert.ok(Object.isFrozen(a));
    assert.notEqual(i.stringMap({ app: 'web', version: 'v2' }), a);
    // Key/value boundaries cannot collide: {a:'b\u0000c'} is not {a:'b', c:''}.
    assert.notDeepEqual(i.stringMap({ a: 'b\u0000c' }), i.stringMap({ a: 'b', c: '' }));
  });

  it('starts over when a table is full, without changing values already handed out', () => {
    const i = new Interner(2);
    const first = i.shape('k1', () => ({ v: 1 }));
    i.shape('k2', () => ({ v: 2 }));
    i.shape('k3', () => ({ v: 3 }));
    assert.deepEqual(first, { v: 1 });
    assert.notEqual(i.shape('k1', () => ({ v: 1 })), first, 'k1 was dropped with the full table');
    assert.equal(i.string('a'), 'a');
  });
});
