/**
 * Citations in the code point at docs/ in this repository and at sections that exist there: no `§…` references to
 * documents that are not in the repository, no paths outside it, and every `istio-model.md M…` / `kubernetes-api.md
 * K…` names a heading of that page.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const SCANNED = ['src', 'test', 'scripts', 'bench'];
const EXTENSIONS = /\.(ts|mts|cts|js|mjs|cjs|sh)$/;
const THIS_FILE = path.relative(ROOT, __filename);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : sourceFiles(rel);
    return EXTENSIONS.test(e.name) && rel !== THIS_FILE ? [rel] : [];
  });
}

/** Section IDs of a docs page: `## M4 …`, `### M4.1 …`. */
function sectionIds(page: string): Set<string> {
  const text = fs.readFileSync(path.join(ROOT, 'docs', page), 'utf8');
  return new Set([...text.matchAll(/^#{2,4} ([MK]\d+(?:\.\d+)?) /gm)].map((m) => m[1]));
}

/** The IDs a citation's tail names: "M4.1, M4.4", "M2–M6" (both ends), "M3/M4". */
export function citedIds(tail: string): string[] {
  const list = /^[MK]\d+(?:\.\d+)?(?:(?:, |–|\/| and )[MK]\d+(?:\.\d+)?)*/.exec(tail)?.[0] ?? '';
  return [...list.matchAll(/[MK]\d+(?:\.\d+)?/g)].map((m) => m[0]);
}

describe('citations in the code point into docs/', () => {
  const files = SCANNED.flatMap(sourceFiles);
  const texts = new Map(files.map((f) => [f, fs.readFileSync(path.join(ROOT, f), 'utf8')]));

  it('scans the source tree', () => {
    assert.ok(files.length > 300, `only ${files.length} files found`);
  });

  it('no § citations of documents outside the repository, no paths outside it', () => {
    const bad: string[] = [];
    for (const [f, text] of texts) {
      text.split('\n').forEach((line, i) => {
        if (/§[A-Z]|DESIGN\.md|\/work\/shared|\.\.\/shared\/reference/.test(line)) bad.push(`${f}:${i + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(bad, []);
  });

  it('every istio-model.md / kubernetes-api.md citation names a section that exists', () => {
    const pages = { 'istio-model.md': sectionIds('istio-model.md'), 'kubernetes-api.md': sectionIds('kubernetes-api.md') };
    let cited = 0;
    const missing: string[] = [];
    for (const [f, text] of texts) {
      for (const m of text.matchAll(/(istio-model\.md|kubernetes-api\.md) ([^\n]*)/g)) {
        const ids = citedIds(m[2]);
        assert.ok(ids.length > 0, `${f}: "${m[0].slice(0, 60)}" names no section`);
        for (const id of ids) {
          cited++;
          if (!pages[m[1] as keyof typeof pages].has(id)) missing.push(`${f}: ${m[1]} ${id}`);
        }
      }
    }
    assert.ok(cited > 80, `only ${cited} citations found`);
    assert.deepEqual(missing, []);
  });

  it('reads a citation\'s list and stops at its text', () => {
    assert.deepEqual(citedIds('M4.1, M4.4, istioctl/pkg/tag'), ['M4.1', 'M4.4']);
    assert.deepEqual(citedIds('M2–M6). Scenarios'), ['M2', 'M6']);
    assert.deepEqual(citedIds('M3/M4'), ['M3', 'M4']);
    assert.deepEqual(citedIds('section 3'), []);
  });
});
