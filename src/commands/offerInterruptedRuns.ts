import * as vscode from 'vscode';
import { countText } from '../views/countText';
import type { RunRecord } from '../upgrade/journal';
import { reconciledText } from '../upgrade/reconcileRun';
import { RESUMABLE, markHandled, planResumeRun, runResume } from '../upgrade/resumeRun';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { executeMigration } from './executeMigration';
import { rollBack } from './rollBack';

/** Resume: read back what the run left unknown, plan the rest from the cluster now, preview, confirm, run. */
export async function resumeRun(ctx: CommandContext, run: RunRecord): Promise<void> {
  const cluster = loadedCluster(ctx, run.context);
  const rp = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading what run {0} left', run.runId) },
    () => planResumeRun(cluster.client, ctx.journal, run.runId));
  for (const r of rp.reconciled) ctx.log.info(`[${run.context}] read back: ${reconciledText(r)}`);
  const what = run.command === 'rollback' ? vscode.l10n.t('roll back') : run.command;
  await executeMigration(ctx, cluster, rp.plan, {
    title: vscode.l10n.t('Resume {0}', what),
    concurrency: run.options?.concurrency,
    go: { plain: vscode.l10n.t('Resume'), anyway: vscode.l10n.t('Resume Anyway') },
    relabelOnly: run.command === 'migrate' ? undefined : false,
    heading: countText(rp.plan.namespaces.length,
      (n) => vscode.l10n.t('Resume {0} of {1} namespace (run {2})', what, n, run.runId),
      (n) => vscode.l10n.t('Resume {0} of {1} namespaces (run {2})', what, n, run.runId)),
    run: (opts) => runResume({ client: cluster.client, journal: ctx.journal }, rp, opts),
  });
}

/**
 * At start-up: a run whose owner process is gone while the journal still shows it running was interrupted (window
 * reload, crash, killed process). Offer to resume it or to undo it (restore the journaled labels), or dismiss it.
 * Whatever is chosen is recorded with the run, so it is offered once; closing the notification asks again next time.
 */
export async function offerInterruptedRuns(ctx: CommandContext): Promise<void> {
  const loaded = new Set(ctx.fleet().clusters().filter((c) => c.status === 'ready').map((c) => c.context));
  const interrupted = ctx.journal.runs().filter((r) => r.status === 'interrupted' && !r.handled && RESUMABLE.has(r.command) && loaded.has(r.context));
  for (const run of interrupted.slice(0, 3)) {
    const command = `${run.command}${run.target ? ` → ${run.target}` : ''}`;
    const resume = vscode.l10n.t('Resume');
    const undo = vscode.l10n.t('Undo');
    const dismiss = vscode.l10n.t('Dismiss');
    const a = await vscode.window.showWarningMessage(
      vscode.l10n.t('An Istio upgrade run was interrupted: {0} of {1} on {2} (started {3}).', command, run.namespaces.join(', '), run.context, run.started), resume, undo, dismiss);
    if (a === dismiss) markHandled(ctx.journal, run, 'dismissed');
    if (a === undo) {
      const outcome = await rollBack(ctx, undefined, undefined, run.runId);
      if (outcome?.runId) markHandled(ctx.journal, run, 'undone', outcome.runId);
    }
    if (a === resume) await resumeRun(ctx, run);
  }
}
