// @vscode/test-cli configuration for machines that can download desktop VS Code (test-electron):
//   npm run build && node scripts/vscode/buildE2e.mjs && npx @vscode/test-cli   (needs `@vscode/test-cli`)
// Offline machines (no VS Code download) use the code-server rig instead: node_modules/.bin/tsx test/e2e/runE2e.ts
// The simulators, the dead cluster and the garbage kubeconfig are started here, in the test-cli process,
// and reach the extension host through `env`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tsImport } from 'tsx/esm/api';

const { startE2eFixtures } = await tsImport('./test/e2e/fixtures.ts', import.meta.url);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-canary-e2e-'));
const fixtures = await startE2eFixtures({ dir });
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

export default {
  label: 'e2e',
  files: 'out/e2e/suite/**/*.e2e.js',
  extensionDevelopmentPath: '.',
  workspaceFolder: dir,
  env: {
    KUBECONFIG: fixtures.kubeconfig,
    E2E_EXPECT: JSON.stringify(fixtures.expectations),
  },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  mocha: { ui: 'bdd', timeout: 60000 },
};
