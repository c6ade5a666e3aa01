/**
 * Sixth phase of the e2e run: an upgrade plan file in a user session (extension installed, smoke-test driver off)
 * on sim-tags-prod-canary: created from the revision node, edited in the editor (a diagnostic, its quick fix), run
 * step by step from its CodeLenses, dry-run, and its report exported (test/e2e/planUi.ts). The cluster and the
 * journal are read from this process too.
 */
import * as path from 'node:path';
import { screenshot } from '../../scripts/vscode/browser';
import { skippedCheck, uiCheck, type Check } from './checks';
import { drivePlan } from './planUi';
import { findJournal, UserSession, type PhaseOptions } from './userSession';

export interface PlanPhaseOptions extends PhaseOptions {
  checks: Check[];
}

export async function runPlanPhase(o: PlanPhaseOptions): Promise<void> {
  const session = new UserSession();
  try {
    const opened = await uiCheck(o.checks, 'UI plans: a user session loads tags-prod-canary', async () => {
      await session.open(o, 'plans', ['tags-prod-canary'], 300);
    }, async () => session.workbench && screenshot(session.workbench.page, 'failed-plans-session'));
    const [tags] = session.sims;
    const { workbench, server } = session;
    if (!opened || !workbench || !server || !tags) {
      skippedCheck(o.checks, 'UI plans: create, edit, run, report', 'the user session did not load');
      return;
    }
    const userData = path.join(server.scratchDir, 'user-data');
    await drivePlan(workbench.page, {
      context: tags.contextName, kubeconfigPath: tags.kubeconfigPath, folder: path.join(server.scratchDir, 'workspace'), journalFile: () => findJournal(userData),
    }, o.checks, o.log);
  } finally {
    await session.close();
  }
}
