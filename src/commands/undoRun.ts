import * as vscode from 'vscode';
import { plural } from '../mesh/plural';
import type { RunRecord } from '../upgrade/journal';
import { rollbackTagRun } from '../upgrade/tagOps';
import { undoRemoval } from '../upgrade/removeRevision';
import { switchBack } from '../upgrade/gatewaySwitch';
import { undoSailRun } from '../upgrade/sailOps';
import type { CommandContext } from './commandContext';

/** Runs whose undo is not a label restore: tag writes, revision removals, gateway switches, Sail writes. */
export const SPECIAL_UNDO = new Set<RunRecord['command']>(['tag', 'remove-revision', 'gateway-switch', 'sail']);

export async function undoSpecialRun(ctx: CommandContext, run: RunRecord): Promise<void> {
  const client = ctx.fleet().client(run.context);
  if (!client) throw new Error(`${run.context} is not loaded: refresh the view first.`);
  const ok = await vscode.window.showWarningMessage(`Undo ${run.command} run ${run.runId} on ${run.context}?`, { modal: true, detail: `${run.target ? `Target ${run.target}. ` : ''}The journal's previous objects are restored.` }, 'Undo');
  if (ok !== 'Undo') return;
  if (run.command === 'tag') {
    const out = await rollbackTagRun(client, ctx.journal, run.runId);
    void (out.status === 'completed' ? vscode.window.showInformationMessage(`Tag run undone: ${plural(out.results.length, 'object')} restored.`) : vscode.window.showErrorMessage(`Undo failed: ${out.error ?? out.status}`));
  } else if (run.command === 'remove-revision') {
    const undoRun = ctx.journal.startRun({ command: 'remove-revision', context: run.context, target: run.target, namespaces: [], rollbackOf: run.runId });
    const out = await undoRemoval(client, ctx.journal, run.runId, { journal: ctx.journal, run: undoRun });
    ctx.journal.updateRun(undoRun, { status: 'completed' });
    void vscode.window.showInformationMessage(`Revision ${run.target ?? ''} restored: ${plural(out.created.length, 'object')} re-created${out.existing.length ? `, ${out.existing.length} already present` : ''}.`);
  } else if (run.command === 'gateway-switch') {
    await switchBack(client, ctx.journal, run.runId);
    void vscode.window.showInformationMessage('Gateway Service switched back.');
  } else if (run.command === 'sail') {
    const out = await undoSailRun(client, ctx.journal, run.runId);
    void (out.status === 'completed' ? vscode.window.showInformationMessage(`Sail change undone: ${out.results.map((r) => r.write.summary).join('; ')}.`) : vscode.window.showErrorMessage(`Undo failed: ${out.error ?? out.status}`));
  }
}
