import * as vscode from 'vscode';
import { gatewayRevisionText, type GatewayInfo } from '../mesh/gateways';
import { TreeNode, markdown, themeIcon } from './treeNode';
import { countText } from './countText';
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
    const proxies = g.proxyVersions.length ? vscode.l10n.t('proxy {0}', g.proxyVersions.join(', ')) : vscode.l10n.t('no proxies');
    const owner = ownerDescription(g.managedBy);
    item.description = [g.revision ?? '?', proxies, vscode.l10n.t('{0}/{1} ready', g.readyReplicas, g.replicas), ...(owner ? [owner] : [])].join(' · ');
    const skew = g.proxyRevisions.some((r) => r !== g.revision);
    const versions = md(g.proxyVersions.join(', ') || vscode.l10n.t('none'));
    const proxiesLine = countText(g.podsWithProxy, (n) => vscode.l10n.t('Proxies: {0} on {1} pod', versions, n), (n) => vscode.l10n.t('Proxies: {0} on {1} pods', versions, n));
    item.tooltip = markdown([
      `${vscode.l10n.t('**Gateway {0}**', `${md(g.namespace)}/${md(g.name)}`)} (${g.style === 'iop' ? 'IstioOperator' : 'Helm istio/gateway'})`,
      '',
      vscode.l10n.t('Revision: {0}', md(gatewayRevisionText(g))),
      `${proxiesLine}${skew ? ` — ${vscode.l10n.t('some pods run another revision: restart to pick up the new one')}` : ''}`,
      vscode.l10n.t('Services: {0}', md(g.services.join(', ') || vscode.l10n.t('none known'))),
      ...ownerTooltipLines(g.managedBy),
      ...(g.templateIgnored ? ['', vscode.l10n.t('⚠ Its pod-template istio.io/rev={0} is ignored: the namespace binding wins.', md(g.templateRevision ?? ''))] : []),
    ].join('\n\n'));
    const tokens = ['istioCanary.gateway', g.style, g.revisionSource];
    if (g.ready) tokens.push('ready');
    if (g.services.length) tokens.push('serving');
    if (skew) tokens.push('stale');
    item.contextValue = tokens.join(' ');
    item.iconPath = !g.ready ? themeIcon('warning', 'charts.yellow') : themeIcon(skew ? 'sync' : 'globe');
    item.accessibilityInformation = { label: vscode.l10n.t('gateway {0}, {1}', g.name, item.description) };
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
    const item = new vscode.TreeItem(vscode.l10n.t('Gateways'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const revisions = [...new Set(this.gateways.map((g) => g.revision ?? '?'))].sort();
    item.description = `${countText(this.gateways.length, (n) => vscode.l10n.t('{0} gateway', n), (n) => vscode.l10n.t('{0} gateways', n))} · ${revisions.join(', ')}`;
    item.contextValue = 'istioCanary.group gateways';
    item.iconPath = themeIcon('globe');
    return item;
  }

  override getChildren(): TreeNode[] {
    return this.gateways.map((g) => new GatewayNode(this, this.context, g));
  }
}
