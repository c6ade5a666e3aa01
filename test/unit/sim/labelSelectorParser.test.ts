import { strict as assert } from 'node:assert';
import { labelsMatch, parseLabelSelector } from '../../../src/sim/selectors/labelSelectorParser';
import { fieldsMatch, parseFieldSelector, unsupportedField } from '../../../src/sim/selectors/fieldSelector';

describe('sim label selector parser', () => {
  const matches = (sel: string, labels: Record<string, string>) => labelsMatch(parseLabelSelector(sel), labels);

  it('parses equality, inequality and set-based requirements, comma = AND', () => {
    assert.deepEqual(parseLabelSelector('b=2,a==1'), [
      { key: 'a', operator: '==', values: ['1'] },
      { key: 'b', operator: '=', values: ['2'] },
    ]);
    assert.equal(matches('app=web', { app: 'web' }), true);
    assert.equal(matches('app==web', { app: 'api' }), false);
    assert.equal(matches('app!=web', {}), true);
    assert.equal(matches('env in (prod, staging)', { env: 'staging' }), true);
    assert.equal(matches('env notin (prod)', { env: 'prod' }), false);
    assert.equal(matches('env notin (prod)', {}), true);
    assert.equal(matches('istio.io/rev', { 'istio.io/rev': 'canary' }), true);
    assert.equal(matches('!istio-injection', { 'istio-injection': 'enabled' }), false);
    assert.equal(matches('!istio-injection,istio.io/rev in (canary)', { 'istio.io/rev': 'canary' }), true);
    assert.equal(matches('replicas>2', { replicas: '3' }), true);
    assert.equal(matches('', { a: 'b' }), true);
    assert.equal(matches('a=', { a: '' }), true);
  });

  it('treats in/notin as values where a value is expected', () => {
    assert.equal(matches('mode=in', { mode: 'in' }), true);
    assert.equal(matches('x in (in,notin)', { x: 'notin' }), true);
  });

  it('rejects malformed selectors with the apiserver texts', () => {
    const err = (s: string) => {
      try {
        parseLabelSelector(s);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    assert.equal(err('a in (b'), "unable to parse requirement: found '', expected: ',' or ')'");
    assert.equal(err('a in b'), "unable to parse requirement: found 'b' expected: '('");
    assert.equal(err('a=b,'), "found '', expected: identifier after ','");
    assert.equal(err('a=b c'), "found 'c', expected: ',' or 'end of string'");
    assert.equal(err('=b'), "found '=', expected: !, identifier, or 'end of string'");
    assert.equal(err('a=b=c'), "found '=', expected: ',' or 'end of string'");
    assert.match(err('a=bad value!'), /found 'value', expected: ',' or 'end of string'/);
    assert.match(err('a=b!c'), /unable to parse requirement: invalid label value: "b"|found '!', expected/);
    assert.match(err('x/y/z=1'), /^unable to parse requirement: invalid label key "x\/y\/z": a qualified name must consist of/);
    assert.equal(err('a>b'), "unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer");
  });
});

describe('sim field selector', () => {
  it('parses =, == and != and matches nested fields', () => {
    const reqs = parseFieldSelector('metadata.name=web,metadata.namespace!=kube-system');
    const obj = { metadata: { name: 'web', namespace: 'default' } };
    assert.equal(fieldsMatch(reqs, obj), true);
    assert.equal(fieldsMatch(parseFieldSelector('metadata.name==api'), obj), false);
  });

  it('rejects malformed terms and unknown fields', () => {
    assert.throws(() => parseFieldSelector('metadata.name'), /invalid selector: 'metadata.name'; can't understand 'metadata.name'/);
    assert.equal(unsupportedField('Pod', 'spec.nodeName'), undefined);
    assert.equal(unsupportedField('Pod', 'spec.foo'), 'field label not supported: spec.foo');
    assert.equal(unsupportedField('Deployment', 'metadata.namespace'), undefined);
  });
});
