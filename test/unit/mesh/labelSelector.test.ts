import { strict as assert } from 'node:assert';
import { selectorMatches } from '../../../src/mesh/labelSelector';

describe('labelSelector', () => {
  it('matches In / NotIn / Exists / DoesNotExist like the API server', () => {
    const sel = {
      matchExpressions: [
        { key: 'istio.io/rev', operator: 'In' as const, values: ['canary'] },
        { key: 'istio-injection', operator: 'DoesNotExist' as const },
      ],
    };
    assert.equal(selectorMatches(sel, { 'istio.io/rev': 'canary' }), true);
    assert.equal(selectorMatches(sel, { 'istio.io/rev': 'canary', 'istio-injection': 'enabled' }), false);
    assert.equal(selectorMatches(sel, {}), false);
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['false'] }] }, {}), true);
    assert.equal(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['false'] }] }, { a: 'false' }), false);
    assert.equal(selectorMatches({ matchLabels: { a: 'b' } }, { a: 'b', c: 'd' }), true);
    assert.equal(selectorMatches(undefined, undefined), true);
  });
});
