// Bundles the in-host e2e tests, CJS for the extension host (`vscode` is provided by the host):
//   out/e2e/index.js          the test index (run(): mocha over the *.e2e.ts files it imports) — code-server rig
//   out/e2e/suite/*.e2e.js    each test file alone, for @vscode/test-cli (.vscode-test.mjs), whose mocha loads files
//   test/e2e/fakeK8sExtension/dist/extension.js   the Kubernetes extension's test double, installed beside ours
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const started = Date.now();
const e2eFiles = fs.readdirSync(path.join(root, 'test', 'e2e', 'suite')).filter((f) => f.endsWith('.e2e.ts'));
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: [
    { in: 'test/e2e/suite/index.ts', out: 'index' },
    ...e2eFiles.map((f) => ({ in: `test/e2e/suite/${f}`, out: `suite/${f.replace(/\.ts$/, '')}` })),
  ],
  outdir: 'out/e2e',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['vscode'],
  sourcemap: 'inline',
  logLevel: 'warning',
  metafile: true,
  // mocha's parallel mode (unused here) resolves worker files at run time
  logOverride: { 'require-resolve-not-external': 'silent' },
});
const fake = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['test/e2e/fakeK8sExtension/src/extension.ts'],
  outfile: 'test/e2e/fakeK8sExtension/dist/extension.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['vscode'],
  logLevel: 'warning',
  metafile: true,
});
Object.assign(result.metafile.outputs, fake.metafile.outputs);
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`out/e2e: ${Object.keys(result.metafile.outputs).join(', ')} (${(bytes / 1024).toFixed(0)} KiB) in ${Date.now() - started} ms`);
