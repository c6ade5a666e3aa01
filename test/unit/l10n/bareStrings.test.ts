/**
 * No user-visible literal in the VS Code layer bypasses l10n.t: the finder (scripts/l10n/bareStrings.ts) parses
 * every file of it with the TypeScript compiler and must find nothing; on a fixture written the careless way it
 * must flag every bare notification, button, quick pick, input box, tree item, progress title, status bar text
 * and webview title — and nothing on the careful twin.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findBareStrings } from '../../../scripts/l10n/bareStrings';

const ROOT = path.join(__dirname, '..', '..', '..');

/** The code that imports `vscode` or builds text VS Code shows: commands, tree, host glue, plan editor, panel host. */
const VSCODE_LAYER = ['src/commands', 'src/views', 'src/host', 'src/language', 'src/webview', 'src/ui', 'src/extension.ts'];
/** The panel's page (src/webview/page) is part of it: @vscode/l10n there, configured with the bundle the panel sends. */
const NOT_LAYER: string[] = [];

function files(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (NOT_LAYER.includes(rel)) return [];
  if (fs.statSync(abs).isFile()) return rel.endsWith('.ts') ? [rel] : [];
  return fs.readdirSync(abs).flatMap((f) => files(path.join(rel, f)));
}

describe('l10n: no bare user-visible literal in the VS Code layer', () => {
  it('reads the whole layer (every folder has files)', () => {
    for (const dir of VSCODE_LAYER) assert.ok(files(dir).length > 0, dir);
  });

  it('finds no literal outside l10n.t in a notification, pick, input, tree item, progress or panel title', () => {
    const found = VSCODE_LAYER.flatMap(files).flatMap((f) => findBareStrings(f, fs.readFileSync(path.join(ROOT, f), 'utf8')));
    assert.deepEqual(found.map((b) => `${b.file}:${b.line} [${b.sink}] ${b.text}`), []);
  });

  describe('the fixture (proof that it catches one)', () => {
    const rel = 'test/unit/l10n/fixtures/bareLiterals.ts';
    const source = fs.readFileSync(path.join(ROOT, rel), 'utf8');
    const found = findBareStrings(rel, source);
    const lines = source.split('\n');
    const expected = (marker: RegExp): Map<number, number> => new Map(lines.flatMap((l, i) => {
      const m = marker.exec(l);
      return m ? [[i + 1, Number(m[1] ?? 1)] as [number, number]] : [];
    }));

    it('flags every bare literal, each once, on the line that shows it', () => {
      const bare = expected(/\/\/ BARE(?: x(\d))?/);
      const perLine = new Map<number, number>();
      for (const b of found) perLine.set(b.line, (perLine.get(b.line) ?? 0) + 1);
      assert.deepEqual([...perLine.entries()].sort((a, b) => a[0] - b[0]), [...bare.entries()].sort((a, b) => a[0] - b[0]));
    });

    it('names the sink and the text', () => {
      const at = (text: string) => found.find((b) => b.text === text)?.sink;
      assert.equal(at('Remove'), 'showWarningMessage()');
      assert.equal(at('Cannot be undone.'), '{ detail }');
      assert.equal(at('Gateways'), 'new TreeItem()');
      assert.equal(at('A number'), 'validateInput');
      assert.equal(at('$(sync~spin) Syncing'), '.text =');
      assert.equal(at('Proxy versions'), 'createWebviewPanel()');
      assert.equal(at('Verify'), 'el()');
      assert.equal(at('Verify namespace …'), '{ aria-label }');
      assert.equal(at('Proxies per version'), "setAttribute('aria-label')");
      assert.equal(at('before'), '.textContent =');
      assert.match(found.find((b) => b.text.startsWith('plural('))?.sink ?? '', /singular and plural/);
    });

    it('passes the careful twin: translated text, cluster names, icons', () => {
      const ok = expected(/\/\/ OK/);
      assert.ok(ok.size >= 5);
      assert.deepEqual(found.filter((b) => ok.has(b.line)), []);
    });
  });
});
