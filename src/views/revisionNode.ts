import * as vscode from 'vscode';
import type { NamespaceBinding } from '../mesh/model';
import type { NamespaceLock } from '../mesh/leaseObject';
import { TreeNode, markdown, themeIcon } from './treeNode';
import { revisionDescription, revisionTooltip } from './nodeText';
import type { RevisionPlacement } from './treeLayout';
import { TagNode } from './tagNode';
import { NamespaceNode } from './namespaceNode';

const EXPAND_UP_TO_ROWS = 50;

export class RevisionNode extends TreeNode {
  constructor(
    parent: TreeNode, readonly context: string, public placement: RevisionPlacement, private allNamespaces: readonly NamespaceBinding[],
    private locks: ReadonlyMap<string, NamespaceLock> = new Map(),
  ) {
    super(`${parent.id}/rev/${placement.revision.name}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.placement = fresh.placement;
    this.allNamespaces = fresh.allNamespaces;
    this.locks = fresh.locks;
  }

  getTreeItem(): vscode.TreeItem {
    const rev = this.placement.revision;
    // Open by default, unless it would fill the view with hundreds of namespaces (VS Code then keeps the user's choice).
    const rows = this.placement.tags.length + this.placement.namespaces.length;
    const item = new vscode.TreeItem(rev.name, rows <= EXPAND_UP_TO_ROWS ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = revisionDescription(rev);
    item.tooltip = markdown(revisionTooltip(rev));
    const tokens = ['istioCanary.revision'];
    if (rev.isDefault) tokens.push('default');
    tokens.push(rev.inUse.length ? 'inUse' : 'unused');
    if (rev.external) tokens.push('external');
    // Sail renders it: its upgrade is a change of the Istio resource's spec.version (Change Istio Version).
    if (rev.managedBy?.kind === 'sail') tokens.push('sail');
    item.contextValue = tokens.join(' ');
    const healthy = rev.external || (rev.desiredReplicas > 0 && rev.readyReplicas >= rev.desiredReplicas);
    item.iconPath = healthy ? themeIcon(rev.isDefault ? 'star-full' : 'circle-large-filled') : themeIcon('warning', 'charts.yellow');
    item.accessibilityInformation = { label: vscode.l10n.t('revision {0}, {1}', rev.name, item.description) };
    return item;
  }

  override getChildren(): TreeNode[] {
    const tags = this.placement.tags.map((t) => new TagNode(this, this.context, t, this.allNamespaces));
    const namespaces = this.placement.namespaces.map((p) => new NamespaceNode(this, this.context, p, this.placement.revision.version, this.locks.get(p.namespace.name)));
    return [...tags, ...namespaces];
  }
}
