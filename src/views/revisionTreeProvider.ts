import * as vscode from 'vscode';
import type { Fleet } from '../fleet/fleet';
import { TreeNode } from './treeNode';
import { ClusterNode, type ClusterNodeOptions } from './clusterNode';
import { KubeconfigErrorNode } from './kubeconfigErrorNode';

/**
 * The "Revisions" tree. Renders from the fleet's snapshots, never calls a cluster. Cluster nodes are stable
 * instances per context, so a change in one cluster refreshes only that cluster's subtree.
 */
export class RevisionTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly clusterNodes = new Map<string, ClusterNode>();
  private unsubscribe: () => void;
  private pending = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private fleet: Fleet,
    private readonly options: () => ClusterNodeOptions,
    /** True while a welcome view should replace the tree (see host/viewState.ts). */
    private readonly showWelcome: () => boolean,
    private readonly debounceMs = 100,
  ) {
    this.unsubscribe = fleet.onDidChange((contexts) => this.queue(contexts));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node) return node.getChildren();
    if (this.showWelcome()) return [];
    const roots: TreeNode[] = [];
    const seen = new Set<string>();
    for (const state of this.fleet.clusters()) {
      seen.add(state.context);
      let n = this.clusterNodes.get(state.context);
      if (n) n.state = state;
      else {
        n = new ClusterNode(state, this.options);
        this.clusterNodes.set(state.context, n);
      }
      roots.push(n);
    }
    for (const ctx of [...this.clusterNodes.keys()]) if (!seen.has(ctx)) this.clusterNodes.delete(ctx);
    for (const e of this.fleet.fileErrors) roots.push(new KubeconfigErrorNode(e));
    return roots;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** Points the tree at a new fleet (after the kubeconfig or settings changed). */
  setFleet(fleet: Fleet): void {
    this.unsubscribe();
    this.fleet = fleet;
    this.clusterNodes.clear();
    this.unsubscribe = fleet.onDidChange((contexts) => this.queue(contexts));
    this.changed.fire(undefined);
  }

  /** The first node of a namespace in a cluster (under its revision, or in a group), for TreeView.reveal. */
  findNamespace(context: string, namespace: string): TreeNode | undefined {
    const cluster = this.clusterNodes.get(context);
    if (!cluster) return undefined;
    for (const child of cluster.getChildren()) {
      const found = child.getChildren().find((n) => n.id === `${child.id}/ns/${namespace}`);
      if (found) return found;
    }
    return undefined;
  }

  /** Refreshes everything (e.g. after the kubeconfig or settings changed). */
  refreshAll(): void {
    this.changed.fire(undefined);
  }

  private queue(contexts: string[]): void {
    for (const c of contexts) this.pending.add(c);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.debounceMs);
  }

  private flush(): void {
    this.timer = undefined;
    const contexts = [...this.pending];
    this.pending.clear();
    const nodes: TreeNode[] = [];
    for (const c of contexts) {
      const node = this.clusterNodes.get(c);
      const state = this.fleet.cluster(c);
      if (!node || !state) {
        this.changed.fire(undefined);
        return;
      }
      node.state = state;
      nodes.push(node);
    }
    if (nodes.length) this.changed.fire(nodes);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe();
    this.changed.dispose();
  }
}
