import * as vscode from 'vscode';
import type { Fleet } from '../fleet/fleet';
import { TreeNode } from './treeNode';
import { ClusterNode, clusterNodeId, type ClusterNodeOptions } from './clusterNode';
import { KubeconfigErrorNode } from './kubeconfigErrorNode';
import { NodeRegistry } from './nodeRegistry';
import { planRefresh, RenderedTree, type FreshTree } from './treeRefreshPlanner';
import { treeItemSignature } from './treeItemSignature';

/** What the tree reads from the fleet. */
export type FleetView = Pick<Fleet, 'onDidChange' | 'clusters' | 'cluster' | 'fileErrors'>;

/** The last debounced refresh: which nodes were fired (empty: nothing VS Code shows changed). */
export interface TreeRefreshRecord {
  firedIds: string[];
  /** Date.now() when it was fired. */
  at: number;
  /** Rendered nodes compared, and how many VS Code had rendered then. */
  compared: number;
  rendered: number;
  /** Time to plan it (rebuilding the changed nodes, signatures, comparison). */
  planMs: number;
  /** True when the whole tree was fired (a context appeared or disappeared). */
  all: boolean;
}

const ROOT = '';

/**
 * The "Revisions" tree. Renders from the fleet's snapshots, never calls a cluster. Fleet changes are debounced
 * and then only the nodes whose TreeItem or child list changed are fired (treeRefreshPlanner.ts), as the
 * instances VS Code already holds (nodeRegistry.ts). getTreeItem/getChildren record what VS Code was shown;
 * readTreeItem/readChildren serve everyone else (extension API, reveal) without touching that record.
 */
export class RevisionTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly registry = new NodeRegistry<TreeNode>();
  private readonly rendered = new RenderedTree();
  private readonly fresh: FreshTree<TreeNode> = {
    id: (n) => n.id,
    signature: (n) => treeItemSignature(n.getTreeItem()),
    children: (n) => this.readChildren(n),
  };
  private unsubscribe: () => void;
  private pending = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;
  private last?: TreeRefreshRecord;

  constructor(
    private fleet: FleetView,
    private readonly options: () => ClusterNodeOptions,
    /** True while a welcome view should replace the tree (see host/viewState.ts). */
    private readonly showWelcome: () => boolean,
    private readonly debounceMs = 100,
  ) {
    this.unsubscribe = fleet.onDidChange((contexts) => this.queue(contexts));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const item = node.getTreeItem();
    this.rendered.recordItem(node.id, treeItemSignature(item));
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    const children = this.readChildren(node);
    if (node) this.rendered.recordChildren(node.id, children.map((c) => c.id));
    return children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** The TreeItem of a node, not recorded as shown by VS Code. */
  readTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  /** The children VS Code would get (the same instances), not recorded as shown by VS Code. */
  readChildren(node?: TreeNode): TreeNode[] {
    if (node) return this.registry.adopt(node.id, node.getChildren());
    if (this.showWelcome()) return [];
    const roots: TreeNode[] = this.fleet.clusters().map((state) => new ClusterNode(state, this.options));
    for (const e of this.fleet.fileErrors) roots.push(new KubeconfigErrorNode(e));
    return this.registry.adopt(ROOT, roots);
  }

  /** Points the tree at a new fleet (after the kubeconfig or settings changed). */
  setFleet(fleet: FleetView): void {
    this.unsubscribe();
    this.fleet = fleet;
    this.registry.clear();
    this.unsubscribe = fleet.onDidChange((contexts) => this.queue(contexts));
    this.refreshAll();
  }

  /** The first node of a namespace in a cluster (under its revision, or in a group), for TreeView.reveal. */
  findNamespace(context: string, namespace: string): TreeNode | undefined {
    const cluster = this.registry.get(clusterNodeId(context));
    if (!cluster) return undefined;
    for (const child of this.readChildren(cluster)) {
      const found = this.readChildren(child).find((n) => n.id === `${child.id}/ns/${namespace}`);
      if (found) return found;
    }
    return undefined;
  }

  /** Refreshes everything (e.g. after the kubeconfig or settings changed). */
  refreshAll(): void {
    this.rendered.clear();
    this.changed.fire(undefined);
  }

  /** The last debounced refresh, for tests and the benchmark. */
  lastRefresh(): TreeRefreshRecord | undefined {
    return this.last;
  }

  /** Whether VS Code has been shown this node (and not told to drop it since). */
  isShown(id: string): boolean {
    return this.rendered.state.has(id);
  }

  /**
   * Plans and fires the refresh for changed contexts now (the debounce ends here). The fired nodes' data is
   * current before they are fired, so VS Code and commands read the new snapshot from the same instances.
   */
  refreshContexts(contexts: readonly string[]): TreeRefreshRecord {
    const started = performance.now();
    const rendered = this.rendered.size;
    const starts: ClusterNode[] = [];
    for (const c of contexts) {
      const node = this.registry.get(clusterNodeId(c));
      const state = this.fleet.cluster(c);
      if (!(node instanceof ClusterNode) || !state) {
        // A context appeared or disappeared: the root list changes.
        this.refreshAll();
        return this.remember({ firedIds: [], at: Date.now(), compared: 0, rendered, planMs: performance.now() - started, all: true });
      }
      node.state = state;
      starts.push(node);
    }
    const fired: TreeNode[] = [];
    const firedIds: string[] = [];
    let compared = 0;
    for (const start of starts) {
      const plan = planRefresh(this.rendered.state, start, this.fresh);
      this.rendered.apply(plan);
      fired.push(...plan.fired);
      firedIds.push(...plan.firedIds);
      compared += plan.compared;
    }
    const record = this.remember({ firedIds, at: Date.now(), compared, rendered, planMs: performance.now() - started, all: false });
    if (fired.length) this.changed.fire(fired);
    return record;
  }

  private remember(record: TreeRefreshRecord): TreeRefreshRecord {
    this.last = record;
    return record;
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
    this.refreshContexts(contexts);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe();
    this.changed.dispose();
  }
}
