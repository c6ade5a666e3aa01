import * as vscode from 'vscode';
import type { SailIstioView, SailRevisionView, SailTagView, SailView } from '../mesh/model';
import { TreeNode, markdown, themeIcon } from './treeNode';
import {
  sailIstioDescription, sailIstioLabel, sailIstioTooltip, sailRevisionDescription, sailRevisionTooltip, sailTagDescription,
} from './ownerNodeText';

interface LeafText {
  label: string;
  description: string;
  tooltip?: string;
  contextValue: string;
  icon: vscode.ThemeIcon;
  accessibility: string;
}

/** An IstioRevision (flagged where Sail's "in use" and ours disagree) or an IstioRevisionTag under a Sail node. */
class SailLeafNode extends TreeNode {
  constructor(parent: TreeNode, id: string, private text: LeafText) {
    super(`${parent.id}/${id}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.text = fresh.text;
  }

  getTreeItem(): vscode.TreeItem {
    const t = this.text;
    const item = new vscode.TreeItem(t.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = t.description;
    if (t.tooltip) item.tooltip = markdown(t.tooltip);
    item.contextValue = t.contextValue;
    item.iconPath = t.icon;
    item.accessibilityInformation = { label: `${t.accessibility}, ${t.description}` };
    return item;
  }
}

function revisionLeaf(parent: TreeNode, r: SailRevisionView): SailLeafNode {
  return new SailLeafNode(parent, `rev/${r.name}`, {
    label: r.name, description: sailRevisionDescription(r), tooltip: sailRevisionTooltip(r),
    contextValue: `istioCanary.sailRevision${r.disagreement ? ' disagrees' : ''}`,
    icon: r.disagreement ? themeIcon('warning', 'charts.yellow') : themeIcon('circle-large'),
    accessibility: vscode.l10n.t('Sail IstioRevision {0}', r.name),
  });
}

function tagLeaf(parent: TreeNode, t: SailTagView): SailLeafNode {
  return new SailLeafNode(parent, `tag/${t.name}`, {
    label: t.name, description: sailTagDescription(t), contextValue: 'istioCanary.sailTag', icon: themeIcon('tag'),
    accessibility: vscode.l10n.t('Sail IstioRevisionTag {0}', t.name),
  });
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
    return [...this.tags.map((t) => tagLeaf(this, t)), ...this.revisions.map((r) => revisionLeaf(this, r))];
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
