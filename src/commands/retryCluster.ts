import type { CommandContext } from './commandContext';
import { ClusterNode } from '../views/clusterNode';
import type { TreeNode } from '../views/treeNode';

/** Reloads one cluster (from its node, or the cluster of any node below it). */
export async function retryCluster(ctx: CommandContext, node?: TreeNode): Promise<void> {
  let n: TreeNode | undefined = node;
  while (n && !(n instanceof ClusterNode)) n = n.parent;
  if (n instanceof ClusterNode) await ctx.fleet().reload(n.context);
  else await ctx.reloadAll();
}
