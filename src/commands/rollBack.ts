import * as vscode from 'vscode';
import { countText } from '../views/countText';
import { guardWebhooks } from '../upgrade/webhookGuard';
import { showWebhookReport } from './webhookGuardUi';
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


function describeRun(r: RunRecord): string {
  return `${r.command} ${r.target ? `→ ${r.target} ` : ''}[${r.namespaces.join(', ')}] · ${r.status}`;
}

async function pickRun(ctx: CommandContext): Promise<RunRecord | undefined> {
  const runs = ctx.journal.runs().filter((r) => r.status !== 'running' && ctx.journal.writes(r.runId).some((w) => w.phase !== 'failed' && (w.kind === 'namespaces' || SPECIAL_UNDO.has(r.command))));
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The journal has no run that relabelled a namespace: nothing to roll back.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(runs.map((r) => ({ label: `${r.context}: ${describeRun(r)}`, description: r.started, run: r })), { title: vscode.l10n.t('Roll back which run?') });
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
      void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to roll back: {0}.', e.message));
      return undefined;
    }
    throw e;
  }
  const { candidates, reconciled } = prepared;
  for (const w of prepared.journalWarnings) ctx.log.warn(`journal: ${w}`);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(reconciled.length
      ? vscode.l10n.t('Nothing to roll back: that run relabelled no namespace (read back: {0} — not applied).', reconciled.map((r) => r.write.name).join(', '))
      : vscode.l10n.t('Nothing to roll back: that run relabelled no namespace.'));
    return undefined;
  }
  // The modal lists every namespace; the report beside it explains what is doubtful, when something is.
  if (reconciled.length || prepared.journalWarnings.length || candidates.some((c) => c.problems.length || c.maybe)) {
    await showMarkdown(rollbackMarkdown(context, candidates, reconciled, prepared.journalWarnings));
  }
  const consistent = targetsOf(prepared);
  const flagged = candidates.filter((c) => c.problems.length);
  const includingFlagged = vscode.l10n.t('Roll Back Including Flagged');
  const rollBackButton = vscode.l10n.t('Roll Back');
  const dryRunButton = vscode.l10n.t('Dry Run');
  const detail = [
    ...candidates.map((c) => `${c.namespace}: ${showLabels(c.expected)} → ${showLabels(c.restore)}${c.problems.length ? `  ⚠ ${vscode.l10n.t('{0} — left out', c.problems.join('; '))}` : ''}`),
    '',
    flagged.length ? countText(flagged.length,
      (n) => vscode.l10n.t('{0} namespace with inconsistent journal history is left out unless you choose "{1}".', n, includingFlagged),
      (n) => vscode.l10n.t('{0} namespaces with inconsistent journal history are left out unless you choose "{1}".', n, includingFlagged)) : '',
    vscode.l10n.t('Then the stale workloads restart and are verified.'),
  ].filter((l, i, all) => l !== '' || all[i - 1] !== '').join('\n');
  const buttons = [...(consistent.length ? [rollBackButton, dryRunButton] : []), ...(flagged.length ? [includingFlagged] : [])];
  const question = countText(consistent.length || candidates.length, (n) => vscode.l10n.t('Roll back {0} namespace in {1}?', n, context), (n) => vscode.l10n.t('Roll back {0} namespaces in {1}?', n, context));
  const ok = await vscode.window.showWarningMessage(question, { modal: true, detail }, ...buttons);
  if (!ok) return undefined;
  const targets = targetsOf(prepared, ok === includingFlagged);
  const dryRun = ok === dryRunButton;
  const title = dryRun
    ? countText(targets.length, (n) => vscode.l10n.t('Dry run: Roll back {0} namespace', n), (n) => vscode.l10n.t('Dry run: Roll back {0} namespaces', n))
    : countText(targets.length, (n) => vscode.l10n.t('Roll back {0} namespace', n), (n) => vscode.l10n.t('Roll back {0} namespaces', n));
  const { value: outcome, report } = await runWithProgress(title, (signal, onProgress, onNotice) => guardWebhooks(client, () =>
    runRollback({ client, journal: ctx.journal }, targets, { signal, onProgress, onNotice, dryRun, rollbackOf: run?.runId, rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs }), { dryRun, signal }));
  showWebhookReport(ctx, context, vscode.l10n.t('the roll back'), report);
  reportOutcome(ctx, context, outcome);
  return outcome;
}
