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
    item.description = vscode.l10n.t('✖ kubeconfig not readable: {0}', this.error.message);
    item.tooltip = markdown([
      vscode.l10n.t('**Kubeconfig {0}** could not be read:', `\`${this.error.path}\``),
      md(this.error.message),
      vscode.l10n.t('The contexts of the other kubeconfig files are still shown.'),
    ].join('\n\n'));
    item.contextValue = 'istioCanary.kubeconfigError';
    item.iconPath = themeIcon('error', 'errorForeground');
    item.resourceUri = vscode.Uri.file(this.error.path);
    item.command = { command: 'vscode.open', title: vscode.l10n.t('Open kubeconfig'), arguments: [vscode.Uri.file(this.error.path)] };
    return item;
  }
}
