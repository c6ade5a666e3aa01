import * as vscode from 'vscode';
import type { TreeNode } from '../views/treeNode';
import { planInstall, revisionFromVersion, suggestedVersions, validateRevision, validateVersion } from '../mesh/installPlan';
import type { CommandContext } from './commandContext';
import { clusterOf } from './nodeArgs';
import { pickCluster } from './pickers';
import { findOnPath } from '../host/findOnPath';

/** Install a new revision next to the old ones: the IstioOperator YAML in an editor, the istioctl command to copy or run. */
export async function installRevisionHelper(ctx: CommandContext, node?: TreeNode, _nodes?: TreeNode[]): Promise<void> {
  const context = clusterOf(node) ?? (await pickCluster(ctx.fleet(), 'Install a new revision'));
  if (!context) return;
  const snapshot = ctx.fleet().cluster(context)?.snapshot;
  const suggestions = snapshot ? suggestedVersions(snapshot) : [];
  const version = await vscode.window.showInputBox({
    title: `Install a new Istio revision in ${context}`,
    prompt: `Istio version${suggestions.length ? ` (e.g. ${suggestions.join(', ')}; canary upgrades may skip one minor)` : ''}`,
    value: suggestions[0] ?? '',
    validateInput: (v) => validateVersion(v) ?? null,
  });
  if (!version) return;
  const revision = await vscode.window.showInputBox({
    title: `Revision name for Istio ${version.trim()}`,
    prompt: 'A DNS-1123 label: dots are not allowed (Istio requires 1.24.2 → 1-24-2)',
    value: revisionFromVersion(version),
    validateInput: (v) => validateRevision(v.trim(), snapshot) ?? null,
  });
  if (!revision) return;
  const planned = planInstall(snapshot, { version, revision, context });
  if (!planned.ok) {
    void vscode.window.showWarningMessage(planned.error, { modal: true });
    return;
  }
  const plan = planned.plan;
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: plan.iopYaml });
  await vscode.window.showTextDocument(doc, { preview: false });
  const istioctl = findOnPath('istioctl');
  const actions = istioctl ? ['Copy Command', 'Run in Terminal'] : ['Copy Command'];
  const choice = await vscode.window.showInformationMessage(`Install Istio ${plan.version} as revision ${plan.revision}: ${plan.istioctl}${istioctl ? '' : ' (istioctl is not on PATH)'}`, ...actions);
  if (choice === 'Copy Command') {
    await vscode.env.clipboard.writeText(plan.istioctl);
    return;
  }
  if (choice === 'Run in Terminal' && istioctl) {
    const ok = await vscode.window.showWarningMessage(`Run istioctl install for revision ${plan.revision} against ${context}?`, { modal: true, detail: `${istioctl} ${plan.istioctlArgs.join(' ')}\n\nMake sure this istioctl is version ${plan.version}: istioctl installs its own version.` }, 'Run');
    if (ok !== 'Run') return;
    const terminal = vscode.window.createTerminal({ name: `istioctl install ${plan.revision}`, shellPath: istioctl, shellArgs: plan.istioctlArgs });
    terminal.show();
  }
}
