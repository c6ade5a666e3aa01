/**
 * End-to-end run in a real VS Code (code-server 1.139 + headless Debian chromium):
 *   simulators + a dead cluster + a garbage kubeconfig → code-server with the extension and the in-host
 *   tests (out/e2e/index.js) → results via codeAutomationExit and test-output/e2e-result.json → then the
 *   same page reloads as a plain user session and the sidebar is driven and screenshotted → then a second
 *   phase (test/e2e/migrationPhase.ts: own simulator, own code-server with the extension installed and no
 *   smoke-test driver) migrates a namespace through the UI and checks the cluster → a third phase
 *   (test/e2e/panelPhase.ts, likewise) drives the Proxy versions panel live, in two themes and with hostile
 *   strings, the Health group, Precheck and a refused revision removal, and times a 2,400-pod render → a fourth
 *   (test/e2e/lifecyclePhase.ts, likewise) sets, moves and removes revision tags and switches a gateway Service → a
 *   fifth (test/e2e/operationsPhase.ts, likewise) drives Verify, Restart Workloads, Migrate This Workload First,
 *   Roll Back from a migration's notification and an Upgrade Wave → a sixth (test/e2e/k8sExtPhase.ts, likewise, with the
 *   Kubernetes extension's test double installed too) drives our node and menus in its Clusters view, the Get Started
 *   walkthrough, and a context switch made there → a seventh (test/e2e/planPhase.ts, likewise)
 *   creates an upgrade plan file, edits it (a diagnostic and its quick fix) and runs steps from its CodeLenses → an
 *   eighth (test/e2e/gatePhase.ts, likewise) runs an Upgrade Wave the traffic gate stops, reads the panel's traffic
 *   table and rolls the wave back.
 *
 * Prerequisites: `npm run build` and `node scripts/vscode/buildE2e.mjs` (this builds nothing itself).
 * Run: node_modules/.bin/tsx test/e2e/runE2e.ts      Env: RIG_KEEP=1 keeps scratch folders.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import type { Page } from 'playwright-core';
import { startCodeServer, workbenchUrl, type CodeServer } from '../../scripts/vscode/codeServer';
import { collapseAll, expandSubtree, expandTreeItem, openIstioSidebar, openWorkbench, screenshot, treeRows, type Workbench } from '../../scripts/vscode/browser';
import { pollUntil } from '../../scripts/vscode/poll';
import { trackScratchDir } from '../../scripts/vscode/processCleanup';
import { uiCheck, type Check } from './checks';
import { startE2eFixtures, type E2eFixtures } from './fixtures';
import { runMigrationPhase } from './migrationPhase';
import { runLifecyclePhase } from './lifecyclePhase';
import { runOperationsPhase } from './operationsPhase';
import { runPanelPhase } from './panelPhase';
import { runPlanPhase } from './planPhase';
import { runK8sExtPhase } from './k8sExtPhase';
import { runGatePhase } from './gatePhase';
import { SCENARIO_FACTS, type E2eExpectations } from './suite/expectations';
import type { E2eResult } from './suite/index';

const REPO = path.resolve(__dirname, '..', '..');
const OUT = path.join(REPO, 'test-output');
const RESULT_FILE = path.join(OUT, 'e2e-result.json');
const TESTS_INDEX = path.join(REPO, 'out', 'e2e', 'index.js');
/** The extension under test (E2E_EXTENSION_PATH: another build of it, e.g. to try the harness). */
const EXTENSION = process.env.E2E_EXTENSION_PATH || REPO;
const TEST_TIMEOUT_MS = 4 * 60_000;
/** Workbench chatter kept out of the console (it is all in test-output/e2e-host.log). */
const HOST_NOISE = /open-vsx|^\s+at |Creating a socket|connection token|\[lifecycle\]|reconnection-grace-time|Service Worker|builtin extensions cache|AgentHost|AccountPolicyGate/;

const t0 = Date.now();
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const log = (msg: string): void => console.log(`[e2e ${secs(Date.now() - t0)}] ${msg}`);

function preconditions(): void {
  const missing = [path.join(EXTENSION, 'dist', 'extension.js'), TESTS_INDEX].filter((f) => !fs.existsSync(f));
  if (missing.length) {
    console.error(`missing ${missing.join(', ')}: run \`npm run build && node scripts/vscode/buildE2e.mjs\` first`);
    process.exit(2);
  }
}

function readResult(): E2eResult | undefined {
  try {
    return JSON.parse(fs.readFileSync(RESULT_FILE, 'utf8')) as E2eResult;
  } catch {
    return undefined;
  }
}

/** Waits for the in-host tests: codeAutomationExit, or the result file if the callback never comes. */
async function waitForTests(exitCode: { value?: number }): Promise<void> {
  await pollUntil(() => exitCode.value !== undefined || readResult() !== undefined,
    { timeoutMs: TEST_TIMEOUT_MS, intervalMs: 250, what: 'the in-host tests to finish (codeAutomationExit or the result file)' });
  // give the other channel a moment to catch up
  await pollUntil(() => (exitCode.value !== undefined && readResult() !== undefined) || undefined, { timeoutMs: 5000, what: 'both channels' })
    .catch(() => undefined);
}

async function driveSidebar(page: Page, expect: E2eExpectations, checks: Check[]): Promise<void> {
  let treeShown = false;
  await uiCheck(checks, 'UI: the Istio Upgrades sidebar shows every context', async () => {
    await openIstioSidebar(page, 60_000);
    await collapseAll(page);
    const contexts = [...expect.clusters.map((c) => c.context), expect.deadContext];
    await pollUntil(async () => {
      const rows = await treeRows(page);
      return contexts.every((ctx) => rows.some((r) => r.level === 1 && r.label.includes(ctx)));
    }, { timeoutMs: 30_000, what: `root rows ${contexts.join(', ')}` });
    treeShown = true;
    await screenshot(page, 'tree-collapsed');
  });
  if (!treeShown) {
    await screenshot(page, 'no-istio-tree').catch(() => undefined);
    return;
  }

  for (const c of expect.clusters) {
    await uiCheck(checks, `UI: ${c.scenario} expands to revisions and namespaces`, async () => {
      await collapseAll(page);
      await expandSubtree(page, c.context, 3, { level: 1 });
      const rows = await treeRows(page);
      for (const rev of SCENARIO_FACTS[c.scenario]?.revisions ?? []) {
        if (!rows.some((r) => r.level === 2 && r.label.split(/\s+/).includes(rev.name))) {
          throw new Error(`row for revision ${rev.name} not shown; rows: ${rows.map((r) => r.text).join(' | ')}`);
        }
      }
      const file = await screenshot(page, `tree-${c.scenario}`);
      log(`screenshot ${path.relative(REPO, file)} (${rows.length} rows)`);
    });
  }

  await uiCheck(checks, 'UI: the dead cluster and the garbage kubeconfig show their errors', async () => {
    await collapseAll(page);
    await expandTreeItem(page, expect.deadContext, { level: 1 });
    const rows = await treeRows(page);
    const garbage = path.basename(expect.garbageFile);
    if (!rows.some((r) => /unreachable|connect/i.test(`${r.text} ${r.ariaLabel}`))) throw new Error(`no unreachable/connect row: ${rows.map((r) => r.text).join(' | ')}`);
    if (!rows.some((r) => r.text.includes(garbage) || r.ariaLabel.includes(garbage))) throw new Error(`no row naming ${garbage}`);
    const file = await screenshot(page, 'tree-errors');
    log(`screenshot ${path.relative(REPO, file)}`);
  });
}

async function main(): Promise<number> {
  preconditions();
  const t = Date.now();
  execFileSync('bash', [path.join(REPO, 'scripts', 'vscode', 'ensureCodeServer.sh')], { stdio: 'inherit' });
  log(`code-server ready to use (${secs(Date.now() - t)})`);

  fs.mkdirSync(OUT, { recursive: true });
  fs.rmSync(RESULT_FILE, { force: true });
  fs.rmSync(path.join(OUT, 'screenshots'), { recursive: true, force: true });
  const hostLog = fs.createWriteStream(path.join(OUT, 'e2e-host.log'));

  const kubeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-canary-e2e-'));
  trackScratchDir(kubeDir);
  let fixtures: E2eFixtures | undefined;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  const checks: Check[] = [];
  try {
    fixtures = await startE2eFixtures({ dir: kubeDir });
    log(`simulators: ${fixtures.expectations.clusters.map((c) => `${c.context} (${c.scenario})`).join(', ')}`);

    const ts = Date.now();
    server = await startCodeServer({
      extensionDevelopmentPath: EXTENSION,
      env: {
        KUBECONFIG: fixtures.kubeconfig,
        E2E_EXPECT: JSON.stringify(fixtures.expectations),
        E2E_RESULT_FILE: RESULT_FILE,
      },
      testsPath: TESTS_INDEX,
      logPath: path.join(OUT, 'code-server.log'),
      // Every simulator's clusters are checked here; the default (current context only) is checked in the migration phase.
      userSettings: { 'istioCanary.connect': 'all' },
    });
    log(`code-server up at ${server.url} in ${secs(Date.now() - ts)} (log: ${path.relative(REPO, server.logPath)})`);

    const exitCode: { value?: number } = {};
    const tw = Date.now();
    workbench = await openWorkbench(server.workbenchUrl, {
      onLog: (_type, args) => {
        const line = format(...(Array.isArray(args) ? args : [args]));
        hostLog.write(`${line}\n`);
        const shown = line.split('\n').filter((l) => l.trim() && !HOST_NOISE.test(l));
        if (shown.length) console.log(`  host| ${shown.join('\n  host| ')}`);
      },
      onExit: (code) => {
        exitCode.value = code;
      },
    });
    log(`workbench loaded in ${secs(workbench.loadMs)}; running the in-host tests`);
    await waitForTests(exitCode).catch((e: unknown) => log(e instanceof Error ? e.message : String(e)));
    log(`in-host tests done after ${secs(Date.now() - tw)} (codeAutomationExit: ${exitCode.value ?? 'not called'})`);
    await screenshot(workbench.page, 'after-tests').catch(() => undefined);
    // E2E_ONLY=host|sidebar|migration|panel|lifecycle|operations|k8sext|plans|gate: the in-host tests and that phase only (a quick loop).
    const only = process.env.E2E_ONLY;
    const phase = (name: string): boolean => !only || only === name;
    if (only === 'host') return report(readResult(), checks);

    // The test run ends the extension host: reload as a plain session (no tests in the payload) to drive the UI.
    const tr = Date.now();
    const plainUrl = workbenchUrl({ baseUrl: server.url, folder: path.join(server.scratchDir, 'workspace'), extensionDevelopmentPath: EXTENSION });
    await workbench.page.goto(plainUrl, { waitUntil: 'domcontentloaded' });
    await workbench.page.locator('.monaco-workbench .part.activitybar').first().waitFor({ state: 'visible', timeout: 60_000 });
    log(`workbench reloaded for the UI checks in ${secs(Date.now() - tr)}`);
    if (phase('sidebar')) await driveSidebar(workbench.page, fixtures.expectations, checks);
    log(`sidebar checks done; migration phase next`);
    const tm = Date.now();
    if (phase('migration')) await runMigrationPhase({ browser: workbench.browser, extensionPath: EXTENSION, outDir: OUT, checks, log });
    log(`migration phase done in ${secs(Date.now() - tm)}; panel phase next`);
    const tp = Date.now();
    if (phase('panel')) await runPanelPhase({ browser: workbench.browser, extensionPath: EXTENSION, outDir: OUT, checks, log });
    log(`panel phase done in ${secs(Date.now() - tp)}; lifecycle phase next`);
    const tl = Date.now();
    if (phase('lifecycle')) await runLifecyclePhase({ browser: workbench.browser, extensionPath: EXTENSION, outDir: OUT, checks, log });
    log(`lifecycle phase done in ${secs(Date.now() - tl)}; operations phase next`);
    const to = Date.now();
    if (phase('operations')) await runOperationsPhase({ browser: workbench.browser, extensionPath: EXTENSION, outDir: OUT, checks, log });
    log(`operations phase done in ${secs(Date.now() - to)}; Kubernetes extension phase next`);
    const tk = Date.now();
    if (phase('k8sext')) await runK8sExtPhase({ browser: workbench.browser, extensionPath: EXTENSION, outDir: OUT, checks, log });
    log(`Kubernetes extension phase done in ${secs(Date.now() - tk)}; plans phase next`);
    const tpl = Date.now();
    if (phase('plans')) await runPlanPhase({ browser: workbench.browser, extensionPath: EXTENSION, outDir: OUT, checks, log });
    log(`plans phase done in ${secs(Date.now() - tpl)}; gate phase next`);
    const tg = Date.now();
    if (phase('gate')) await runGatePhase({ browser: workbench.browser, extensionPath: EXTENSION, outDir: OUT, checks, log });
    log(`gate phase done in ${secs(Date.now() - tg)}`);

    const result = readResult();
    if (!result) {
      checks.push({ title: 'in-host tests wrote test-output/e2e-result.json', ok: false, message: 'result file missing' });
    } else if (exitCode.value !== undefined && exitCode.value !== 0 && result.failed === 0) {
      checks.push({ title: 'extension host exit code', ok: false, message: `codeAutomationExit(${exitCode.value}) although the result file shows no failure` });
    }
    return report(result, checks);
  } finally {
    hostLog.end();
    await workbench?.close();
    await server?.stop();
    await fixtures?.stop();
    fs.rmSync(kubeDir, { recursive: true, force: true });
    log(`total ${secs(Date.now() - t0)}`);
  }
}

function report(result: E2eResult | undefined, checks: Check[]): number {
  for (const f of result?.failures ?? []) console.log(`  ✖ ${f.title}\n      ${f.message.split('\n').slice(0, 8).join('\n      ')}`);
  for (const c of checks) console.log(`  ${c.ok ? '✔' : '✖'} ${c.title}${c.ms !== undefined ? ` (${secs(c.ms)})` : ''}${c.message ? `\n      ${c.message}` : ''}`);
  const passed = (result?.passed ?? 0) + checks.filter((c) => c.ok).length;
  const failed = (result?.failed ?? 0) + checks.filter((c) => !c.ok).length;
  console.log(`in-host: ${result ? `${result.passed} passed, ${result.failed} failed in ${secs(result.durationMs)}` : 'no result file'}; UI: ${checks.filter((c) => c.ok).length}/${checks.length} checks`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  return failed > 0 || !result || result.passed === 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  console.log('e2e: 0 passed, 1 failed');
  process.exit(1);
});
