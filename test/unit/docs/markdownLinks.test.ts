/**
 * Every relative link and image in the repository's Markdown (README, CONTRIBUTING, CHANGELOG, docs/) points at a
 * file that exists, and every `#anchor` at a heading of its file: moved or renamed files and sections break here,
 * not on the Marketplace page. Absolute URLs are not fetched (no network in tests).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { headingSlug, markdownAnchors, markdownLinks } from '../../shared/markdownLinks';

const REPO = path.resolve(__dirname, '..', '..', '..');
const SKIP_DIRS = new Set(['node_modules', 'dist', 'out', '.git', 'test-output', '.vscode-test', '.rig', '.bench', 'notes']);

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return SKIP_DIRS.has(e.name) ? [] : markdownFiles(path.join(dir, e.name));
    return e.isFile() && e.name.endsWith('.md') ? [path.join(dir, e.name)] : [];
  });
}

const anchorsOf = new Map<string, Set<string>>();
function anchors(file: string): Set<string> {
  let a = anchorsOf.get(file);
  if (!a) anchorsOf.set(file, (a = markdownAnchors(fs.readFileSync(file, 'utf8'))));
  return a;
}

/** What is wrong with one link of `file`, or undefined. */
function brokenLink(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:, command: …
  const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
  const resolved = pathPart === '' ? file : path.resolve(path.dirname(file), decodeURIComponent(pathPart.replace(/\?.*$/, '')));
  if (!resolved.startsWith(REPO)) return 'points outside the repository';
  if (!fs.existsSync(resolved)) return 'no such file';
  if (anchor && resolved.endsWith('.md') && !anchors(resolved).has(anchor.toLowerCase())) return `no heading #${anchor} in ${path.relative(REPO, resolved)}`;
  return undefined;
}

describe('Markdown links', () => {
  const files = markdownFiles(REPO);

  it('finds the documents', () => {
    const names = files.map((f) => path.relative(REPO, f));
    for (const doc of ['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md']) assert.ok(names.includes(doc), doc);
  });

  it('every relative link and image resolves, every #anchor names a heading', () => {
    const broken = files.flatMap((file) => markdownLinks(fs.readFileSync(file, 'utf8')).flatMap(({ target, line }) => {
      const why = brokenLink(file, target);
      return why ? [`${path.relative(REPO, file)}:${line} ${target}: ${why}`] : [];
    }));
    assert.deepEqual(broken, []);
  });

  describe('the parser', () => {
    it('reads inline, reference, nested and HTML links and images, and skips code', () => {
      const md = [
        'See [the docs](docs/a.md#part) and ![shot](img/a.png "title").',
        '[![badge](img/b.png)](https://example.com)',
        '[ref]: ../c.md',
        '<img src="img/d.png" width="10"> <a href="e.md">e</a>',
        '`[not](code.md)`',
        '```',
        '[not](fenced.md)',
        '```',
      ].join('\n');
      assert.deepEqual(markdownLinks(md).map((l) => `${l.line}:${l.image ? 'img' : 'a'}:${l.target}`), [
        '1:img:img/a.png', '1:a:docs/a.md#part', '2:img:img/b.png', '2:a:https://example.com', '3:a:../c.md', '4:img:img/d.png', '4:a:e.md',
      ]);
    });

    it('slugs headings like GitHub, repeats numbered', () => {
      assert.equal(headingSlug('`status -o json` (stable contract)'), 'status--o-json-stable-contract');
      assert.equal(headingSlug('Install in desktop VS Code'), 'install-in-desktop-vs-code');
      assert.equal(headingSlug('Upgrade plans: [format](x.md) & more'), 'upgrade-plans-format--more');
      assert.deepEqual([...markdownAnchors('# A\n## A\n```\n# not\n```\n<a id="x"></a>')], ['a', 'a-1', 'x']);
    });
  });
});
