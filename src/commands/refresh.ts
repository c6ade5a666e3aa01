import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';

/** Re-reads the kubeconfig files and relists every cluster (the watches normally make this unnecessary). */
export async function refresh(ctx: CommandContext): Promise<void> {
  await vscode.window.withProgress(
    { location: { viewId: 'istioCanary.revisions' }, title: vscode.l10n.t('Refreshing Istio revisions') },
    () => ctx.reloadAll(),
  );
}
