import * as vscode from 'vscode';
import { guardWebhooks } from '../upgrade/webhookGuard';
import { showWebhookReport } from './webhookGuardUi';
import { plural } from '../mesh/plural';
import type { TreeNode } from '../views/treeNode';
import { rollbackMarkdown } from '../views/rollbackMarkdown';
import { prepareRollback, runRollback, targetsOf } from '../upgrade/rollback';
import { showLabels } from '../upgrade/restorePlan';
import type { MigrationOutcome } from '../upgrade/migrationRunner';
import { UpgradeError } from '../upgrade/upgradeErrors';
import { SPECIAL_UNDO, undoSpecialRun } from './undoRun';
import type { RunRecord } from '../upgrade/journal';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { namespaceSelection, selectedNodes } from './nodeArgs';
import { runWithProgress } from './runWithProgress';
import { reportOutcome } from './executeMigration';
import { showMarkdown } from './showMarkdown';

const INCLUDING_FLAGGED = 'Roll Back Including Flagged';

function describeRun(r: RunRecord): string {
  return `${r.command} ${r.target ? `→ ${r.target} ` : ''}[${r.namespaces.join(', ')}] · ${r.status}`;
}

async function pickRun(ctx: CommandContext): Promise<RunRecord | undefined> {
  const runs = ctx.journal.runs().filter((r) => r.status !== 'running' && ctx.journal.writes(r.runId).some((w) => w.phase !== 'failed' && (w.kind === 'namespaces' || SPECIAL_UNDO.has(r.command))));
  if (runs.length === 0) {
    void vscode.window.showInformationMessage('The journal has no run that relabelled a namespace: nothing to roll back.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(runs.map((r) => ({ label: `${r.context}: ${describeRun(r)}`, description: r.started, run: r })), { title: 'Roll back which run?' });
  return pick?.run;
}

/**
 * Roll back namespaces (from the tree) or a whole run (palette, "Roll Back" after a run, Undo of an interrupted run)
 * to their journaled labels. The preview lists every namespace it would touch and flags inconsistent journal history.
 */
export async function rollBack(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[], runId?: string): Promise<MigrationOutcome | undefined> {
  const selection = namespaceSelection(selectedNodes(node, nodes));
  const run = runId ? ctx.journal.run(runId) : selection ? undefined : await pickRun(ctx);
  if (!selection && !run) return undefined;
  if (!selection && run && SPECIAL_UNDO.has(run.command)) {
    await undoSpecialRun(ctx, run);
    return undefined;
  }
  const context = selection?.context ?? run?.context;
  if (!context) return undefined;
  const { client } = loadedCluster(ctx, context);
  let prepared;
  try {
    prepared = await prepareRollback(client, ctx.journal, { runId: selection ? undefined : run?.runId, namespaces: selection?.namespaces });
  } catch (e) {
    // Nothing was ever migrated here: that is information, not a failure.
    if (e instanceof UpgradeError && e.kind === 'refused') {
      void vscode.window.showInformationMessage(`Nothing to roll back: ${e.message}.`);
      return undefined;
    }
    throw e;
  }
  const { candidates, reconciled } = prepared;
  for (const w of prepared.journalWarnings) ctx.log.warn(`journal: ${w}`);
  if (candidates.length === 0) {
    const read = reconciled.length ? ` (read back: ${reconciled.map((r) => r.write.name).join(', ')} — not applied)` : '';
    void vscode.window.showInformationMessage(`Nothing to roll back: that run relabelled no namespace${read}.`);
    return undefined;
  }
  // The modal lists every namespace; the report beside it explains what is doubtful, when something is.
  if (reconciled.length || prepared.journalWarnings.length || candidates.some((c) => c.problems.length || c.maybe)) {
    await showMarkdown(rollbackMarkdown(context, candidates, reconciled, prepared.journalWarnings));
  }
  const consistent = targetsOf(prepared);
  const flagged = candidates.filter((c) => c.problems.length);
  const detail = [
    ...candidates.map((c) => `${c.namespace}: ${showLabels(c.expected)} → ${showLabels(c.restore)}${c.problems.length ? `  ⚠ ${c.problems.join('; ')} — left out` : ''}`),
    '',
    flagged.length ? `${plural(flagged.length, 'namespace')} with inconsistent journal history ${flagged.length === 1 ? 'is' : 'are'} left out unless you choose "${INCLUDING_FLAGGED}".` : '',
    'Then the stale workloads restart and are verified.',
  ].filter((l, i, all) => l !== '' || all[i - 1] !== '').join('\n');
  const buttons = [...(consistent.length ? ['Roll Back', 'Dry Run'] : []), ...(flagged.length ? [INCLUDING_FLAGGED] : [])];
  const ok = await vscode.window.showWarningMessage(`Roll back ${plural(consistent.length || candidates.length, 'namespace')} in ${context}?`, { modal: true, detail }, ...buttons);
  if (!ok) return undefined;
  const targets = targetsOf(prepared, ok === INCLUDING_FLAGGED);
  const dryRun = ok === 'Dry Run';
  const { value: outcome, report } = await runWithProgress(`${dryRun ? 'Dry run: ' : ''}Roll back ${plural(targets.length, 'namespace')}`, (signal, onProgress, onNotice) => guardWebhooks(client, () =>
    runRollback({ client, journal: ctx.journal }, targets, { signal, onProgress, onNotice, dryRun, rollbackOf: run?.runId, rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs }), { dryRun, signal }));
  showWebhookReport(ctx, context, 'the roll back', report);
  reportOutcome(ctx, context, outcome);
  return outcome;
}
