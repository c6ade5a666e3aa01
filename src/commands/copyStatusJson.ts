import * as vscode from 'vscode';
import { countText } from '../views/countText';
import type { CommandContext } from './commandContext';
import { toStatusJson } from '../mesh/statusJson';
import { ClusterNode } from '../views/clusterNode';
import type { TreeNode } from '../views/treeNode';

/** Copies the status JSON (the CLI's `status -o json` contract) of one cluster, or of all from the palette. */
export async function copyStatusJson(ctx: CommandContext, node?: TreeNode): Promise<void> {
  let n: TreeNode | undefined = node;
  while (n && !(n instanceof ClusterNode)) n = n.parent;
  const clusters = ctx.fleet().clusters().filter((c) => !(n instanceof ClusterNode) || c.context === n.context);
  const json = toStatusJson(clusters.map((c) => ({ context: c.context, snapshot: c.snapshot, error: c.error?.message })));
  await vscode.env.clipboard.writeText(JSON.stringify(json, null, 2));
  vscode.window.setStatusBarMessage(countText(clusters.length, (c) => vscode.l10n.t('Istio status of {0} cluster copied', c), (c) => vscode.l10n.t('Istio status of {0} clusters copied', c)), 3000);
}
