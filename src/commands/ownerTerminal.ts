/**
 * [Copy] and [Run in Terminal] for an owner's commands. The terminal gets the same kubeconfig files the extension
 * reads (KUBECONFIG) and each command as shell text built from its argument array (shellQuote: POSIX quoting), with
 * the tool's checked path in front. Refused outright when an argument holds a control character (it would act on
 * the terminal before the shell sees it) and on Windows, whose shells quote differently: copy the command there.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { shellCommand, terminalProblem } from '../mesh/shellQuote';
import { resolveTool, toolSetting, type ToolCheck } from '../host/commandTools';
import type { CommandContext } from './commandContext';

/** Why these commands cannot be run in a terminal here, or undefined. */
export function runProblem(commands: readonly (readonly string[])[]): string | undefined {
  if (process.platform === 'win32') return vscode.l10n.t('on Windows the terminal\'s shell quotes differently: copy the commands instead');
  return terminalProblem(commands);
}

export async function copyCommands(commands: readonly (readonly string[])[], extra: readonly string[] = []): Promise<void> {
  const text = [...commands.map((c) => shellCommand(c)), ...extra].join('\n');
  await vscode.env.clipboard.writeText(`${text}\n`);
  void vscode.window.showInformationMessage(commands.length === 1
    ? vscode.l10n.t('Copied the command to the clipboard.')
    : vscode.l10n.t('Copied {0} commands to the clipboard.', commands.length));
}

/**
 * Says why a checked tool cannot run (with "Open Settings" on its setting) and asks before running one whose version
 * does not fit. True: go on.
 */
export async function toolUsable(ctx: CommandContext, context: string, name: string, tool: ToolCheck): Promise<boolean> {
  const setting = toolSetting(name);
  if (!tool.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Not run: {0}.', tool.problem), ...(setting ? [vscode.l10n.t('Open Settings')] : [])).then((a) => {
      if (a && setting) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
    });
    return false;
  }
  if (tool.version) ctx.log.info(`[${context}] ${name} ${tool.version} at ${tool.path}`);
  if (!tool.warning) return true;
  ctx.log.warn(`[${context}] ${tool.warning}`);
  const runAnyway = vscode.l10n.t('Run Anyway');
  const openSettings = vscode.l10n.t('Open Settings');
  const a = await vscode.window.showWarningMessage(vscode.l10n.t('The {0} at {1} may not fit this cluster.', name, tool.path), { modal: true, detail: tool.warning }, runAnyway, ...(setting ? [openSettings] : []));
  if (a === openSettings && setting) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
  return a === runAnyway;
}

/** Checks every tool (helm, istioctl: its version), then types the commands into a new terminal, one line each. */
export async function runCommandsInTerminal(ctx: CommandContext, context: string, commands: readonly (readonly string[])[]): Promise<boolean> {
  const problem = runProblem(commands);
  if (problem) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Not run: {0}.', problem));
    return false;
  }
  const lines: string[] = [];
  const s = ctx.settings();
  const clusterVersions = (ctx.fleet().cluster(context)?.snapshot?.revisions ?? []).map((r) => r.version).filter((v): v is string => !!v);
  for (const argv of commands) {
    const tool = await resolveTool(argv[0], { helm: s.helmPath, istioctl: s.istioctlPath }, { clusterVersions });
    if (!(await toolUsable(ctx, context, argv[0], tool)) || !tool.ok) return false;
    lines.push(shellCommand([tool.path, ...argv.slice(1)]));
  }
  const terminal = vscode.window.createTerminal({
    name: vscode.l10n.t('Istio owner commands · {0}', context).slice(0, 80),
    env: { KUBECONFIG: ctx.fleet().kubeconfigPaths.join(path.delimiter) },
  });
  terminal.show();
  for (const line of lines) {
    ctx.log.info(`[${context}] terminal: ${line}`);
    terminal.sendText(line, true);
  }
  return true;
}
