/**
 * The manifest fields the Marketplace and Open VSX show, and the two package lists: one repository URL everywhere,
 * a 128 px PNG icon, categories from VS Code's allowed list, a license with its file, and no runtime npm
 * dependency (everything is bundled, so `npm install -g` of the CLI tarball needs no registry).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface Manifest {
  license: string;
  repository: { type: string; url: string };
  bugs: { url: string };
  homepage: string;
  icon: string;
  galleryBanner: { color: string; theme: string };
  categories: string[];
  keywords: string[];
  bin: Record<string, string>;
  dependencies?: Record<string, string>;
  files?: string[];
}

/** `categories` values VS Code's extension manifest reference allows. */
const ALLOWED_CATEGORIES = [
  'Programming Languages', 'Snippets', 'Linters', 'Themes', 'Debuggers', 'Formatters', 'Keymaps', 'SCM Providers', 'Other',
  'Extension Packs', 'Language Packs', 'Data Science', 'Machine Learning', 'Visualization', 'Notebooks', 'Education', 'Testing',
];

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;

describe('the Marketplace manifest', () => {
  it('names one GitHub repository for repository, bugs and homepage', () => {
    const repo = manifest.repository.url.replace(/\.git$/, '');
    assert.equal(manifest.repository.type, 'git');
    assert.match(repo, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
    assert.equal(manifest.bugs.url, `${repo}/issues`);
    assert.ok(manifest.homepage.startsWith(repo), manifest.homepage);
  });

  it('has a 128×128 PNG icon (vsce refuses SVG) and a gallery banner', () => {
    assert.match(manifest.icon, /\.png$/);
    const png = fs.readFileSync(path.join(REPO, manifest.icon));
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
    assert.match(manifest.galleryBanner.color, /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner.theme));
  });

  it('uses allowed categories and distinct keywords', () => {
    assert.ok(manifest.categories.length > 0);
    assert.deepEqual(manifest.categories.filter((c) => !ALLOWED_CATEGORIES.includes(c)), []);
    assert.ok(manifest.keywords.includes('istio'));
    assert.equal(new Set(manifest.keywords).size, manifest.keywords.length);
  });

  it('has its license file', () => {
    assert.equal(manifest.license, 'Apache-2.0');
    assert.match(fs.readFileSync(path.join(REPO, 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
  });

  it('has no runtime npm dependency: the extension and the CLI are bundles', () => {
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}), []);
  });

  it('keeps the two package lists apart: .vscodeignore for the .vsix, .npmignore for the CLI tarball, no `files`', () => {
    // vsce refuses to package when package.json has `files` and a .vscodeignore exists; npm would read `files` too.
    assert.equal(manifest.files, undefined);
    assert.deepEqual(manifest.bin, { 'istio-canary': './dist/cli.js' });
    const npmignore = fs.readFileSync(path.join(REPO, '.npmignore'), 'utf8');
    assert.match(npmignore, /^!\/dist\/cli\.js$/m);
    assert.match(npmignore, /^!\/dist\/cli-main\.js$/m);
    const vscodeignore = fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8').split('\n').filter((l) => !l.startsWith('#'));
    assert.deepEqual(vscodeignore.filter((l) => /cli/.test(l)), []);
  });
});
