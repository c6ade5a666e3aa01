/**
 * The Helm and Sail paths of the install helper (issue 13 item 5), beside istioctl: Helm — the commands in order
 * ([Copy Commands] [Run in Terminal]) with what comes after the migration; Sail — a version change of the existing
 * `Istio`, or a new RevisionBased `Istio` to apply when there is none yet.
 */
import * as vscode from 'vscode';
import type { MeshSnapshot } from '../mesh/model';
import { planHelmInstall } from '../mesh/helmInstallPlan';
import type { InstallMethodGuess } from '../mesh/installMethod';
import { suggestedVersions } from '../mesh/installPlan';
import { sailIstioManifest, sailVersion } from '../mesh/owners/sailWrites';
import { shellCommand } from '../mesh/shellQuote';
import { helmInstallMarkdown } from '../views/installMarkdown';
import { changeSailVersion } from './changeSailVersion';
import type { CommandContext } from './commandContext';
import { copyCommands, runCommandsInTerminal, runProblem } from './ownerTerminal';
import { showMarkdown } from './showMarkdown';
import { countText } from '../views/countText';

export async function installWithHelm(ctx: CommandContext, context: string, snapshot: MeshSnapshot | undefined, guess: InstallMethodGuess, version: string, revision: string): Promise<void> {
  const planned = planHelmInstall(snapshot, { version, revision, context });
  if (!planned.ok) {
    void vscode.window.showWarningMessage(planned.error, { modal: true });
    return;
  }
  const plan = planned.plan;
  await showMarkdown(helmInstallMarkdown(context, plan, guess));
  const commands = plan.steps.map((s) => s.argv);
  const copy = vscode.l10n.t('Copy Commands');
  const runInTerminal = vscode.l10n.t('Run in Terminal');
  const actions = runProblem(commands) ? [copy] : [copy, runInTerminal];
  const choice = await vscode.window.showInformationMessage(countText(plan.steps.length,
    (n) => vscode.l10n.t('Install Istio {0} as revision {1} with Helm: {2} command (the preview lists it, and what comes after the migration).', plan.version, plan.revision, n),
    (n) => vscode.l10n.t('Install Istio {0} as revision {1} with Helm: {2} commands (the preview lists them, and what comes after the migration).', plan.version, plan.revision, n)), ...actions);
  if (choice === copy) await copyCommands(commands, plan.later.map((s) => `# later: ${shellCommand(s.argv)}`));
  if (choice === runInTerminal) {
    const run = vscode.l10n.t('Run');
    const question = countText(plan.steps.length, (n) => vscode.l10n.t('Run {0} helm command against {1}?', n, context), (n) => vscode.l10n.t('Run {0} helm commands against {1}?', n, context));
    const ok = await vscode.window.showWarningMessage(question, { modal: true, detail: commands.map((c) => shellCommand(c)).join('\n') }, run);
    if (ok === run) await runCommandsInTerminal(ctx, context, commands);
  }
}

export async function installWithSail(ctx: CommandContext, context: string, snapshot: MeshSnapshot | undefined): Promise<void> {
  const istios = snapshot?.owners?.sail?.istios.filter((i) => i.name) ?? [];
  if (istios.length) {
    await changeSailVersion(ctx, undefined, { context, ...(istios.length === 1 ? { istio: istios[0].name } : {}) });
    return;
  }
  const suggestion = snapshot ? suggestedVersions(snapshot)[0] : undefined;
  const version = await vscode.window.showInputBox({
    title: vscode.l10n.t('A new Sail Istio in {0}', context),
    prompt: vscode.l10n.t('The version, e.g. v1.25.2 (the Sail Operator must support it)'),
    value: suggestion ? `v${suggestion}` : '',
    validateInput: (v) => (sailVersion(v) ? null : vscode.l10n.t('A version like v1.25.2')),
  });
  if (!version) return;
  const manifest = sailIstioManifest('default', version, snapshot?.revisions[0]?.istioNamespace);
  if (!manifest.ok) return;
  const apply = shellCommand(['kubectl', 'apply', '--context', context, '-f', 'this-file.yaml']);
  const needs = vscode.l10n.t('Needs the Sail Operator (its CRDs sailoperator.io/v1) in the cluster.');
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: `# ${apply}\n# ${needs}\n${manifest.yaml}` });
  await vscode.window.showTextDocument(doc, { preview: false });
  void vscode.window.showInformationMessage(vscode.l10n.t('A RevisionBased Istio {0}: save it and run {1}. Each later upgrade is a change of its spec.version.', manifest.version, apply));
}
