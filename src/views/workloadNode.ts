import * as vscode from 'vscode';
import type { Workload } from '../mesh/model';
import { TreeNode, themeIcon } from './treeNode';
import { workloadDescription } from './nodeText';
import { ProxyNode } from './proxyNode';

const ICONS: Record<string, string> = {
  Deployment: 'rocket', StatefulSet: 'database', DaemonSet: 'server-process', Pod: 'circle-large-outline', Job: 'run-all',
};

export class WorkloadNode extends TreeNode {
  constructor(parent: TreeNode, readonly context: string, public workload: Workload, private targetVersion?: string) {
    super(`${parent.id}/wl/${workload.kind}/${workload.name}`, parent);
  }

  refreshFrom(fresh: this): void {
    this.workload = fresh.workload;
    this.targetVersion = fresh.targetVersion;
  }

  getTreeItem(): vscode.TreeItem {
    const w = this.workload;
    const stale = w.pods.some((p) => p.needsRestart);
    const item = new vscode.TreeItem(w.name, w.pods.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = workloadDescription(w, this.targetVersion);
    item.tooltip = [
      `${w.kind} ${w.namespace}/${w.name}`,
      ...(w.templateRevision ? [vscode.l10n.t('pod template istio.io/rev={0}', w.templateRevision)] : []),
      ...(w.restartable ? [] : [vscode.l10n.t('Cannot be restarted by a rollout: delete and recreate its pods.')]),
    ].join('\n');
    item.contextValue = `istioCanary.workload ${w.kind}${w.restartable ? ' restartable' : ''}${stale ? ' stale' : ''}${w.paused ? ' paused' : ''}`;
    item.iconPath = stale ? themeIcon('warning', 'charts.yellow') : themeIcon(ICONS[w.kind] ?? 'symbol-misc');
    item.accessibilityInformation = { label: vscode.l10n.t('{0} {1}, {2}', w.kind, w.name, item.description) };
    return item;
  }

  override getChildren(): TreeNode[] {
    return this.workload.pods.map((p) => new ProxyNode(this, p));
  }
}
