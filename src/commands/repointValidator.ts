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
  const dryRunButton = vscode.l10n.t('Dry Run');
  const then = vscode.l10n.t('It then validates Istio config with that revision\'s istiod. The write is journaled; Undo puts the validator back as it was.');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Repoint {0} at revision {1} in cluster {2}?', fix.webhook, fix.revision, context),
    { modal: true, detail: `${fix.description}\n\n${then}${fix.ownerNote ? `\n\n⚠ ${fix.ownerNote}` : ''}` },
    vscode.l10n.t('Repoint'), dryRunButton,
  );
  if (!choice) return;
  const dryRun = choice === dryRunButton;
  const outcome = await runWithProgress(dryRun ? vscode.l10n.t('Dry run: Repoint {0}', fix.webhook) : vscode.l10n.t('Repoint {0}', fix.webhook), (signal) => repointValidator(cluster.client, fix, { journal: ctx.journal, dryRun, signal }));
  ctx.log.info(`[${context}] repoint ${fix.webhook} → ${fix.revision}: ${outcome.status}${outcome.error ? ` — ${outcome.error}` : ''}${outcome.runId ? ` (run ${outcome.runId})` : ''}`);
  if (outcome.status === 'dry run') {
    void vscode.window.showInformationMessage(dryRunSummary(outcome));
    return;
  }
  if (outcome.status !== 'completed') {
    void vscode.window.showErrorMessage(vscode.l10n.t('Repointing {0} {1}: {2}', fix.webhook, outcome.status, outcome.error ?? ''));
    return;
  }
  const undo = vscode.l10n.t('Undo');
  const showJournal = vscode.l10n.t('Show Journal');
  const a = await vscode.window.showInformationMessage(
    vscode.l10n.t('{0} now calls {1} (revision {2}).', fix.webhook, `${fix.service.namespace}/${fix.service.name}`, fix.revision), undo, showJournal);
  if (a === undo && outcome.runId) await undoTagRun(ctx, cluster, outcome.runId);
  if (a === showJournal) await vscode.commands.executeCommand('istioCanary.showJournal');
}
