import * as vscode from 'vscode';
import { countText } from '../views/countText';
import { withWebhookGuard } from './webhookGuardUi';
import type { RunRecord } from '../upgrade/journal';
import { rollbackTagRun } from '../upgrade/tagOps';
import { undoSailRun } from '../upgrade/sailOps';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { undoRevisionRemoval } from './removeRevision';
import { switchGatewayBack } from './switchGateway';

/** Runs whose undo is not a label restore: tag writes, revision removals, gateway switches, Sail writes. */
export const SPECIAL_UNDO = new Set<RunRecord['command']>(['tag', 'remove-revision', 'gateway-switch', 'sail']);

/** Undo of those runs; each undo is a journaled run of its own that always ends. */
export async function undoSpecialRun(ctx: CommandContext, run: RunRecord): Promise<void> {
  const cluster = loadedCluster(ctx, run.context);
  const undo = vscode.l10n.t('Undo');
  const restored = vscode.l10n.t('The journal\'s previous objects are restored.');
  const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Undo {0} run {1} on {2}?', run.command, run.runId, run.context), {
    modal: true, detail: run.target ? `${vscode.l10n.t('Target {0}.', run.target)} ${restored}` : restored,
  }, undo);
  if (ok !== undo) return;
  if (run.command === 'tag') {
    const out = await withWebhookGuard(ctx, cluster, vscode.l10n.t('the undo'), () => rollbackTagRun(cluster.client, ctx.journal, run.runId));
    void (out.status === 'completed'
      ? vscode.window.showInformationMessage(countText(out.results.length, (n) => vscode.l10n.t('Tag run undone: {0} object restored.', n), (n) => vscode.l10n.t('Tag run undone: {0} objects restored.', n)))
      : vscode.window.showErrorMessage(vscode.l10n.t('Undo failed: {0}', out.error ?? out.status)));
  } else if (run.command === 'remove-revision') {
    await undoRevisionRemoval(ctx, run.context, run.runId);
  } else if (run.command === 'gateway-switch') {
    await switchGatewayBack(ctx, run.context, run.runId);
  } else if (run.command === 'sail') {
    const out = await undoSailRun(cluster.client, ctx.journal, run.runId);
    void (out.status === 'completed'
      ? vscode.window.showInformationMessage(vscode.l10n.t('Sail change undone: {0}.', out.results.map((r) => r.write.summary).join('; ')))
      : vscode.window.showErrorMessage(vscode.l10n.t('Undo failed: {0}', out.error ?? out.status)));
  }
}
