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
