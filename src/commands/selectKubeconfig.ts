import * as vscode from 'vscode';
import * as path from 'node:path';
import type { CommandContext } from './commandContext';

/** Lets the user pick kubeconfig file(s); stored in the machine-scoped `istioCanary.kubeconfig` setting. */
export async function selectKubeconfig(ctx: CommandContext): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: vscode.l10n.t('Use kubeconfig'),
    title: vscode.l10n.t('Select kubeconfig files'),
  });
  if (!picked?.length) return;
  const value = picked.map((u) => u.fsPath).join(path.delimiter);
  await vscode.workspace.getConfiguration('istioCanary').update('kubeconfig', value, vscode.ConfigurationTarget.Global);
  ctx.log.info(`kubeconfig set to ${value}`);
  await ctx.reloadAll();
}
