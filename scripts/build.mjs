// Bundles the extension and the CLI with esbuild (CJS, Node 22+; `vscode` stays external).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: !production,
  minify: production,
  legalComments: 'none',
  logLevel: 'info',
  metafile: true,
};

// The simulator (Try the Demo Mesh) is its own file: the extension's `import('…/sim/demoEntry')` becomes
// `require('./sim.js')` next to dist/extension.js, so activation neither parses nor evaluates it.
const simOnDemand = {
  name: 'sim-on-demand',
  setup(build) {
    build.onResolve({ filter: /\/sim\/demoEntry$/ }, (args) => (args.kind === 'dynamic-import' ? { path: './sim.js', external: true } : undefined));
  },
};

const builds = [
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: ['src/webview/page/proxyVersionsPage.ts'], outfile: 'dist/webview/proxyVersions.js' },
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [simOnDemand],
    // import() of ./sim.js becomes require(): the extension host's module loader, as for everything else.
    supported: { 'dynamic-import': false } },
  { ...common, entryPoints: ['src/sim/demoEntry.ts'], outfile: 'dist/sim.js' },
  // dist/cli.js is a stub that checks the Node.js version before it loads dist/cli-main.js (see src/cliEntry.ts).
  { ...common, target: 'node12', entryPoints: ['src/cliEntry.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, external: ['./cli-main.js'] },
  { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli-main.js' },
];

// A production build (the .vsix, the npm tarball) starts from an empty dist/: no stale source map or bundle ships.
if (production) fs.rmSync('dist', { recursive: true, force: true });
// Codicons for the webview (node_modules is not shipped in the .vsix).
fs.mkdirSync('dist/webview', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/webview/${f}`);

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  for (const b of builds) {
    const result = await esbuild.build(b);
    const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
    console.log(`${b.outfile}: ${(bytes / 1024).toFixed(0)} KiB${production ? ' (minified)' : ''}`);
  }
}
