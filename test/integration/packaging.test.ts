/**
 * Packaging as a user gets it, run in a copy of the repository (test/shared/repoStage.ts):
 * - `npm run package` is plain `vsce package` (relative README links rewritten from `repository`, vsce's image
 *   checks on), and the .vsix holds what the extension runs and nothing else: no CLI bundle, no source map, no source;
 * - `npm pack` holds the CLI only, and `npm install -g` of that tarball (offline, into a temporary prefix) gives an
 *   `istio-canary` that answers --version and --help and reads a cluster (the simulator) with no npm dependency.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startSimulator } from '../../src/sim/simulator';
import { markdownLinks } from '../shared/markdownLinks';
import { stageRepo, type RepoStage } from '../shared/repoStage';
import { zipEntries } from '../shared/zipEntries';

interface Manifest {
  name: string;
  version: string;
  main: string;
  icon: string;
  repository: { url: string };
  l10n?: string;
  contributes: {
    viewsContainers: Record<string, { icon: string }[]>;
    walkthroughs: { steps: { media: { image?: string | { light: string; dark: string }; svg?: string; markdown?: string } }[] }[];
    yamlValidation: { url: string }[];
  };
}

/** What the .vsix may hold, under extension/: the manifest and its texts, the bundles, media, schemas, l10n. */
const SHIPPABLE = [
  /^package\.json$/, /^package\.nls(\.(?!qps-ploc)[\w-]+)?\.json$/, /^readme\.md$/, /^changelog\.md$/, /^LICENSE\.txt$/,
  /^dist\/extension\.js$/, /^dist\/sim\.js$/, /^dist\/webview\/[\w.-]+\.(js|css|ttf)$/, /^media\/[\w./-]+\.(png|svg|css)$/,
  /^schemas\/[\w.-]+\.json$/, /^l10n\/bundle\.l10n(\.(?!qps-ploc)[\w-]+)?\.json$/,
];
/** Loaded by the Proxy versions panel (src/webview/proxyVersionsPanel.ts), not named in the manifest. */
const WEBVIEW_FILES = ['dist/webview/proxyVersions.js', 'dist/webview/codicon.css', 'dist/webview/codicon.ttf', 'media/proxyVersions.css'];
/** Required on demand: the simulator bundle, the first time Try the Demo Mesh runs (src/commands/tryDemoMesh.ts). */
const ON_DEMAND_FILES = ['dist/sim.js'];

const execFileAsync = promisify(execFile);

describe('packaging: the .vsix and the npm tarball', function () {
  this.timeout(300000);
  let stage: RepoStage;
  let manifest: Manifest;
  let files: Map<string, Buffer>;

  before(() => {
    stage = stageRepo('istio-canary-package-');
    manifest = JSON.parse(fs.readFileSync(path.join(stage.dir, 'package.json'), 'utf8')) as Manifest;
    const vsix = path.join(stage.dir, 'out.vsix');
    stage.run('npm', ['run', 'package', '--', '--out', vsix]);
    const entries = zipEntries(fs.readFileSync(vsix));
    files = new Map([...entries].filter(([name]) => name.startsWith('extension/')).map(([name, data]) => [name.slice('extension/'.length), data]));
  });
  after(() => stage?.remove());

  it('npm run package is plain vsce package (no --no-rewrite-relative-links)', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(stage.dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.match(scripts.package, /^vsce package\b/);
    assert.doesNotMatch(scripts.package, /--no-rewrite-relative-links|--baseImagesUrl|--baseContentUrl/);
  });

  it('the .vsix holds only what the extension runs: no CLI, no source map, no source or test file', () => {
    const names = [...files.keys()].sort();
    assert.deepEqual(names.filter((n) => !SHIPPABLE.some((re) => re.test(n))), []);
    assert.deepEqual(names.filter((n) => /cli|\.map$|\.ts$/.test(n)), []);
  });

  it('every file the manifest and the webview load is in the .vsix', () => {
    const media = manifest.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => {
      const image = s.media.image;
      return [...(typeof image === 'string' ? [image] : image ? [image.light, image.dark] : []), ...(s.media.svg ? [s.media.svg] : []), ...(s.media.markdown ? [s.media.markdown] : [])];
    }));
    const needed = [
      manifest.main, manifest.icon, ...Object.values(manifest.contributes.viewsContainers).flat().map((c) => c.icon),
      ...media, ...manifest.contributes.yamlValidation.map((y) => y.url), ...WEBVIEW_FILES, ...ON_DEMAND_FILES,
    ].map((f) => path.posix.normalize(f));
    assert.deepEqual(needed.filter((f) => !files.has(f)), []);
    // Localization: the manifest's strings (package.nls.json) and the English bundle; without them VS Code shows %key%.
    const l10n = manifest.l10n ? [`${path.posix.normalize(manifest.l10n)}/bundle.l10n.json`] : [];
    const nls = fs.existsSync(path.join(stage.dir, 'package.nls.json')) ? ['package.nls.json'] : [];
    assert.deepEqual([...l10n, ...nls].filter((f) => !files.has(f)), []);
  });

  it('the icon is a 128×128 PNG', () => {
    const png = files.get(manifest.icon);
    assert.ok(png, manifest.icon);
    assert.equal(png.toString('latin1', 1, 4), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('the packaged README works on the Marketplace: https PNG images from files in the repository, no relative link', () => {
    const readme = files.get('readme.md')?.toString('utf8') ?? '';
    const repo = manifest.repository.url.replace(/\.git$/, '');
    const raw = `${repo}/raw/HEAD/`;
    const blob = `${repo}/blob/HEAD/`;
    const links = markdownLinks(readme);
    assert.ok(links.some((l) => l.image && l.target.startsWith(raw)), 'the README has a screenshot');
    assert.doesNotMatch(readme, /<svg\b/i);
    for (const { target, image, line } of links) {
      const where = `readme.md:${line} ${target}`;
      if (image) {
        assert.match(target, /^https:\/\//, where);
        assert.doesNotMatch(target, /\.svg(\?|#|$)/i, where);
      } else {
        assert.match(target, /^(https?:|mailto:|#)/, where);
      }
      const base = [raw, blob].find((b) => target.startsWith(b));
      if (base) assert.ok(fs.existsSync(path.join(stage.dir, decodeURIComponent(target.slice(base.length).replace(/[?#].*$/, '')))), `${where}: no such file in the repository`);
    }
  });

  describe('npm pack → npm install -g', () => {
    let tarball: string;
    let prefix: string;
    const bin = (): string => path.join(prefix, 'bin', 'istio-canary');
    // `#!/usr/bin/env node` must find a Node.js new enough (the machine's /usr/bin/node may be older).
    const env = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` });

    before(() => {
      // dist/ was built for production by the package step above (vscode:prepublish, the same build as prepack).
      const packed = JSON.parse(stage.run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', stage.dir])) as { filename: string }[];
      tarball = path.join(stage.dir, packed[0].filename);
      prefix = path.join(stage.dir, 'prefix');
      stage.run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball]);
    });

    it('the tarball holds the CLI and nothing of the extension or the tests', () => {
      assert.equal(path.basename(tarball), `${manifest.name}-${manifest.version}.tgz`);
      const listed = stage.run('tar', ['-tzf', tarball]).trim().split('\n').sort();
      assert.deepEqual(listed, ['package/LICENSE', 'package/README.md', 'package/dist/cli-main.js', 'package/dist/cli.js', 'package/package.json']);
    });

    it('installs with no npm dependency', () => {
      const installed = path.join(prefix, 'lib', 'node_modules', manifest.name);
      assert.ok(fs.existsSync(path.join(installed, 'dist', 'cli-main.js')));
      assert.equal(fs.existsSync(path.join(installed, 'node_modules')), false, 'nothing was installed beside the CLI');
    });

    it('istio-canary --version and --help', async () => {
      const version = await execFileAsync(bin(), ['--version'], { env: env() });
      assert.equal(version.stdout, `${manifest.version}\n`);
      const help = await execFileAsync(bin(), ['--help'], { env: env() });
      assert.match(help.stdout, /^Usage: istio-canary <command>/);
      assert.match(help.stdout, /--version/);
    });

    it('istio-canary status reads a cluster (the simulator)', async () => {
      const sim = await startSimulator({ scenario: 'tags-prod-canary', port: 0 });
      try {
        const r = await execFileAsync(bin(), ['status', '-o', 'json', '--kubeconfig', sim.kubeconfigPath, '--context', sim.contextName], { env: env() });
        const status = JSON.parse(r.stdout) as { clusters: { context: string; revisions: { name: string }[]; tags: { name: string; revision: string }[] }[] };
        assert.equal(status.clusters.length, 1);
        assert.equal(status.clusters[0].context, sim.contextName);
        assert.deepEqual(status.clusters[0].revisions.map((r) => r.name).sort(), ['1-7-6', '1-8-0']);
        assert.deepEqual(status.clusters[0].tags.map((t) => `${t.name}→${t.revision}`).sort(), ['canary→1-8-0', 'prod→1-7-6']);
      } finally {
        await sim.stop();
      }
    });
  });
});
