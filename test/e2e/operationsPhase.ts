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
import * as path from 'node:path';
import { screenshot } from '../../scripts/vscode/browser';
import { skippedCheck, uiCheck, type Check } from './checks';
import { driveMidUpgradeOps } from './operationsUi';
import { driveRollBack, driveWave } from './rollbackWaveUi';
import { findJournal, UserSession, type PhaseOptions } from './userSession';

const POD_READY_DELAY_MS = 300;

export interface OperationsPhaseOptions extends PhaseOptions {
  checks: Check[];
}

export async function runOperationsPhase(o: OperationsPhaseOptions): Promise<void> {
  const session = new UserSession();
  try {
    const opened = await uiCheck(o.checks, 'UI operations: a user session loads mid-upgrade and tags-prod-canary from one KUBECONFIG', async () => {
      await session.open(o, 'operations', ['mid-upgrade', 'tags-prod-canary'], POD_READY_DELAY_MS);
    }, async () => session.workbench && screenshot(session.workbench.page, 'failed-operations-session'));
    const [mid, tags] = session.sims;
    const { workbench, server } = session;
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
    await session.close();
  }
}
