import * as vscode from 'vscode';
import { plural } from '../mesh/plural';
import type { TreeNode } from '../views/treeNode';
import { rollbackTargets, runRollback } from '../upgrade/rollback';
import { UpgradeError } from '../upgrade/upgradeErrors';
import { SPECIAL_UNDO, undoSpecialRun } from './undoRun';
import type { RunRecord } from '../upgrade/journal';
import type { InjectionLabels } from '../mesh/migrationPlan';
import type { CommandContext } from './commandContext';
import { namespaceSelection, selectedNodes } from './nodeArgs';
import { runWithProgress } from './runWithProgress';
import { reportOutcome } from './executeMigration';

function describeRun(r: RunRecord): string {
  return `${r.command} ${r.target ? `→ ${r.target} ` : ''}[${r.namespaces.join(', ')}] · ${r.status}`;
}

/** Roll back namespaces (from the tree) or a whole run (palette, or "Roll Back" after a run) to their journaled labels. */
export async function rollBack(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[], runId?: string): Promise<void> {
  const selection = namespaceSelection(selectedNodes(node, nodes));
  let run = runId ? ctx.journal.run(runId) : undefined;
  if (!selection && !run) {
    const runs = ctx.journal.runs().filter((r) => r.status !== 'running' && ctx.journal.writes(r.runId).some((w) => w.phase === 'applied' && (w.kind === 'namespaces' || SPECIAL_UNDO.has(r.command))));
    if (runs.length === 0) {
      void vscode.window.showInformationMessage('The journal has no run that relabelled a namespace: nothing to roll back.');
      return;
    }
    const pick = await vscode.window.showQuickPick(runs.map((r) => ({ label: `${r.context}: ${describeRun(r)}`, description: r.started, run: r })), { title: 'Roll back which run?' });
    if (!pick) return;
    run = pick.run;
  }
  if (!selection && run && SPECIAL_UNDO.has(run.command)) {
    await undoSpecialRun(ctx, run);
    return;
  }
  const context = selection?.context ?? run?.context;
  if (!context) return;
  const client = ctx.fleet().client(context);
  if (!client) throw new Error(`${context} is not loaded: refresh the view first.`);
  let targets;
  try {
    targets = rollbackTargets(ctx.journal, { runId: selection ? undefined : run?.runId, namespaces: selection?.namespaces, context });
  } catch (e) {
    // Nothing was ever migrated here: that is information, not a failure.
    if (e instanceof UpgradeError && e.kind === 'refused') {
      void vscode.window.showInformationMessage(`Nothing to roll back: ${e.message}.`);
      return;
    }
    throw e;
  }
  if (targets.length === 0) {
    void vscode.window.showInformationMessage('Nothing to roll back: that run relabelled no namespace.');
    return;
  }
  const show = (l: InjectionLabels): string => Object.entries(l).map(([k, v]) => `${k}=${v}`).join(', ') || 'no injection labels';
  const detail = targets.map((t) => `${t.namespace}: ${show(t.expected)} → ${show(t.restore)}`).join('\n');
  const ok = await vscode.window.showWarningMessage(`Roll back ${plural(targets.length, 'namespace')} in ${context}?`, { modal: true, detail: `${detail}\n\nThen the stale workloads restart and are verified.` }, 'Roll Back', 'Dry Run');
  if (!ok) return;
  const outcome = await runWithProgress(`${ok === 'Dry Run' ? 'Dry run: ' : ''}Roll back ${plural(targets.length, 'namespace')}`, (signal, onProgress) =>
    runRollback({ client, journal: ctx.journal }, targets, { signal, onProgress, dryRun: ok === 'Dry Run', rollbackOf: run?.runId, rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs }));
  reportOutcome(ctx, context, outcome);
}
