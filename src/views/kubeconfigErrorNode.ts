import * as vscode from 'vscode';
import * as path from 'node:path';
import type { KubeconfigFileError } from '../fleet/clusterState';
import { TreeNode, markdown, themeIcon } from './treeNode';
import { md } from './nodeText';

/** A kubeconfig file that could not be read; the contexts of the other files still load. */
export class KubeconfigErrorNode extends TreeNode {
  constructor(private error: KubeconfigFileError) {
    super(`kubeconfig/${error.path}`, undefined);
  }

  refreshFrom(fresh: this): void {
    this.error = fresh.error;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(path.basename(this.error.path), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `✖ kubeconfig not readable: ${this.error.message}`;
    item.tooltip = markdown(`**Kubeconfig \`${this.error.path}\`** could not be read:\n\n${md(this.error.message)}\n\nThe contexts of the other kubeconfig files are still shown.`);
    item.contextValue = 'istioCanary.kubeconfigError';
    item.iconPath = themeIcon('error', 'errorForeground');
    item.resourceUri = vscode.Uri.file(this.error.path);
    item.command = { command: 'vscode.open', title: 'Open kubeconfig', arguments: [vscode.Uri.file(this.error.path)] };
    return item;
  }
}
