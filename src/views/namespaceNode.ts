import * as vscode from 'vscode';
import { TreeNode, markdown, themeIcon } from './treeNode';
import { countProxies, namespaceDescription, namespaceTooltip } from './nodeText';
import type { NamespacePlacement } from './treeLayout';
import { WorkloadNode } from './workloadNode';
import { MessageNode } from './messageNode';
import type { NamespaceLock } from '../mesh/leaseObject';
import { lockDescription, lockTooltip } from './lockText';

export class NamespaceNode extends TreeNode {
  constructor(parent: TreeNode, readonly context: string, public placement: NamespacePlacement, private targetVersion?: string, private lock?: NamespaceLock) {
    super(`${parent.id}/ns/${placement.namespace.name}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.placement = fresh.placement;
    this.targetVersion = fresh.targetVersion;
    this.lock = fresh.lock;
  }

  get name(): string {
    return this.placement.namespace.name;
  }

  getTreeItem(): vscode.TreeItem {
    const ns = this.placement.namespace;
    const counts = countProxies(this.placement.workloads);
    const item = new vscode.TreeItem(ns.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = [namespaceDescription(this.placement), ...(this.lock ? [lockDescription(this.lock)] : [])].join(' · ');
    item.tooltip = markdown([namespaceTooltip(ns, this.placement.podLevel), ...(this.lock ? [lockTooltip(this.lock)] : [])].join('\n\n'));
    const tokens = ['istioCanary.namespace', ns.state];
    if (this.lock) tokens.push('locked');
    if (this.placement.podLevel) tokens.push('podLevel');
    if (ns.target?.tag) tokens.push('viaTag');
    if (ns.conflict) tokens.push('conflict');
    if (counts.stale > 0) tokens.push('stale');
    item.contextValue = tokens.join(' ');
    item.iconPath = counts.stale > 0 || ns.conflict ? themeIcon('warning', 'charts.yellow') : themeIcon('symbol-namespace');
    item.accessibilityInformation = { label: vscode.l10n.t('namespace {0}, {1}', ns.name, item.description) };
    return item;
  }

  override getChildren(): TreeNode[] {
    const workloads = this.placement.workloads;
    if (workloads.length === 0) return [new MessageNode(`${this.id}/empty`, this, vscode.l10n.t('No workloads'), 'info')];
    return workloads.map((w) => new WorkloadNode(this, this.context, w, this.targetVersion));
  }
}
