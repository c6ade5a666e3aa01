import { strict as assert } from 'node:assert';
import type { Finding } from '../../../src/mesh/finding';
import { objectList } from '../../../src/mesh/finding';
import { findingTooltip, precheckMarkdown } from '../../../src/views/precheckMarkdown';

const fixable: Finding = {
  id: 'IST0123:ns/shop', code: 'namespace-labels IST0123', severity: 'warning',
  title: 'Namespace shop has both istio-injection=enabled and istio.io/rev=canary',
  detail: 'istio-injection wins.', objects: [{ kind: 'Namespace', name: 'shop' }],
  fix: { kind: 'removeNamespaceLabel', namespace: 'shop', label: 'istio-injection', description: 'Remove istio-injection from shop.' },
};
const error: Finding = {
  id: 'dangling:ns/gone', code: 'dangling-namespace', severity: 'error', title: 'Namespace gone points at no control plane',
  detail: 'istio.io/rev=x names nothing.', objects: [{ kind: 'Namespace', name: 'gone' }],
};

describe('precheckMarkdown', () => {
  it('groups by severity, errors first, with fix instructions', () => {
    const text = precheckMarkdown('kind-a', [fixable, error]);
    assert.ok(text.startsWith('# Precheck — kind-a\n\n1 error · 1 warning.'));
    assert.ok(text.indexOf('## ✖ Errors (1)') >= 0 && text.indexOf('## ✖ Errors (1)') < text.indexOf('## ⚠ Warnings (1)'));
    assert.match(text, /\*\*Fix:\*\* Remove istio-injection from shop\./);
    assert.ok(!text.includes('ℹ️ Info'));
  });

  it('says so when there is nothing to report', () => {
    assert.match(precheckMarkdown('c', []), /no findings\.\n\nNo problem found/);
  });

  it('puts the fix (or its absence) in the tooltip', () => {
    assert.match(findingTooltip(fixable), /Fix \(Apply Fix\): Remove istio\\-injection from shop\\\./);
    assert.match(findingTooltip(error), /No automatic fix\./);
  });

  it('shortens object lists', () => {
    const objects = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ kind: 'Pod', namespace: 'ns', name }));
    assert.equal(objectList(objects), 'ns/a, ns/b, ns/c +2');
    assert.equal(objectList([{ kind: 'Namespace', name: 'x' }]), 'x');
  });
});
