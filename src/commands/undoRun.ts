import * as vscode from 'vscode';
import { withWebhookGuard } from './webhookGuardUi';
import { plural } from '../mesh/plural';
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
  const ok = await vscode.window.showWarningMessage(`Undo ${run.command} run ${run.runId} on ${run.context}?`, { modal: true, detail: `${run.target ? `Target ${run.target}. ` : ''}The journal's previous objects are restored.` }, 'Undo');
  if (ok !== 'Undo') return;
  if (run.command === 'tag') {
    const out = await withWebhookGuard(ctx, cluster, 'the undo', () => rollbackTagRun(cluster.client, ctx.journal, run.runId));
    void (out.status === 'completed' ? vscode.window.showInformationMessage(`Tag run undone: ${plural(out.results.length, 'object')} restored.`) : vscode.window.showErrorMessage(`Undo failed: ${out.error ?? out.status}`));
  } else if (run.command === 'remove-revision') {
    await undoRevisionRemoval(ctx, run.context, run.runId);
  } else if (run.command === 'gateway-switch') {
    await switchGatewayBack(ctx, run.context, run.runId);
  } else if (run.command === 'sail') {
    const out = await undoSailRun(cluster.client, ctx.journal, run.runId);
    void (out.status === 'completed' ? vscode.window.showInformationMessage(`Sail change undone: ${out.results.map((r) => r.write.summary).join('; ')}.`) : vscode.window.showErrorMessage(`Undo failed: ${out.error ?? out.status}`));
  }
}
