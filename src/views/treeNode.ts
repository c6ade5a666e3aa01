import * as vscode from 'vscode';

/**
 * Base of every tree node: a stable id, a parent pointer (for reveal/getParent), lazily built children.
 * Nodes are rebuilt from the snapshot on each getChildren; the provider keeps one instance per id (the one
 * VS Code holds) and moves a fresh node's data into it with refreshFrom (see nodeRegistry.ts).
 */
export abstract class TreeNode {
  constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
  ) {}

  abstract getTreeItem(): vscode.TreeItem;

  /** Takes over the data of `fresh`: a node built from a newer snapshot, with this id and class. */
  abstract refreshFrom(fresh: this): void;

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
