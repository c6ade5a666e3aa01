import * as vscode from 'vscode';
import type { TreeNode } from '../views/treeNode';
import type { CommandContext } from './commandContext';
import { clusterOf, namespaceSelection, revisionOrTag, selectedNodes } from './nodeArgs';
import { pickCluster } from './pickers';

/** Opens the Proxy versions panel for a cluster, a revision/tag or namespaces (from the tree or the palette). */
export async function showProxyVersions(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[]): Promise<void> {
  const selection = namespaceSelection(selectedNodes(node, nodes));
  const rev = revisionOrTag(node);
  const context = selection?.context ?? rev?.context ?? clusterOf(node) ?? (await pickCluster(ctx.fleet(), vscode.l10n.t('Proxy versions')));
  if (!context) return;
  const snapshot = ctx.fleet().cluster(context)?.snapshot;
  const revision = rev ? snapshot?.tags.find((t) => t.name === rev.target)?.revision ?? rev.target : undefined;
  const title = selection ? vscode.l10n.t('Proxy versions — {0} / {1}', context, selection.namespaces.join(', '))
    : revision ? vscode.l10n.t('Proxy versions — {0} / {1}', context, revision) : vscode.l10n.t('Proxy versions — {0}', context);
  ctx.showProxyVersions(context, { namespaces: selection?.namespaces, revision }, title);
}
