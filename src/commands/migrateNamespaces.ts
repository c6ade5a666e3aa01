import * as vscode from 'vscode';
import { planMigration } from '../mesh/migrationPlan';
import type { TreeNode } from '../views/treeNode';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf, namespaceSelection, revisionOrTag, selectedNodes } from './nodeArgs';
import { pickCluster, pickNamespaces, pickTarget } from './pickers';
import { executeMigration } from './executeMigration';

/**
 * Migrate namespace(s) to a revision or tag. From namespace nodes (multi-select), from a revision/tag node
 * ("Migrate namespaces here…"), or from the palette with quick picks.
 */
export async function migrateNamespaces(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[]): Promise<void> {
  const selection = namespaceSelection(selectedNodes(node, nodes));
  const preset = revisionOrTag(node);
  const context = selection?.context ?? preset?.context ?? clusterOf(node) ?? (await pickCluster(ctx.fleet(), vscode.l10n.t('Migrate namespaces')));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const target0 = preset?.target;
  const namespaces = selection?.namespaces ?? (await pickNamespaces(cluster.snapshot, target0 ? vscode.l10n.t('Migrate namespaces of {0} to {1}', context, target0) : vscode.l10n.t('Migrate namespaces of {0}', context),
    (ns) => !target0 || (ns.labels['istio.io/rev'] !== target0) || ns.workloads.some((w) => w.pods.some((p) => p.needsRestart))));
  if (!namespaces) return;
  const current = new Set(cluster.snapshot.namespaces.filter((n) => namespaces.includes(n.name)).flatMap((n) => [n.target?.tag, n.target?.revision].filter((x): x is string => !!x)));
  const target = target0 ?? (await pickTarget(cluster.snapshot, current, vscode.l10n.t('Migrate {0} to…', namespaces.join(', '))));
  if (!target) return;
  const planned = planMigration(context, cluster.inventory, namespaces, target);
  if (!planned.ok) {
    void vscode.window.showErrorMessage(planned.error);
    return;
  }
  await executeMigration(ctx, cluster, planned.plan, { title: vscode.l10n.t('Migrate') });
}
