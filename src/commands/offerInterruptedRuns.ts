import * as vscode from 'vscode';
import { planMigration } from '../mesh/migrationPlan';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { executeMigration } from './executeMigration';

/**
 * At start-up: a run the journal still shows as running was interrupted (window reload, crash, killed
 * process). Offer to resume it (every step is idempotent: re-plan, relabel what is left, restart what is stale)
 * or to undo it (restore the journaled labels).
 */
export async function offerInterruptedRuns(ctx: CommandContext): Promise<void> {
  const interrupted = ctx.journal.runs().filter((r) => r.status === 'interrupted' && (r.command === 'migrate' || r.command === 'rollback'));
  for (const run of interrupted.slice(0, 3)) {
    const what = `${run.command}${run.target ? ` → ${run.target}` : ''} of ${run.namespaces.join(', ')} on ${run.context} (started ${run.started})`;
    const a = await vscode.window.showWarningMessage(`An Istio upgrade run was interrupted: ${what}.`, 'Resume', 'Undo', 'Dismiss');
    if (a === 'Dismiss') ctx.journal.updateRun(run, { status: 'cancelled', stoppedAt: run.stoppedAt ?? 'interrupted; dismissed' });
    if (a === 'Undo') {
      ctx.journal.updateRun(run, { status: 'cancelled', stoppedAt: 'interrupted; undone' });
      await vscode.commands.executeCommand('istioCanary.rollBack', undefined, undefined, run.runId);
    }
    if (a === 'Resume' && run.target) {
      const cluster = loadedCluster(ctx, run.context);
      const planned = planMigration(run.context, cluster.inventory, run.namespaces, run.target);
      if (!planned.ok) {
        void vscode.window.showErrorMessage(`Cannot resume: ${planned.error}`);
        continue;
      }
      ctx.journal.updateRun(run, { status: 'cancelled', stoppedAt: 'interrupted; resumed in a new run' });
      await executeMigration(ctx, cluster, planned.plan, { title: 'Resume migration', concurrency: run.options?.concurrency });
    }
  }
}
