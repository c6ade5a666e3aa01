import * as vscode from 'vscode';
import { gatewayRevisionText, type GatewayInfo } from '../mesh/gateways';
import { TreeNode, markdown, themeIcon } from './treeNode';
import { plural } from '../mesh/plural';
import { md } from './nodeText';
import { ownerDescription, ownerTooltipLines } from './ownerNodeText';

/** One gateway Deployment: its revision (and where that comes from), its proxies' versions, its Services. */
export class GatewayNode extends TreeNode {
  constructor(parent: TreeNode, readonly context: string, public gateway: GatewayInfo) {
    super(`${parent.id}/gw/${gateway.namespace}/${gateway.name}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.gateway = fresh.gateway;
  }

  getTreeItem(): vscode.TreeItem {
    const g = this.gateway;
    const item = new vscode.TreeItem(g.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    const proxies = g.proxyVersions.length ? `proxy ${g.proxyVersions.join(', ')}` : 'no proxies';
    const owner = ownerDescription(g.managedBy);
    item.description = `${g.revision ?? '?'} · ${proxies} · ${g.readyReplicas}/${g.replicas} ready${owner ? ` · ${owner}` : ''}`;
    const skew = g.proxyRevisions.some((r) => r !== g.revision);
    item.tooltip = markdown([
      `**Gateway ${md(g.namespace)}/${md(g.name)}** (${g.style === 'iop' ? 'IstioOperator' : 'Helm istio/gateway'})`,
      '',
      `Revision: ${md(gatewayRevisionText(g))}`,
      `Proxies: ${md(g.proxyVersions.join(', ') || 'none')} on ${plural(g.podsWithProxy, 'pod')}${skew ? ' — some pods run another revision: restart to pick up the new one' : ''}`,
      `Services: ${md(g.services.join(', ') || 'none known')}`,
      ...ownerTooltipLines(g.managedBy),
      ...(g.templateIgnored ? ['', `⚠ Its pod-template istio.io/rev=${md(g.templateRevision ?? '')} is ignored: the namespace binding wins.`] : []),
    ].join('\n\n'));
    const tokens = ['istioCanary.gateway', g.style, g.revisionSource];
    if (g.ready) tokens.push('ready');
    if (g.services.length) tokens.push('serving');
    if (skew) tokens.push('stale');
    item.contextValue = tokens.join(' ');
    item.iconPath = !g.ready ? themeIcon('warning', 'charts.yellow') : themeIcon(skew ? 'sync' : 'globe');
    item.accessibilityInformation = { label: `gateway ${g.name}, ${item.description}` };
    return item;
  }
}

/** "Gateways" under a cluster: every IOP or Helm gateway Deployment. */
export class GatewaysNode extends TreeNode {
  constructor(parent: TreeNode, readonly context: string, private gateways: readonly GatewayInfo[]) {
    super(`${parent.id}/gateways`, parent);
  }

  refreshFrom(fresh: this): void {
    this.gateways = fresh.gateways;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Gateways', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const revisions = [...new Set(this.gateways.map((g) => g.revision ?? '?'))].sort();
    item.description = `${plural(this.gateways.length, 'gateway')} · ${revisions.join(', ')}`;
    item.contextValue = 'istioCanary.group gateways';
    item.iconPath = themeIcon('globe');
    return item;
  }

  override getChildren(): TreeNode[] {
    return this.gateways.map((g) => new GatewayNode(this, this.context, g));
  }
}
