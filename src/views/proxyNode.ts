import * as vscode from 'vscode';
import type { Proxy } from '../mesh/model';
import { TreeNode, markdown, themeIcon } from './treeNode';
import { proxyDescription, proxyTooltip } from './nodeText';

export class ProxyNode extends TreeNode {
  constructor(parent: TreeNode, public proxy: Proxy) {
    super(`${parent.id}/pod/${proxy.pod}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.proxy = fresh.proxy;
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.proxy;
    const item = new vscode.TreeItem(p.pod, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = proxyDescription(p);
    item.tooltip = markdown(proxyTooltip(p));
    item.contextValue = `istioCanary.pod${p.needsRestart ? ' stale' : ''}${p.injected ? ' injected' : ''}`;
    item.iconPath = p.needsRestart ? themeIcon('warning', 'charts.yellow') : themeIcon(p.injected ? 'circle-filled' : 'circle-outline');
    item.accessibilityInformation = { label: vscode.l10n.t('pod {0}, {1}', p.pod, item.description) };
    return item;
  }
}
