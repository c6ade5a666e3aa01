import type * as vscode from 'vscode';
import type { TreeNode } from './treeNode';
import type { RevisionTreeProvider } from './revisionTreeProvider';
import { clusterNodeId } from './clusterNode';

const ATTEMPTS = 5;

/**
 * Shows the Istio Upgrades view (reveal opens it) and selects a cluster's row, or one of its revisions. False when
 * the cluster is not listed. A view that was hidden while the tree changed re-reads it when shown, and a reveal
 * during that read fails ("Data tree node not found"): it is tried again a few times.
 */
export async function revealCluster(view: Pick<vscode.TreeView<TreeNode>, 'reveal'>, tree: Pick<RevisionTreeProvider, 'readChildren'>, context: string, revision?: string, retryMs = 300): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const cluster = tree.readChildren().find((n) => n.id === clusterNodeId(context));
    if (!cluster) return false;
    const target = revision ? tree.readChildren(cluster).find((n) => n.id === `${cluster.id}/rev/${revision}`) ?? cluster : cluster;
    try {
      await view.reveal(target, { select: true, focus: true, expand: target === cluster });
      return true;
    } catch (e) {
      if (attempt >= ATTEMPTS) throw e;
      await new Promise((r) => setTimeout(r, retryMs));
    }
  }
}
