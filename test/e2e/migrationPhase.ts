/**
 * Second phase of the e2e run: a fresh simulator (tags-prod-canary, pods Ready 300 ms after creation so a
 * rollout is visible but quick) and a fresh code-server in which the extension is *installed* (a link in
 * the extensions dir) and the smoke-test driver is off. That is a plain user session: with the driver on,
 * the workbench shows no notification toasts at all, and the migration's progress and result are toasts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { driveLazyContext } from './lazyContextUi';
import { startCodeServer, type CodeServer } from '../../scripts/vscode/codeServer';
import { openIstioSidebar, openWorkbench, screenshot, type RigBrowser, type Workbench } from '../../scripts/vscode/browser';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator';
import { skippedCheck, uiCheck, type Check } from './checks';
import { driveMigration, showJournal } from './migrationUi';

export const MIGRATION_SCENARIO = 'tags-prod-canary';
const POD_READY_DELAY_MS = 300;

export interface MigrationPhaseOptions {
  browser: RigBrowser;
  extensionPath: string;
  /** Folder for code-server's log. */
  outDir: string;
  checks: Check[];
  log: (msg: string) => void;
}

export async function runMigrationPhase(o: MigrationPhaseOptions): Promise<void> {
  let sim: RunningSimulator | undefined;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  try {
    const opened = await uiCheck(o.checks, `UI migrate: a user session (extension installed, ${MIGRATION_SCENARIO} simulator) opens the sidebar`, async () => {
      sim = await startSimulator({ scenario: MIGRATION_SCENARIO, port: 0, podReadyDelayMs: POD_READY_DELAY_MS });
      server = await startCodeServer({
        extensionDevelopmentPath: o.extensionPath,
        linkExtension: true,
        smokeTestDriver: false,
        env: { KUBECONFIG: sim.kubeconfigPath },
        logPath: path.join(o.outDir, 'code-server-migrate.log'),
      });
      const folder = path.join(server.scratchDir, 'workspace');
      fs.mkdirSync(folder, { recursive: true });
      workbench = await openWorkbench(`${server.url}/?folder=${encodeURIComponent(folder)}`, { browser: o.browser });
      o.log(`migration phase: simulator ${sim.contextName} (pods ready after ${POD_READY_DELAY_MS} ms), workbench loaded in ${(workbench.loadMs / 1000).toFixed(1)} s`);
      await openIstioSidebar(workbench.page, 60_000);
    });
    if (!opened || !sim || !workbench) {
      if (workbench) await screenshot(workbench.page, 'migrate-no-session').catch(() => undefined);
      skippedCheck(o.checks, 'UI migrate: the migration flow', 'the user session did not open');
      return;
    }
    await driveMigration(workbench.page, { context: sim.contextName, kubeconfigPath: sim.kubeconfigPath }, o.checks, o.log);
    await showJournal(workbench.page, o.checks, o.log);
    await driveLazyContext(workbench.page, sim.contextName, o.checks, o.log);
  } finally {
    await workbench?.close();
    await server?.stop();
    await sim?.stop();
  }
}
