import * as vscode from 'vscode';
import type { ClusterState } from '../fleet/clusterState';
import { TreeNode, markdown, themeIcon } from './treeNode';
import { clusterDescription, clusterTooltip } from './nodeText';
import { failureText } from '../fleet/failureText';
import { layoutCluster } from './treeLayout';
import { RevisionNode } from './revisionNode';
import { GroupNode } from './groupNode';
import { MessageNode } from './messageNode';
import { GatewaysNode } from './gatewaysNode';
import { HealthNode } from './healthNode';
import { locksByNamespace } from './lockText';
import { sailNodes } from './sailNode';

export interface ClusterNodeOptions {
  showSystemNamespaces: boolean;
}

export function clusterNodeId(context: string): string {
  return `cluster/${context}`;
}

/** One kubeconfig context: the root of its revisions, health, gateways and groups. */
export class ClusterNode extends TreeNode {
  constructor(public state: ClusterState, private readonly options: () => ClusterNodeOptions) {
    super(clusterNodeId(state.context), undefined);
  }

  get context(): string {
    return this.state.context;
  }

  refreshFrom(fresh: this): void {
    this.state = fresh.state;
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.state;
    const item = new vscode.TreeItem(s.context, s.isCurrent || s.status === 'error'
      ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = clusterDescription(s);
    item.tooltip = markdown(clusterTooltip(s));
    item.contextValue = `istioCanary.cluster ${s.status}${s.isCurrent ? ' current' : ''}`;
    item.iconPath = s.status === 'error' ? themeIcon('error', 'errorForeground')
      : s.status === 'loading' ? themeIcon('loading~spin')
        : s.status === 'idle' ? themeIcon('debug-disconnect') : themeIcon('server-environment');
    item.accessibilityInformation = { label: vscode.l10n.t('cluster {0}, {1}', s.context, item.description) };
    return item;
  }

  override getChildren(): TreeNode[] {
    const s = this.state;
    // Expanding an idle cluster connects it (the view's onDidExpandElement); until then say what will happen.
    if (s.status === 'idle') return [new MessageNode(`${this.id}/idle`, this, vscode.l10n.t('Connecting…'), 'info')];
    if (s.status === 'loading') return [new MessageNode(`${this.id}/loading`, this, vscode.l10n.t('Loading…'), 'info')];
    if (s.status === 'error' || !s.snapshot) {
      const e = s.error;
      const label = e ? failureText(e) : vscode.l10n.t('Could not read the cluster');
      const tip = e?.remedy ? `${e.message}\n\n${e.remedy}` : label;
      return [new MessageNode(`${this.id}/error`, this, label, 'error', tip, 'istioCanary.clusterError')];
    }
    const snapshot = s.snapshot;
    if (snapshot.revisions.length === 0) {
      return [new MessageNode(`${this.id}/noIstio`, this, vscode.l10n.t('Istio not found: no istiod Deployment and no sidecar-injector webhook'), 'info')];
    }
    const layout = layoutCluster(snapshot, this.options());
    const locks = locksByNamespace(s.locks);
    const nodes: TreeNode[] = layout.revisions.map((r) => new RevisionNode(this, s.context, r, snapshot.namespaces, locks));
    nodes.push(...sailNodes(this, snapshot.owners?.sail));
    if (s.findings) nodes.push(new HealthNode(this, s.context, s.findings));
    if (s.gateways?.length) nodes.push(new GatewaysNode(this, s.context, s.gateways));
    if (layout.orphans.length) nodes.push(new GroupNode(this, s.context, 'orphans', [], layout.orphans, locks));
    if (layout.conflicts.length) nodes.push(new GroupNode(this, s.context, 'conflicts', layout.conflicts, [], locks));
    if (layout.ambient.length) nodes.push(new GroupNode(this, s.context, 'ambient', layout.ambient, [], locks));
    if (layout.notInMesh.length) nodes.push(new GroupNode(this, s.context, 'notInMesh', layout.notInMesh, [], locks));
    for (const [i, w] of snapshot.warnings.slice(0, 20).entries()) {
      nodes.push(new MessageNode(`${this.id}/warning/${i}`, this, w, 'warning'));
    }
    return nodes;
  }
}
