import { strict as assert } from 'node:assert';
import { parseInbound, parsePanelState } from '../../../src/webview/protocol';
import { panelHtml } from '../../../src/webview/panelHtml';

describe('webview protocol', () => {
  it('accepts well-formed messages', () => {
    assert.deepEqual(parseInbound({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseInbound({ type: 'restartWorkload', namespace: 'shop', kind: 'Deployment', name: 'cart' }), { type: 'restartWorkload', namespace: 'shop', kind: 'Deployment', name: 'cart' });
    assert.deepEqual(parseInbound({ type: 'saveReport', format: 'yaml' }), { type: 'saveReport', format: 'yaml' });
    assert.deepEqual(parseInbound({ type: 'revealNamespace', namespace: 'a' }), { type: 'revealNamespace', namespace: 'a' });
  });

  it('rejects malformed or hostile messages', () => {
    for (const bad of [
      null, 'ready', 42, [], {}, { type: 'nope' }, { type: 'ready', extra: 1 },
      { type: 'restartWorkload', namespace: 'shop', kind: 'Pod', name: 'x' },
      { type: 'restartWorkload', namespace: 'Shop', kind: 'Deployment', name: 'x' },
      { type: 'restartWorkload', namespace: 'shop', kind: 'Deployment', name: '<script>' },
      { type: 'restartWorkload', namespace: 'shop', kind: 'Deployment' },
      { type: 'verifyNamespace', namespace: '"onmouseover=alert(1)' },
      { type: 'verifyNamespace', namespace: 'a'.repeat(64) },
      { type: 'saveReport', format: 'html' },
      { type: 'copyMarkdown', payload: '</style>' },
    ]) assert.equal(parseInbound(bad), undefined, JSON.stringify(bad));
  });

  it('restores a saved panel state only when it is whole', () => {
    const ok = { context: 'c', title: 't', baseline: { context: 'c', takenAt: 'x', scope: {}, pods: {} } };
    assert.deepEqual(parsePanelState(ok), ok);
    assert.equal(parsePanelState({ context: 'c', title: 't' }), undefined);
    assert.equal(parsePanelState({ ...ok, baseline: { ...ok.baseline, pods: 'x' } }), undefined);
    assert.equal(parsePanelState(undefined), undefined);
  });

  it('keeps a saved traffic table only when every row is well-formed; a damaged one is dropped, the panel kept', () => {
    const base = { context: 'c', title: 't', baseline: { context: 'c', takenAt: 'x', scope: {}, pods: {} } };
    const row = { namespace: 'a', kind: 'Deployment', name: '<img src=x onerror=alert(1)>', verdict: 'breach', reasons: ['5xx 0.10 % → 5.10 %'], before: { requests: 3000, errors: 3, p99Ms: 80 }, after: { requests: 300, errors: 15 } };
    assert.deepEqual(parsePanelState({ ...base, traffic: [row] }), { ...base, traffic: [row] });
    for (const bad of [
      [{ ...row, verdict: 'fine' }], [{ ...row, kind: 'Service' }], [{ ...row, before: { requests: '1', errors: 0 } }],
      [{ ...row, reasons: [1] }], [{ ...row, after: { requests: 1, errors: 0, p99Ms: Infinity } }], 'rows', [row, null],
    ]) {
      assert.deepEqual(parsePanelState({ ...base, traffic: bad }), base, JSON.stringify(bad));
    }
  });

  it('renders a strict CSP with a nonce and no inline script; escapes attributes', () => {
    const html = panelHtml({ cspSource: 'vscode-resource:', nonce: 'abc123', scriptUri: 's.js', styleUri: 'x.css', codiconUri: 'c.css', title: '</title><script>alert(1)</script>' });
    assert.match(html, /default-src 'none'/);
    assert.match(html, /script-src 'nonce-abc123'/);
    assert.doesNotMatch(html, /unsafe-inline/);
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'only the nonce-tagged external script');
    assert.match(html, /<script nonce="abc123" src="s\.js"><\/script>/);
    assert.doesNotMatch(html, /<script>alert/);
  });
});
