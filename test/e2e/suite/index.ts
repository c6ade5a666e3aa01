/**
 * Test index run inside the real extension host (code-server's, or desktop VS Code's via
 * @vscode/test-cli). Bundled by scripts/vscode/buildE2e.mjs into out/e2e/index.js.
 *
 * Writes {passed, failed, failures} to $E2E_RESULT_FILE (default <repo>/test-output/e2e-result.json):
 * the runner reads it as a second channel beside codeAutomationExit.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface E2eResult {
  passed: number;
  failed: number;
  failures: { title: string; message: string }[];
  durationMs: number;
}

function resultFile(): string {
  // out/e2e/index.js → repo root is two levels up
  return process.env.E2E_RESULT_FILE || path.resolve(__dirname, '..', '..', 'test-output', 'e2e-result.json');
}

function writeResult(result: E2eResult): void {
  const file = resultFile();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(result, null, 2));
}

export async function run(): Promise<void> {
  const started = Date.now();
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // The test files are bundled: load them after `pre-require` so their describe/it reach this instance.
  mocha.suite.emit('pre-require', globalThis, 'bundled', mocha);
  await import('./tree.e2e');

  const result: E2eResult = { passed: 0, failed: 0, failures: [], durationMs: 0 };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => { result.passed++; });
    runner.on('fail', (test, err: unknown) => {
      result.failed++;
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      result.failures.push({ title: test.fullTitle(), message });
    });
  });
  result.durationMs = Date.now() - started;
  writeResult(result);
  if (result.failed > 0 || result.passed === 0) {
    throw new Error(`e2e: ${result.passed} passed, ${result.failed} failed`);
  }
}
