import * as vscode from 'vscode';
import type { TreeNode } from '../views/treeNode';
import { planInstall, revisionFromVersion, suggestedVersions, validateRevision, validateVersion } from '../mesh/installPlan';
import type { CommandContext } from './commandContext';
import { clusterOf } from './nodeArgs';
import { pickCluster } from './pickers';
import { checkIstioctl } from '../host/commandTools';
import { toolUsable } from './ownerTerminal';
import { installMethodOf, type InstallMethod, type InstallMethodGuess } from '../mesh/installMethod';
import { installWithHelm, installWithSail } from './installPaths';

const METHODS = (): Record<InstallMethod, { label: string; detail: string }> => ({
  sail: { label: vscode.l10n.t('Sail Operator'), detail: vscode.l10n.t('The Istio resource, RevisionBased: a new spec.version installs the next revision beside the running one') },
  helm: { label: vscode.l10n.t('Helm'), detail: vscode.l10n.t('istio-base first, then istiod-<revision> with revision=<revision>; later defaultRevision and helm uninstall of the old release') },
  istioctl: { label: vscode.l10n.t('istioctl / IstioOperator'), detail: vscode.l10n.t('istioctl install --set revision=<revision>, with an IstioOperator to review') },
});

/** The way to install, the one matching how the cluster was installed first. */
async function pickMethod(guess: InstallMethodGuess, context: string): Promise<InstallMethod | undefined> {
  const order: InstallMethod[] = [guess.method, ...(['helm', 'sail', 'istioctl'] as const).filter((m) => m !== guess.method)];
  const methods = METHODS();
  const pick = await vscode.window.showQuickPick(order.map((m) => ({
    label: methods[m].label, description: m === guess.method ? vscode.l10n.t('matches how {0} was installed: {1}', context, guess.why) : undefined, detail: methods[m].detail, method: m,
  })), { title: vscode.l10n.t('Install a new Istio revision in {0}: how?', context) });
  return pick?.method;
}

/** Install a new revision next to the old ones, the way the cluster was installed: Helm, Sail, or istioctl (IstioOperator YAML + command). */
export async function installRevisionHelper(ctx: CommandContext, node?: TreeNode, _nodes?: TreeNode[]): Promise<void> {
  const context = clusterOf(node) ?? (await pickCluster(ctx.fleet(), vscode.l10n.t('Install a new revision')));
  if (!context) return;
  const snapshot = ctx.fleet().cluster(context)?.snapshot;
  const guess = installMethodOf(snapshot);
  const method = await pickMethod(guess, context);
  if (!method) return;
  if (method === 'sail') {
    await installWithSail(ctx, context, snapshot);
    return;
  }
  const suggestions = snapshot ? suggestedVersions(snapshot) : [];
  const version = await vscode.window.showInputBox({
    title: vscode.l10n.t('Install a new Istio revision in {0}', context),
    prompt: suggestions.length ? vscode.l10n.t('Istio version (e.g. {0}; canary upgrades may skip one minor)', suggestions.join(', ')) : vscode.l10n.t('Istio version'),
    value: suggestions[0] ?? '',
    validateInput: (v) => validateVersion(v) ?? null,
  });
  if (!version) return;
  const revision = await vscode.window.showInputBox({
    title: vscode.l10n.t('Revision name for Istio {0}', version.trim()),
    prompt: vscode.l10n.t('A DNS-1123 label: dots are not allowed (Istio requires 1.24.2 → 1-24-2)'),
    value: revisionFromVersion(version),
    validateInput: (v) => validateRevision(v.trim(), snapshot) ?? null,
  });
  if (!revision) return;
  if (method === 'helm') {
    await installWithHelm(ctx, context, snapshot, guess, version.trim(), revision.trim());
    return;
  }
  const planned = planInstall(snapshot, { version, revision, context });
  if (!planned.ok) {
    void vscode.window.showWarningMessage(planned.error, { modal: true });
    return;
  }
  const plan = planned.plan;
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: plan.iopYaml });
  await vscode.window.showTextDocument(doc, { preview: false });
  const copy = vscode.l10n.t('Copy Command');
  const runInTerminal = vscode.l10n.t('Run in Terminal');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Install Istio {0} as revision {1}: {2}', plan.version, plan.revision, plan.istioctl), copy, runInTerminal);
  if (choice === copy) {
    await vscode.env.clipboard.writeText(plan.istioctl);
    return;
  }
  if (choice !== runInTerminal) return;
  // istioctl installs its own version: checked (istioCanary.istioctlPath or PATH) before a terminal runs it.
  const tool = await checkIstioctl(ctx.settings().istioctlPath, { installs: plan.version });
  if (!(await toolUsable(ctx, context, 'istioctl', tool)) || !tool.ok) return;
  const run = vscode.l10n.t('Run');
  const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Run istioctl install for revision {0} against {1}?', plan.revision, context), {
    modal: true,
    detail: `${tool.path} ${plan.istioctlArgs.join(' ')}\n\n${vscode.l10n.t('istioctl {0} installs its own version.', tool.version ?? '')}`,
  }, run);
  if (ok !== run) return;
  const terminal = vscode.window.createTerminal({ name: `istioctl install ${plan.revision}`, shellPath: tool.path, shellArgs: plan.istioctlArgs });
  terminal.show();
}
