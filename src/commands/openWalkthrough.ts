import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';

/** The walkthrough's id in package.json (contributes.walkthroughs). */
export const WALKTHROUGH_ID = 'gettingStarted';

/** Opens the Get Started walkthrough (`<publisher>.<name>#<walkthrough id>`). */
export async function openWalkthrough(ctx: CommandContext): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${ctx.extension.extension.id}#${WALKTHROUGH_ID}`, false);
}
