/**
 * Our node in the Kubernetes extension's Clusters view: "Istio revisions" under each context, listing that
 * context's revisions from our model. The context connects when the node is expanded (as in our own tree), not
 * before: contributesChildren is synchronous and touches no cluster, as the explorer requires.
 */
import * as vscode from 'vscode';
import type { ClusterState } from '../fleet/clusterState';
import type { Revision } from '../mesh/model';
import { failureText } from '../fleet/failureText';
import { countText } from '../views/countText';
import { revisionsText } from '../views/nodeText';
import { revisionTooltip } from '../views/nodeText';
import { markdown, themeIcon } from '../views/treeNode';
import type { ContributedNode, ExplorerNode, NodeContributor } from './kubernetesExtensionApi';

export const REVEAL_COMMAND = 'istioCanary.k8s.revealCluster';

export interface ExplorerModel {
  cluster(context: string): ClusterState | undefined;
  /** Connects (if idle) and waits for the context; undefined when our kubeconfig does not have it. */
  ensureLoaded(context: string): Promise<ClusterState | undefined>;
  /** Where our kubeconfig comes from, for the "not in our kubeconfig" row. */
  kubeconfigSource(): string;
}

/** What the explorer shows of a context's revisions: a change here (not a proxy count) is worth its full redraw. */
export function explorerSignature(state: ClusterState | undefined): string {
  if (!state) return 'absent';
  const revisions = state.snapshot?.revisions.map((r) => [r.name, r.version, r.isDefault, r.tags.join(','), r.namespaceCount].join('|')) ?? [];
  return [state.status, state.error?.message ?? '', ...revisions].join('\n');
}

export function revisionRowDescription(rev: Revision): string {
  const parts = [rev.version ?? vscode.l10n.t('version unknown')];
  if (rev.isDefault) parts.push(vscode.l10n.t('default'));
  if (rev.tags.length) parts.push(rev.tags.length === 1 ? vscode.l10n.t('tag {0}', rev.tags[0]) : vscode.l10n.t('tags {0}', rev.tags.join(', ')));
  parts.push(countText(rev.namespaceCount,
    (c) => vscode.l10n.t({ message: '{0} ns', args: [c], comment: ['One namespace, abbreviated'] }),
    (c) => vscode.l10n.t({ message: '{0} ns', args: [c], comment: ['Several namespaces, abbreviated'] })));
  return parts.join(' · ');
}

function summary(state: ClusterState | undefined): string {
  if (!state) return '';
  switch (state.status) {
    case 'idle': return vscode.l10n.t('not connected — expand to connect');
    case 'loading': return vscode.l10n.t('loading…');
    case 'error': return vscode.l10n.t('error');
    case 'ready': return revisionsText(state.snapshot?.revisions.length ?? 0);
  }
}

class MessageRow implements ContributedNode {
  constructor(private readonly label: string, private readonly icon: string, private readonly tooltip?: string) {}
  async getChildren(): Promise<ContributedNode[]> {
    return [];
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = themeIcon(this.icon);
    item.contextValue = 'istioCanary.k8s.message';
    if (this.tooltip) item.tooltip = markdown(this.tooltip);
    return item;
  }
}

class RevisionRow implements ContributedNode {
  constructor(private readonly context: string, private readonly rev: Revision) {}
  async getChildren(): Promise<ContributedNode[]> {
    return [];
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.rev.name, vscode.TreeItemCollapsibleState.None);
    item.description = revisionRowDescription(this.rev);
    item.tooltip = markdown(revisionTooltip(this.rev));
    item.iconPath = themeIcon(this.rev.isDefault ? 'star-full' : 'circle-large-filled');
    item.contextValue = 'istioCanary.k8s.revision';
    item.accessibilityInformation = { label: vscode.l10n.t('Istio revision {0}, {1}', this.rev.name, item.description) };
    item.command = { command: REVEAL_COMMAND, title: vscode.l10n.t('Reveal in Istio Upgrades'), arguments: [{ context: this.context, revision: this.rev.name }] };
    return item;
  }
}

export class IstioRevisionsNode implements ContributedNode {
  constructor(readonly context: string, private readonly model: ExplorerModel) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('Istio revisions'), vscode.TreeItemCollapsibleState.Collapsed);
    const state = this.model.cluster(this.context);
    item.description = summary(state);
    item.iconPath = themeIcon('layers');
    item.contextValue = 'istioCanary.k8s.revisions';
    item.tooltip = markdown(vscode.l10n.t('Istio control-plane revisions of {0}, from Istio Canary Upgrades.', `**${this.context}**`)
      + (state?.status === 'idle' ? `\n\n${vscode.l10n.t('Not connected: expanding this connects the context.')}` : ''));
    return item;
  }

  async getChildren(): Promise<ContributedNode[]> {
    const state = await this.model.ensureLoaded(this.context);
    if (!state) {
      return [new MessageRow(vscode.l10n.t('{0} is not in the kubeconfig Istio Upgrades reads', this.context), 'info',
        vscode.l10n.t('Istio Upgrades reads its kubeconfig from {0}. Set {1} to include this context\'s file.', this.model.kubeconfigSource(), '`istioCanary.kubeconfig`'))];
    }
    if (state.status === 'error' || (state.status === 'ready' && !state.snapshot)) {
      const e = state.error;
      return [new MessageRow(e ? failureText(e) : vscode.l10n.t('Could not read the cluster'), 'error', e?.remedy)];
    }
    if (state.status !== 'ready' || !state.snapshot) return [new MessageRow(vscode.l10n.t('Loading…'), 'loading~spin')];
    if (state.snapshot.revisions.length === 0) return [new MessageRow(vscode.l10n.t('Istio not found: no istiod Deployment and no sidecar-injector webhook'), 'info')];
    return state.snapshot.revisions.map((r) => new RevisionRow(this.context, r));
  }
}

/** Contributes the node under every context, the inactive ones included: each connects only when expanded. */
export function istioNodeContributor(model: ExplorerModel, onShown: (context: string) => void): NodeContributor {
  const contextOf = (parent: ExplorerNode | undefined): string | undefined =>
    (parent?.nodeType === 'context' || parent?.nodeType === 'context.inactive') && typeof parent.name === 'string' ? parent.name : undefined;
  return {
    contributesChildren: (parent) => contextOf(parent) !== undefined,
    getChildren: async (parent) => {
      const context = contextOf(parent);
      if (context === undefined) return [];
      onShown(context);
      return [new IstioRevisionsNode(context, model)];
    },
  };
}
