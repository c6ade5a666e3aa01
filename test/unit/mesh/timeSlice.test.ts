import { strict as assert } from 'node:assert';
import { breathe, forEachSliced, sliceUsed } from '../../../src/mesh/timeSlice';

describe('timeSlice: cooperative yields on the extension host thread', () => {
  it('a used slice yields: work queued on the event loop before it runs first', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('queued'));
    await breathe(-1);
    order.push('resumed');
    assert.deepEqual(order, ['queued', 'resumed']);
  });

  it('an unused slice does not yield', async () => {
    await breathe(-1); // starts a fresh turn
    assert.equal(sliceUsed(60_000), false);
    assert.equal(breathe(60_000), undefined);
  });

  it('waiters resume in the order they yielded, each once', async () => {
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((i) => Promise.resolve(breathe(-1)).then(() => order.push(i))));
    assert.deepEqual(order, [1, 2, 3]);
  });

  it('forEachSliced visits every item in order, also across yields', async () => {
    const seen: number[] = [];
    await forEachSliced(Array.from({ length: 500 }, (_, i) => i), (i) => {
      seen.push(i);
      const until = performance.now() + 0.05;
      while (performance.now() < until) { /* a little work per item */ }
    });
    assert.deepEqual(seen, Array.from({ length: 500 }, (_, i) => i));
  });
});
