import * as vscode from 'vscode';
import type { TreeNode } from './treeNode';
import type { RevisionTreeProvider } from './revisionTreeProvider';
import { clusterNodeId } from './clusterNode';

/** Opens the Istio Upgrades view and selects a cluster's row (or one of its revisions). False when it is not listed. */
export async function revealCluster(view: vscode.TreeView<TreeNode>, tree: RevisionTreeProvider, context: string, revision?: string): Promise<boolean> {
  const cluster = tree.readChildren().find((n) => n.id === clusterNodeId(context));
  if (!cluster) return false;
  const target = revision ? tree.readChildren(cluster).find((n) => n.id === `${cluster.id}/rev/${revision}`) ?? cluster : cluster;
  await vscode.commands.executeCommand('workbench.view.extension.istioCanary');
  await view.reveal(target, { select: true, focus: true, expand: target === cluster });
  return true;
}
