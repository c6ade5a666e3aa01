/**
 * The manifest's user-visible text lives in package.nls.json (English, complete): every `%key%` of package.json
 * resolves, no key is unused, and no text field of `contributes` (or the extension's name and description) is a
 * literal that a translation could never reach.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, unknown>;

/** Fields VS Code shows to the user, wherever they sit in `contributes`. */
const TEXT_FIELDS = new Set(['title', 'shortTitle', 'name', 'contextualTitle', 'description', 'markdownDescription', 'enumDescriptions',
  'markdownEnumDescriptions', 'deprecationMessage', 'markdownDeprecationMessage', 'contents', 'altText', 'category', 'label']);

const KEY = /^%([^%]+)%$/;

function* strings(value: unknown, at: string[]): Generator<{ at: string[]; text: string }> {
  if (typeof value === 'string') yield { at, text: value };
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, [...at, String(i)]);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, [...at, k]);
}

/**
 * The text fields of the manifest: under contributes (not `menus`, which hold only ids and when-clauses), and the
 * untrusted-workspace description. The extension's displayName and description stay literal English: the Marketplace
 * and Open VSX pages show them as written in package.json.
 */
function textFields(): { at: string; text: string }[] {
  const capabilities = [...strings(manifest.capabilities, ['capabilities'])].filter((s) => s.at.at(-1) === 'description');
  const contributed = [...strings(manifest.contributes, ['contributes'])].filter((s) => {
    if (s.at[1] === 'menus') return false;
    const field = /^\d+$/.test(s.at.at(-1) ?? '') ? s.at.at(-2) : s.at.at(-1);
    return field !== undefined && TEXT_FIELDS.has(field);
  });
  return [...capabilities, ...contributed].map((s) => ({ at: s.at.join('.'), text: s.text }));
}

describe('l10n: package.json and package.nls.json', () => {
  const fields = textFields();

  it('has text to check (the walk reaches commands, settings, the walkthrough and the welcome views)', () => {
    for (const part of ['contributes.commands', 'contributes.configuration', 'contributes.walkthroughs', 'contributes.viewsWelcome']) {
      assert.ok(fields.some((f) => f.at.startsWith(part)), part);
    }
  });

  it('every user-visible manifest string is a %key%', () => {
    const literal = fields.filter((f) => !KEY.test(f.text));
    assert.deepEqual(literal, [], 'put the English text in package.nls.json and reference it as "%key%"');
  });

  it('every %key% in package.json exists in package.nls.json, with English text', () => {
    const missing = [...strings(manifest, [])].map((s) => KEY.exec(s.text)?.[1]).filter((k): k is string => !!k && !(k in nls));
    assert.deepEqual(missing, []);
    for (const [k, v] of Object.entries(nls)) assert.ok(typeof v === 'string' && v.trim().length > 0 && !KEY.test(v), `${k} is empty or a key`);
  });

  it('package.nls.json has no unused key', () => {
    const used = new Set([...strings(manifest, [])].map((s) => KEY.exec(s.text)?.[1]).filter((k): k is string => !!k));
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), []);
  });

  it('keeps the extension\'s name and description literal (the Marketplace page shows them as written)', () => {
    for (const k of ['displayName', 'description']) assert.ok(typeof manifest[k] === 'string' && !KEY.test(String(manifest[k])), k);
  });

  it('points VS Code at the l10n folder, and the .vsix carries both bundles', () => {
    assert.equal(manifest.l10n, './l10n');
    assert.ok(fs.existsSync(path.join(ROOT, 'l10n', 'bundle.l10n.json')));
    // .vscodeignore excludes everything it does not name: without these lines the Marketplace shows "%key%".
    const kept = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
    // (Without the pseudo-locale bundles; test/integration/packaging.test.ts checks the built .vsix itself.)
    assert.ok(kept.includes('!l10n/!(*.qps-ploc).json'), '.vscodeignore keeps l10n/');
    assert.ok(kept.includes('!package.nls!(.qps-ploc).json'), '.vscodeignore keeps package.nls.json');
  });
});
