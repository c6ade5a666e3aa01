import * as vscode from 'vscode';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { countText } from '../views/countText';
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
  const target = await resolveTagTarget(ctx, node, vscode.l10n.t('Restart the namespaces of a tag'), vscode.l10n.t('Restart the namespaces using tag…'));
  if (!target) return;
  await restartNamespacesOfTag(ctx, target.cluster, target.tag);
}

/** Also the "Restart these namespaces now" action after a tag move. */
export async function restartNamespacesOfTag(ctx: CommandContext, cluster: LoadedCluster, tag: string, only?: string[]): Promise<void> {
  const context = cluster.client.context;
  const namespaces = only ?? namespacesUsingTag(cluster.inventory, tag, 'injected');
  if (namespaces.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No namespace uses tag {0}.', tag));
    return;
  }
  // Fresh read: right after a move the tree may not have seen the new webhook yet.
  const controlPlane = new ControlPlaneCache(cluster.client);
  const snapshot = buildSnapshot(context, await readScopedInventory(cluster.client, namespaces, { controlPlane }));
  const { plan, paused } = planTagRestart(snapshot, tag, namespaces);
  if (paused.length) void vscode.window.showWarningMessage(vscode.l10n.t('Paused, not restarted (resume them first): {0}', paused.flatMap((p) => p.names.map((n) => `${p.namespace}/${n}`)).join(', ')));
  const total = plan.namespaces.reduce((n, ns) => n + ns.restart.length, 0);
  if (total === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to restart: every proxy in {0} already runs {1}.', namespaces.join(', '), plan.target.revision || vscode.l10n.t('its target revision')));
    return;
  }
  const list = plan.namespaces.flatMap((ns) => ns.restart.map((r) => `${r.kind} ${ns.namespace}/${r.name}`));
  const restart = vscode.l10n.t('Restart');
  const names = namespaces.join(', ');
  const ok = await vscode.window.showWarningMessage(
    countText(total, (n) => vscode.l10n.t('Restart {0} workload in {1} onto {2} → {3}?', n, names, tag, plan.target.revision), (n) => vscode.l10n.t('Restart {0} workloads in {1} onto {2} → {3}?', n, names, tag, plan.target.revision)),
    { modal: true, detail: `${vscode.l10n.t('Each namespace is restarted, waited for and verified in turn.')}\n\n${list.join('\n')}` }, restart);
  if (ok !== restart) return;
  const outcome = await runWithProgress(vscode.l10n.t('Restart namespaces of tag {0}', tag), (signal, onProgress, onNotice) =>
    runMigration({ client: cluster.client, journal: ctx.journal }, plan, { signal, onProgress, onNotice, command: 'restart', rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs, controlPlane }));
  reportOutcome(ctx, context, outcome);
}
