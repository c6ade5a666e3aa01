import * as vscode from 'vscode';
import { countText } from '../views/countText';
import type { TreeNode } from '../views/treeNode';
import { runMigration } from '../upgrade/migrationRunner';
import { restartableRefs, restartPlan } from '../upgrade/restartPlan';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf, namespaceSelection, selectedNodes, workloadNodes } from './nodeArgs';
import { pickCluster, pickNamespaces } from './pickers';
import { runWithProgress } from './runWithProgress';
import { reportOutcome } from './executeMigration';

/** Rollout-restart workloads (the selected ones, or a namespace's stale ones / all), wait, verify. */
export async function restartWorkloads(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[]): Promise<void> {
  const picked = selectedNodes(node, nodes);
  const workloads = workloadNodes(picked);
  const selection = namespaceSelection(picked);
  const context = selection?.context ?? clusterOf(node) ?? (await pickCluster(ctx.fleet(), vscode.l10n.t('Restart workloads')));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const namespaces = selection?.namespaces ?? (await pickNamespaces(cluster.snapshot, vscode.l10n.t('Restart workloads in {0}', context), (ns) => ns.workloads.some((w) => w.restartable)));
  if (!namespaces) return;
  let scope: 'stale' | 'all' = 'stale';
  if (workloads.length === 0) {
    const choice = await vscode.window.showQuickPick([
      { label: vscode.l10n.t('Stale workloads'), description: vscode.l10n.t('only those whose proxies need a restart'), value: 'stale' as const },
      { label: vscode.l10n.t('All workloads'), description: vscode.l10n.t('every Deployment, StatefulSet and DaemonSet'), value: 'all' as const },
    ], { title: vscode.l10n.t('Restart in {0}', namespaces.join(', ')) });
    if (!choice) return;
    scope = choice.value;
  }
  const only = workloads.length ? new Set(workloads.map((w) => `${w.workload.kind}/${w.workload.name}`)) : undefined;
  const paused: string[] = [];
  const selections = namespaces.map((name) => {
    const ns = cluster.snapshot.namespaces.find((n) => n.name === name);
    const r = ns ? restartableRefs(ns, scope, only) : { refs: [], paused: [] };
    paused.push(...r.paused.map((p) => `${name}/${p}`));
    return { namespace: name, refs: r.refs };
  });
  const total = selections.reduce((n, s) => n + s.refs.length, 0);
  if (paused.length) void vscode.window.showWarningMessage(vscode.l10n.t('Paused, not restarted (resume them first): {0}', paused.join(', ')));
  if (total === 0) {
    void vscode.window.showInformationMessage(scope === 'stale'
      ? vscode.l10n.t('Nothing to restart in {0}: no stale proxies.', namespaces.join(', '))
      : vscode.l10n.t('Nothing to restart in {0}.', namespaces.join(', ')));
    return;
  }
  const list = selections.flatMap((s) => s.refs.map((r) => `${r.kind} ${s.namespace}/${r.name}`));
  const restart = vscode.l10n.t('Restart');
  const question = countText(total, (n) => vscode.l10n.t('Restart {0} workload in {1}?', n, context), (n) => vscode.l10n.t('Restart {0} workloads in {1}?', n, context));
  const ok = await vscode.window.showWarningMessage(question, { modal: true, detail: list.join('\n') }, restart);
  if (ok !== restart) return;
  const plan = restartPlan(cluster.snapshot, selections);
  const title = countText(total, (n) => vscode.l10n.t('Restart {0} workload', n), (n) => vscode.l10n.t('Restart {0} workloads', n));
  const outcome = await runWithProgress(title, (signal, onProgress, onNotice) =>
    runMigration({ client: cluster.client, journal: ctx.journal }, plan, { signal, onProgress, onNotice, command: 'restart', rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs }));
  reportOutcome(ctx, context, outcome);
}
