import { strict as assert } from 'node:assert';
import { invalid } from '../../../src/sim/core/errors';
import { resourceByName } from '../../../src/sim/core/resourceRegistry';
import { validateLabels } from '../../../src/sim/validation/metaValidation';
import { isQualifiedName, isValidLabelValue } from '../../../src/sim/validation/names';

describe('sim validation messages', () => {
  it('label values: the exact 1.20 message (note the double spaces)', () => {
    assert.deepEqual(isValidLabelValue('bad value!'), [
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
    assert.deepEqual(isValidLabelValue('x'.repeat(64)).slice(0, 1), ['must be no more than 63 characters']);
    assert.deepEqual(isValidLabelValue(''), []);
  });

  it('label keys: prefix and name parts', () => {
    assert.deepEqual(isQualifiedName('istio.io/rev'), []);
    assert.match(isQualifiedName('Bad_Prefix/x')[0], /^prefix part a lowercase RFC 1123 subdomain must consist of/);
    assert.match(isQualifiedName('-x')[0], /^name part must consist of alphanumeric characters/);
  });

  it('a 422 Status has the aggregated message and causes', () => {
    const err = invalid(resourceByName('namespaces'), 'x', validateLabels({ a: 'bad value!' }, 'metadata.labels'));
    assert.equal(err.status.code, 422);
    assert.equal(err.status.reason, 'Invalid');
    assert.equal(err.status.message, `Namespace "x" is invalid: metadata.labels: Invalid value: "bad value!": ${isValidLabelValue('bad value!')[0]}`);
    assert.deepEqual(err.status.details, {
      name: 'x',
      kind: 'Namespace',
      causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "bad value!": ${isValidLabelValue('bad value!')[0]}`, field: 'metadata.labels' }],
    });
    const two = invalid(resourceByName('deployments'), 'd', validateLabels({ a: 'bad!', 'b/c/d': 'ok' }, 'metadata.labels'));
    assert.match(two.status.message ?? '', /^Deployment\.apps "d" is invalid: \[metadata\.labels: Invalid value: "bad!": .*, metadata\.labels: Invalid value: "b\/c\/d": a qualified name/);
    assert.equal(two.status.details?.group, 'apps');
  });
});
