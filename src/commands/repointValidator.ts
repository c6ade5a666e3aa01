/** Apply Fix on a broken `istiod-default-validator`: confirm, then the journaled repoint (or its server-side dry run). */
import * as vscode from 'vscode';
import type { RepointValidatorFix } from '../mesh/finding';
import { repointValidator } from '../upgrade/webhookFix';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { runWithProgress } from './runWithProgress';
import { dryRunSummary, undoTagRun } from './tagCommon';

export async function applyValidatorFix(ctx: CommandContext, context: string, fix: RepointValidatorFix): Promise<void> {
  const cluster = loadedCluster(ctx, context);
  const choice = await vscode.window.showWarningMessage(
    `Repoint ${fix.webhook} at revision ${fix.revision} in cluster ${context}?`,
    { modal: true, detail: `${fix.description}\n\nIt then validates Istio config with that revision's istiod. The write is journaled; Undo puts the validator back as it was.${fix.ownerNote ? `\n\n⚠ ${fix.ownerNote}` : ''}` },
    'Repoint', 'Dry Run',
  );
  if (!choice) return;
  const dryRun = choice === 'Dry Run';
  const outcome = await runWithProgress(`${dryRun ? 'Dry run: ' : ''}Repoint ${fix.webhook}`, (signal) => repointValidator(cluster.client, fix, { journal: ctx.journal, dryRun, signal }));
  ctx.log.info(`[${context}] repoint ${fix.webhook} → ${fix.revision}: ${outcome.status}${outcome.error ? ` — ${outcome.error}` : ''}${outcome.runId ? ` (run ${outcome.runId})` : ''}`);
  if (outcome.status === 'dry run') {
    void vscode.window.showInformationMessage(dryRunSummary(outcome));
    return;
  }
  if (outcome.status !== 'completed') {
    void vscode.window.showErrorMessage(`Repointing ${fix.webhook} ${outcome.status}: ${outcome.error ?? ''}`);
    return;
  }
  const a = await vscode.window.showInformationMessage(`${fix.webhook} now calls ${fix.service.namespace}/${fix.service.name} (revision ${fix.revision}).`, 'Undo', 'Show Journal');
  if (a === 'Undo' && outcome.runId) await undoTagRun(ctx, cluster, outcome.runId);
  if (a === 'Show Journal') await vscode.commands.executeCommand('istioCanary.showJournal');
}
