import * as vscode from 'vscode';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { plural } from '../mesh/plural';
import { namespacesUsingTag } from '../mesh/tagPlan';
import type { TreeNode } from '../views/treeNode';
import { ControlPlaneCache } from '../upgrade/controlPlaneContext';
import { readScopedInventory } from '../upgrade/scopedInventory';
import { runMigration } from '../upgrade/migrationRunner';
import { planTagRestart } from '../upgrade/tagRestart';
import type { CommandContext } from './commandContext';
import type { LoadedCluster } from './clusterAccess';
import { resolveTagTarget } from './tagCommon';
import { runWithProgress } from './runWithProgress';
import { reportOutcome } from './executeMigration';

/** From a tag node (or the palette): rollout-restart the stale workloads of every namespace the tag injects, then verify. */
export async function restartTagNamespaces(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const target = await resolveTagTarget(ctx, node, 'Restart the namespaces of a tag', 'Restart the namespaces using tag…');
  if (!target) return;
  await restartNamespacesOfTag(ctx, target.cluster, target.tag);
}

/** Also the "Restart these namespaces now" action after a tag move. */
export async function restartNamespacesOfTag(ctx: CommandContext, cluster: LoadedCluster, tag: string, only?: string[]): Promise<void> {
  const context = cluster.client.context;
  const namespaces = only ?? namespacesUsingTag(cluster.inventory, tag, 'injected');
  if (namespaces.length === 0) {
    void vscode.window.showInformationMessage(`No namespace uses tag ${tag}.`);
    return;
  }
  // Fresh read: right after a move the tree may not have seen the new webhook yet.
  const controlPlane = new ControlPlaneCache(cluster.client);
  const snapshot = buildSnapshot(context, await readScopedInventory(cluster.client, namespaces, { controlPlane }));
  const { plan, paused } = planTagRestart(snapshot, tag, namespaces);
  if (paused.length) void vscode.window.showWarningMessage(`Paused, not restarted (resume them first): ${paused.flatMap((p) => p.names.map((n) => `${p.namespace}/${n}`)).join(', ')}`);
  const total = plan.namespaces.reduce((n, ns) => n + ns.restart.length, 0);
  if (total === 0) {
    void vscode.window.showInformationMessage(`Nothing to restart: every proxy in ${namespaces.join(', ')} already runs ${plan.target.revision || 'its target revision'}.`);
    return;
  }
  const list = plan.namespaces.flatMap((ns) => ns.restart.map((r) => `${r.kind} ${ns.namespace}/${r.name}`));
  const ok = await vscode.window.showWarningMessage(
    `Restart ${plural(total, 'workload')} in ${namespaces.join(', ')} onto ${tag} → ${plan.target.revision}?`,
    { modal: true, detail: `Each namespace is restarted, waited for and verified in turn.\n\n${list.join('\n')}` }, 'Restart');
  if (ok !== 'Restart') return;
  const outcome = await runWithProgress(`Restart namespaces of tag ${tag}`, (signal, onProgress, onNotice) =>
    runMigration({ client: cluster.client, journal: ctx.journal }, plan, { signal, onProgress, onNotice, command: 'restart', rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs, controlPlane }));
  reportOutcome(ctx, context, outcome);
}
