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

export async function installWithHelm(ctx: CommandContext, context: string, snapshot: MeshSnapshot | undefined, guess: InstallMethodGuess, version: string, revision: string): Promise<void> {
  const planned = planHelmInstall(snapshot, { version, revision, context });
  if (!planned.ok) {
    void vscode.window.showWarningMessage(planned.error, { modal: true });
    return;
  }
  const plan = planned.plan;
  await showMarkdown(helmInstallMarkdown(context, plan, guess));
  const commands = plan.steps.map((s) => s.argv);
  const actions = runProblem(commands) ? ['Copy Commands'] : ['Copy Commands', 'Run in Terminal'];
  const choice = await vscode.window.showInformationMessage(
    `Install Istio ${plan.version} as revision ${plan.revision} with Helm: ${plan.steps.length} commands (the preview lists them, and what comes after the migration).`, ...actions);
  if (choice === 'Copy Commands') await copyCommands(commands, plan.later.map((s) => `# later: ${shellCommand(s.argv)}`));
  if (choice === 'Run in Terminal') {
    const ok = await vscode.window.showWarningMessage(`Run ${plan.steps.length} helm commands against ${context}?`, { modal: true, detail: commands.map((c) => shellCommand(c)).join('\n') }, 'Run');
    if (ok === 'Run') await runCommandsInTerminal(ctx, context, commands);
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
    title: `A new Sail Istio in ${context}`, prompt: 'The version, e.g. v1.25.2 (the Sail Operator must support it)',
    value: suggestion ? `v${suggestion}` : '', validateInput: (v) => (sailVersion(v) ? null : 'A version like v1.25.2'),
  });
  if (!version) return;
  const manifest = sailIstioManifest('default', version, snapshot?.revisions[0]?.istioNamespace);
  if (!manifest.ok) return;
  const apply = shellCommand(['kubectl', 'apply', '--context', context, '-f', 'this-file.yaml']);
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: `# ${apply}\n# Needs the Sail Operator (its CRDs sailoperator.io/v1) in the cluster.\n${manifest.yaml}` });
  await vscode.window.showTextDocument(doc, { preview: false });
  void vscode.window.showInformationMessage(`A RevisionBased Istio ${manifest.version}: save it and run ${apply}. Each later upgrade is a change of its spec.version.`);
}
