import * as vscode from 'vscode';
import type { NamespaceBinding } from '../mesh/model';
import { TreeNode, markdown, themeIcon } from './treeNode';
import { ambientNote, md, namespacesText } from './nodeText';
import { countText } from './countText';
import { ownerTooltipLines } from './ownerNodeText';
import type { NamespacePlacement } from './treeLayout';
import { NamespaceNode } from './namespaceNode';
import type { NamespaceLock } from '../mesh/leaseObject';
import { lockDescription, lockTooltip } from './lockText';

/** A leaf namespace inside "Not in mesh" / "Conflicts": name, why, and no workloads below. */
export class PlainNamespaceNode extends TreeNode {
  constructor(parent: TreeNode, readonly context: string, public ns: NamespaceBinding, private describe: (ns: NamespaceBinding) => string, private lock?: NamespaceLock) {
    super(`${parent.id}/ns/${ns.name}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.ns = fresh.ns;
    this.describe = fresh.describe;
    this.lock = fresh.lock;
  }

  get name(): string {
    return this.ns.name;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.ns.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [this.describe(this.ns), ...(this.lock ? [lockDescription(this.lock)] : [])].join(' · ');
    item.tooltip = markdown([
      vscode.l10n.t('**Namespace {0}**', md(this.ns.name)), md(this.ns.reason),
      ...(this.ns.conflict ? [`⚠ ${md(this.ns.conflict)}`] : []),
      ...ownerTooltipLines(this.ns.managedBy),
      ...(this.ns.ambient ? [ambientNote()] : []),
      ...(this.lock ? [lockTooltip(this.lock)] : []),
    ].join('\n\n'));
    item.contextValue = `istioCanary.namespace ${this.ns.state}${this.ns.conflict ? ' conflict' : ''}${this.lock ? ' locked' : ''}`;
    item.iconPath = this.ns.conflict || this.ns.state === 'dangling' ? themeIcon('warning', 'charts.yellow') : themeIcon('symbol-namespace');
    return item;
  }
}

export type GroupKind = 'notInMesh' | 'conflicts' | 'orphans' | 'ambient';

const GROUPS = (): Record<GroupKind, { label: string; icon: string; color?: string }> => ({
  ambient: { label: vscode.l10n.t('Ambient (no sidecars)'), icon: 'radio-tower' },
  notInMesh: { label: vscode.l10n.t('Not in mesh'), icon: 'circle-slash' },
  conflicts: { label: vscode.l10n.t('Conflicts'), icon: 'warning', color: 'charts.yellow' },
  orphans: { label: vscode.l10n.t('Proxies of unknown revisions'), icon: 'question', color: 'charts.yellow' },
});

export class GroupNode extends TreeNode {
  constructor(
    parent: TreeNode,
    readonly context: string,
    private readonly kind: GroupKind,
    private namespaces: readonly NamespaceBinding[],
    private placements: readonly NamespacePlacement[] = [],
    private locks: ReadonlyMap<string, NamespaceLock> = new Map(),
  ) {
    super(`${parent.id}/group/${kind}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.namespaces = fresh.namespaces;
    this.placements = fresh.placements;
    this.locks = fresh.locks;
  }

  getTreeItem(): vscode.TreeItem {
    const g = GROUPS()[this.kind];
    const item = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const n = this.kind === 'orphans' ? this.placements.length : this.namespaces.length;
    item.description = this.kind === 'conflicts'
      ? countText(n, (c) => vscode.l10n.t('{0} namespace with conflicting or dangling labels', c), (c) => vscode.l10n.t('{0} namespaces with conflicting or dangling labels', c))
      : this.kind === 'ambient' ? `${namespacesText(n)} · ${vscode.l10n.t('ztunnel upgrades in place')}` : namespacesText(n);
    if (this.kind === 'ambient') item.tooltip = markdown(ambientNote());
    item.contextValue = `istioCanary.group ${this.kind}`;
    item.iconPath = themeIcon(g.icon, g.color);
    return item;
  }

  override getChildren(): TreeNode[] {
    if (this.kind === 'orphans') return this.placements.map((p) => new NamespaceNode(this, this.context, p, undefined, this.locks.get(p.namespace.name)));
    const describe = this.kind === 'conflicts'
      ? (ns: NamespaceBinding) => ns.conflict ?? ns.reason
      : this.kind === 'ambient' ? () => 'istio.io/dataplane-mode=ambient'
        : (ns: NamespaceBinding) => (ns.state === 'disabled' ? 'istio-injection=disabled' : vscode.l10n.t('no injection label'));
    return this.namespaces.map((ns) => new PlainNamespaceNode(this, this.context, ns, describe, this.locks.get(ns.name)));
  }
}
