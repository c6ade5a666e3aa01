import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import { clusterOf } from './nodeArgs';
import type { TreeNode } from '../views/treeNode';

/** Connects a context that is listed but not connected (from its node, or picked from the palette). */
export async function connectCluster(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const context = clusterOf(node) ?? await pickIdle(ctx);
  if (context) await ctx.connectCluster(context);
}

/** Stops a context's watches; it is listed as not connected again and not reconnected at the next start. */
export function disconnectCluster(ctx: CommandContext, node?: TreeNode): void {
  const context = clusterOf(node);
  if (context) ctx.disconnectCluster(context);
}

async function pickIdle(ctx: CommandContext): Promise<string | undefined> {
  const idle = ctx.fleet().clusters().filter((c) => c.status === 'idle');
  if (idle.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Every cluster of your kubeconfig is connected.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    idle.map((c) => ({ label: c.context, description: c.authHint ? vscode.l10n.t('connecting runs {0}', c.authHint) : c.server })),
    { title: vscode.l10n.t('Connect to a cluster'), placeHolder: vscode.l10n.t('Context') },
  );
  return pick?.label;
}
