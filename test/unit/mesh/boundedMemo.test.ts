import { strict as assert } from 'node:assert';
import { boundedMemo } from '../../../src/mesh/boundedMemo';

describe('mesh/boundedMemo', () => {
  it('computes once per argument (undefined results too), and starts over when full', () => {
    const calls: string[] = [];
    const f = boundedMemo((k) => { calls.push(k); return k === 'none' ? undefined : { k }; }, 2);
    const a = f('a');
    assert.equal(f('a'), a, 'the same value, not a new one');
    assert.equal(f('none'), undefined);
    assert.equal(f('none'), undefined);
    assert.deepEqual(calls, ['a', 'none']);
    f('b'); // full: starts over with b
    f('a');
    assert.deepEqual(calls, ['a', 'none', 'b', 'a']);
    assert.deepEqual(f('a'), { k: 'a' });
  });
});
