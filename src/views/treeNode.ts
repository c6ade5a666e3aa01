import * as vscode from 'vscode';

/** Base of every tree node: a stable id, a parent pointer (for reveal/getParent), lazily built children. */
export abstract class TreeNode {
  constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
  ) {}

  abstract getTreeItem(): vscode.TreeItem;

  getChildren(): TreeNode[] {
    return [];
  }
}

export function markdown(text: string): vscode.MarkdownString {
  const m = new vscode.MarkdownString(text, true);
  m.isTrusted = false;
  m.supportHtml = false;
  return m;
}

export function themeIcon(id: string, color?: string): vscode.ThemeIcon {
  return color ? new vscode.ThemeIcon(id, new vscode.ThemeColor(color)) : new vscode.ThemeIcon(id);
}
