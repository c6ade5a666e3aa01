import { strict as assert } from 'node:assert';
import { byCount, plural } from '../../../src/mesh/plural';

describe('plural', () => {
  it('uses the singular for exactly one and the plural for 0, 2 and more', () => {
    assert.equal(plural(1, 'pod'), '1 pod');
    assert.equal(plural(0, 'pod'), '0 pods');
    assert.equal(plural(2, 'pod'), '2 pods');
    assert.equal(plural(2400, 'namespace'), '2,400 namespaces');
    assert.equal(plural(13340, 'proxy', 'proxies'), '13,340 proxies');
  });

  it('takes an irregular plural', () => {
    assert.equal(plural(1, 'proxy', 'proxies'), '1 proxy');
    assert.equal(plural(3, 'proxy', 'proxies'), '3 proxies');
    assert.equal(plural(2, 'ns', 'ns'), '2 ns');
  });

  it('pluralizes the last word of a phrase', () => {
    assert.equal(plural(1, 'old pod'), '1 old pod');
    assert.equal(plural(4, 'running pod'), '4 running pods');
  });

  it('byCount picks the word that agrees with the count', () => {
    assert.equal(byCount(1, 'is', 'are'), 'is');
    assert.equal(byCount(0, 'is', 'are'), 'are');
    assert.equal(byCount(2, 'pins its', 'pin their'), 'pin their');
  });
});
