/** The real quick inputs for multiStepInput.ts. */
import * as vscode from 'vscode';
import type { QuickInputHost } from './multiStepInput';

export const vscodeQuickInput: QuickInputHost = {
  createQuickPick: () => vscode.window.createQuickPick(),
  createInputBox: () => vscode.window.createInputBox(),
  get back() {
    return vscode.QuickInputButtons.Back;
  },
};
