import * as vscode from 'vscode';
import type { NamespaceBinding, Tag } from '../mesh/model';
import { TreeNode, markdown, themeIcon } from './treeNode';
import { tagDescription, tagLabel, tagTooltip } from './nodeText';

export class TagNode extends TreeNode {
  constructor(parent: TreeNode, readonly context: string, public tag: Tag, private namespaces: readonly NamespaceBinding[]) {
    super(`${parent.id}/tag/${tag.name}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.tag = fresh.tag;
    this.namespaces = fresh.namespaces;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(tagLabel(this.tag), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = tagDescription(this.tag, this.namespaces);
    item.tooltip = markdown(tagTooltip(this.tag, this.namespaces));
    item.contextValue = `istioCanary.tag${this.tag.name === 'default' ? ' default' : ''}`;
    item.iconPath = themeIcon('tag');
    item.accessibilityInformation = { label: vscode.l10n.t('tag {0} pointing at revision {1}, {2}', this.tag.name, this.tag.revision, item.description) };
    return item;
  }
}
