/**
 * [Copy] and [Run in Terminal] for an owner's commands. The terminal gets the same kubeconfig files the extension
 * reads (KUBECONFIG) and each command as shell text built from its argument array (shellQuote: POSIX quoting), with
 * the tool's checked path in front. Refused outright when an argument holds a control character (it would act on
 * the terminal before the shell sees it) and on Windows, whose shells quote differently: copy the command there.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { shellCommand, terminalProblem } from '../mesh/shellQuote';
import { resolveTool } from '../host/commandTools';
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

/** Checks every tool (helm: its version), then types the commands into a new terminal, one line each. */
export async function runCommandsInTerminal(ctx: CommandContext, context: string, commands: readonly (readonly string[])[]): Promise<boolean> {
  const problem = runProblem(commands);
  if (problem) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Not run: {0}.', problem));
    return false;
  }
  const lines: string[] = [];
  for (const argv of commands) {
    const tool = await resolveTool(argv[0], ctx.settings().helmPath);
    if (!tool.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Not run: {0}.', tool.problem), vscode.l10n.t('Open Settings')).then((a) => {
        if (a) void vscode.commands.executeCommand('workbench.action.openSettings', 'istioCanary.helmPath');
      });
      return false;
    }
    if (tool.version) ctx.log.info(`[${context}] ${argv[0]} ${tool.version} at ${tool.path}`);
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
