import * as vscode from 'vscode';
import { plural } from '../mesh/plural';
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
  const context = selection?.context ?? clusterOf(node) ?? (await pickCluster(ctx.fleet(), 'Restart workloads'));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const namespaces = selection?.namespaces ?? (await pickNamespaces(cluster.snapshot, `Restart workloads in ${context}`, (ns) => ns.workloads.some((w) => w.restartable)));
  if (!namespaces) return;
  let scope: 'stale' | 'all' = 'stale';
  if (workloads.length === 0) {
    const choice = await vscode.window.showQuickPick([
      { label: 'Stale workloads', description: 'only those whose proxies need a restart', value: 'stale' as const },
      { label: 'All workloads', description: 'every Deployment, StatefulSet and DaemonSet', value: 'all' as const },
    ], { title: `Restart in ${namespaces.join(', ')}` });
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
  if (paused.length) void vscode.window.showWarningMessage(`Paused, not restarted (resume them first): ${paused.join(', ')}`);
  if (total === 0) {
    void vscode.window.showInformationMessage(`Nothing to restart in ${namespaces.join(', ')}${scope === 'stale' ? ': no stale proxies' : ''}.`);
    return;
  }
  const list = selections.flatMap((s) => s.refs.map((r) => `${r.kind} ${s.namespace}/${r.name}`));
  const ok = await vscode.window.showWarningMessage(`Restart ${plural(total, 'workload')} in ${context}?`, { modal: true, detail: list.join('\n') }, 'Restart');
  if (ok !== 'Restart') return;
  const plan = restartPlan(cluster.snapshot, selections);
  const outcome = await runWithProgress(`Restart ${plural(total, 'workload')}`, (signal, onProgress, onNotice) =>
    runMigration({ client: cluster.client, journal: ctx.journal }, plan, { signal, onProgress, onNotice, command: 'restart', rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs }));
  reportOutcome(ctx, context, outcome);
}
