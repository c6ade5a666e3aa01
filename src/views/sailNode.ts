import * as vscode from 'vscode';
import type { SailIstioView, SailRevisionView, SailTagView, SailView } from '../mesh/model';
import { TreeNode, markdown, themeIcon } from './treeNode';
import {
  sailIstioDescription, sailIstioLabel, sailIstioTooltip, sailRevisionDescription, sailRevisionTooltip, sailTagDescription,
} from './ownerNodeText';

/** One IstioRevision as Sail sees it, flagged where its "in use" and ours disagree. */
class SailRevisionNode extends TreeNode {
  constructor(parent: TreeNode, public revision: SailRevisionView) {
    super(`${parent.id}/rev/${revision.name}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.revision = fresh.revision;
  }

  getTreeItem(): vscode.TreeItem {
    const r = this.revision;
    const item = new vscode.TreeItem(r.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = sailRevisionDescription(r);
    item.tooltip = markdown(sailRevisionTooltip(r));
    item.contextValue = `istioCanary.sailRevision${r.disagreement ? ' disagrees' : ''}`;
    item.iconPath = r.disagreement ? themeIcon('warning', 'charts.yellow') : themeIcon('circle-large');
    item.accessibilityInformation = { label: `Sail IstioRevision ${r.name}, ${item.description}` };
    return item;
  }
}

class SailTagNode extends TreeNode {
  constructor(parent: TreeNode, public tag: SailTagView) {
    super(`${parent.id}/tag/${tag.name}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.tag = fresh.tag;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.tag.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = sailTagDescription(this.tag);
    item.contextValue = 'istioCanary.sailTag';
    item.iconPath = themeIcon('tag');
    item.accessibilityInformation = { label: `Sail IstioRevisionTag ${this.tag.name}, ${item.description}` };
    return item;
  }
}

/**
 * "Sail: Istio default" beside our revisions: the Sail Operator's own view of the control plane, with its
 * IstioRevisions and the IstioRevisionTags that point at it or its revisions.
 */
export class SailIstioNode extends TreeNode {
  constructor(parent: TreeNode, public istio: SailIstioView, private revisions: readonly SailRevisionView[], private tags: readonly SailTagView[]) {
    super(`${parent.id}/sail/${istio.name}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.istio = fresh.istio;
    this.revisions = fresh.revisions;
    this.tags = fresh.tags;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(sailIstioLabel(this.istio), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = sailIstioDescription(this.istio, this.revisions);
    item.tooltip = markdown(sailIstioTooltip(this.istio));
    item.contextValue = `istioCanary.sail${this.revisions.some((r) => r.disagreement) ? ' disagrees' : ''}`;
    item.iconPath = this.revisions.some((r) => r.disagreement) ? themeIcon('warning', 'charts.yellow') : themeIcon('layers');
    item.accessibilityInformation = { label: `${sailIstioLabel(this.istio)}, ${item.description}` };
    return item;
  }

  override getChildren(): TreeNode[] {
    return [...this.tags.map((t) => new SailTagNode(this, t)), ...this.revisions.map((r) => new SailRevisionNode(this, r))];
  }
}

/** The Sail nodes of a cluster: one per Istio resource; IstioRevisions/Tags of no Istio go under an "(other)" one. */
export function sailNodes(parent: TreeNode, view: SailView | undefined): SailIstioNode[] {
  if (!view) return [];
  const nodes: SailIstioNode[] = [];
  const claimed = new Set<string>();
  for (const istio of view.istios) {
    const revisions = view.revisions.filter((r) => r.istio === istio.name);
    const names = new Set(revisions.map((r) => r.name));
    const tags = view.tags.filter((t) => (t.targetKind === 'Istio' && t.targetName === istio.name) || (t.revision !== undefined && names.has(t.revision)));
    for (const r of revisions) claimed.add(`r/${r.name}`);
    for (const t of tags) claimed.add(`t/${t.name}`);
    nodes.push(new SailIstioNode(parent, istio, revisions, tags));
  }
  const revisions = view.revisions.filter((r) => !claimed.has(`r/${r.name}`));
  const tags = view.tags.filter((t) => !claimed.has(`t/${t.name}`));
  // An empty name stands for "no Istio resource" (ownerNodeText labels it so).
  if (revisions.length || tags.length) nodes.push(new SailIstioNode(parent, { name: '', revisions: {} }, revisions, tags));
  return nodes;
}
