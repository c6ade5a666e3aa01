/**
 * Fifth phase of the e2e run: the upgrade operations besides Migrate, driven through the tree's context menus in a
 * user session (extension installed, smoke-test driver off), with two simulators in one KUBECONFIG (pods Ready
 * 300 ms after creation):
 *   sim-mid-upgrade     Verify shop (fail) → Restart Workloads (all) on shop → Verify shop (pass) →
 *                       Migrate This Workload First on istio-ingress/istio-ingressgateway  (test/e2e/operationsUi.ts)
 *   sim-tags-prod-canary  Migrate b → Roll Back from the notification → Upgrade Wave of a, b, 2 at a time
 *                       (test/e2e/rollbackWaveUi.ts)
 * Each result is also read from the cluster from this process through the project's own kube client.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/codeServer';
import { openIstioSidebar, openWorkbench, screenshot, type RigBrowser, type Workbench } from '../../scripts/vscode/browser';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator';
import { skippedCheck, uiCheck, type Check } from './checks';
import { waitForContexts } from './lifecyclePhase';
import { driveMidUpgradeOps } from './operationsUi';
import { driveRollBack, driveWave } from './rollbackWaveUi';

const POD_READY_DELAY_MS = 300;

export interface OperationsPhaseOptions {
  browser: RigBrowser;
  extensionPath: string;
  outDir: string;
  checks: Check[];
  log: (msg: string) => void;
}

/** The extension's journal under the code-server user data (globalStorage/<publisher.name>/journal). */
function findJournal(userData: string): string | undefined {
  const root = path.join(userData, 'User', 'globalStorage');
  for (const ext of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    const file = path.join(root, ext, 'journal', 'journal.jsonl');
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

export async function runOperationsPhase(o: OperationsPhaseOptions): Promise<void> {
  const sims: RunningSimulator[] = [];
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let mid: RunningSimulator | undefined;
  let tags: RunningSimulator | undefined;
  try {
    const opened = await uiCheck(o.checks, 'UI operations: a user session loads mid-upgrade and tags-prod-canary from one KUBECONFIG', async () => {
      const t = Date.now();
      mid = await startSimulator({ scenario: 'mid-upgrade', port: 0, podReadyDelayMs: POD_READY_DELAY_MS });
      sims.push(mid);
      tags = await startSimulator({ scenario: 'tags-prod-canary', port: 0, podReadyDelayMs: POD_READY_DELAY_MS });
      sims.push(tags);
      const contexts = [mid.contextName, tags.contextName];
      server = await startCodeServer({
        extensionDevelopmentPath: o.extensionPath,
        linkExtension: true,
        smokeTestDriver: false,
        env: { KUBECONFIG: [mid.kubeconfigPath, tags.kubeconfigPath].join(path.delimiter) },
        userSettings: { 'istioCanary.contexts': contexts },
        logPath: path.join(o.outDir, 'code-server-operations.log'),
      });
      const folder = path.join(server.scratchDir, 'workspace');
      fs.mkdirSync(folder, { recursive: true });
      workbench = await openWorkbench(`${server.url}/?folder=${encodeURIComponent(folder)}`, { browser: o.browser });
      await openIstioSidebar(workbench.page, 60_000);
      await waitForContexts(workbench.page, contexts, 60_000);
      o.log(`operations phase: workbench loaded in ${(workbench.loadMs / 1000).toFixed(1)} s, both contexts loaded after ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }, async () => workbench && screenshot(workbench.page, 'failed-operations-session'));
    if (!opened || !workbench || !server || !mid || !tags) {
      skippedCheck(o.checks, 'UI operations: restart, verify, workload first, roll back and wave', 'the user session did not load');
      return;
    }
    const userData = path.join(server.scratchDir, 'user-data');
    await driveMidUpgradeOps(workbench.page, { context: mid.contextName, kubeconfigPath: mid.kubeconfigPath }, o.checks, o.log);
    const runsTarget = { context: tags.contextName, kubeconfigPath: tags.kubeconfigPath, journalFile: () => findJournal(userData) };
    await driveRollBack(workbench.page, runsTarget, o.checks, o.log);
    await driveWave(workbench.page, runsTarget, o.checks, o.log);
  } finally {
    await workbench?.close();
    await server?.stop();
    await Promise.allSettled(sims.map((s) => s.stop()));
  }
}
