/**
 * l10n/bundle.l10n.json is what `npm run l10n` (@vscode/l10n-dev export) makes from src: a fresh export into a
 * temporary folder must hold exactly the committed messages, so a new or changed l10n.t message cannot ship
 * without its bundle entry (and a removed one leaves no stale entry).
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');

describe('l10n: the committed bundle', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'l10n-export-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('equals a fresh @vscode/l10n-dev export of src (run `npm run l10n` after changing a message)', function () {
    // The export parses every file of src (about 5 s of CPU): far above the unit default on a busy machine.
    this.timeout(120_000);
    execFileSync(process.execPath, [CLI, 'export', '-o', dir, path.join(ROOT, 'src')], { cwd: ROOT, stdio: 'pipe' });
    const fresh = JSON.parse(fs.readFileSync(path.join(dir, 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    const missing = Object.keys(fresh).filter((k) => !(k in committed));
    const stale = Object.keys(committed).filter((k) => !(k in fresh));
    assert.deepEqual({ missing, stale }, { missing: [], stale: [] });
    assert.deepEqual(committed, fresh);
  });

  it('is English: every plain message maps to itself', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string | { message: string }>;
    assert.ok(Object.keys(committed).length > 100);
    for (const [key, value] of Object.entries(committed)) {
      if (typeof value === 'string') assert.equal(value, key);
      else assert.ok(key.startsWith(`${value.message}/`), key);
    }
  });
});
