import * as vscode from 'vscode';
import { TreeNode, markdown, themeIcon } from './treeNode';
import { severityText } from './healthNode';

export type MessageSeverity = 'info' | 'warning' | 'error';

/** A leaf that explains something: an error, an empty state, a hint. */
export class MessageNode extends TreeNode {
  constructor(
    id: string,
    parent: TreeNode | undefined,
    private label: string,
    private severity: MessageSeverity,
    private tooltip?: string,
    private contextValue = 'istioCanary.message',
  ) {
    super(id, parent);
  }

  refreshFrom(fresh: this): void {
    this.label = fresh.label;
    this.severity = fresh.severity;
    this.tooltip = fresh.tooltip;
    this.contextValue = fresh.contextValue;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.contextValue = this.contextValue;
    item.iconPath = this.severity === 'error'
      ? themeIcon('error', 'errorForeground')
      : this.severity === 'warning' ? themeIcon('warning', 'charts.yellow') : themeIcon('info');
    if (this.tooltip) item.tooltip = markdown(this.tooltip);
    item.accessibilityInformation = { label: `${severityText(this.severity)}: ${this.label}` };
    return item;
  }
}
