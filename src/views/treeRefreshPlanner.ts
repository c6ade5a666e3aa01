/**
 * Which tree nodes to fire after a snapshot changed. Pure, no vscode, so it is unit-tested with plain objects.
 *
 * VS Code re-fetches the whole expanded subtree of every node fired through onDidChangeTreeData, so firing
 * the cluster for one relabelled namespace re-renders thousands of rows. Instead we remember what VS Code
 * was shown (per node: its TreeItem's signature and, once fetched, its children's ids) and walk top-down
 * from the changed cluster: a node whose signature or child-id list differs is fired and not walked further
 * (firing covers its descendants); an unchanged node is walked into its fetched children only.
 */

/** What VS Code last got for one node. */
export interface RenderedNode {
  /** treeItemSignature of the TreeItem VS Code last got from getTreeItem. */
  signature: string;
  /** Ids of the children VS Code last got from getChildren, in order; undefined while never fetched. */
  children?: readonly string[];
}

/** Never equal to a real signature. */
const UNKNOWN_SIGNATURE = '\u0000unknown';

/** Rendered nodes by id. */
export type RenderedState = ReadonlyMap<string, RenderedNode>;

/** Read access to the current (fresh) tree, in terms of whatever node type the caller uses. */
export interface FreshTree<N> {
  id(node: N): string;
  signature(node: N): string;
  children(node: N): readonly N[];
}

export interface RefreshPlan<N> {
  /** The nodes to pass to onDidChangeTreeData, outermost first. */
  fired: N[];
  firedIds: string[];
  /** Records to drop: every recorded descendant of a fired node (VS Code disposes them, then re-fetches what is expanded). */
  forget: string[];
  /** Rendered nodes compared. */
  compared: number;
}

function sameIds<N>(fresh: readonly N[], seen: readonly string[], id: (n: N) => string): boolean {
  if (fresh.length !== seen.length) return false;
  for (let i = 0; i < fresh.length; i++) if (id(fresh[i]) !== seen[i]) return false;
  return true;
}

function collectDescendants(rendered: RenderedState, children: readonly string[] | undefined, out: string[]): void {
  for (const id of children ?? []) {
    const r = rendered.get(id);
    if (!r) continue;
    out.push(id);
    collectDescendants(rendered, r.children, out);
  }
}

/** The minimal set of rendered nodes to fire for a change below `start` (the changed cluster's node). */
export function planRefresh<N>(rendered: RenderedState, start: N, fresh: FreshTree<N>): RefreshPlan<N> {
  const plan: RefreshPlan<N> = { fired: [], firedIds: [], forget: [], compared: 0 };
  const fire = (node: N, id: string, seen: RenderedNode): void => {
    plan.fired.push(node);
    plan.firedIds.push(id);
    collectDescendants(rendered, seen.children, plan.forget);
  };
  const visit = (node: N): void => {
    const id = fresh.id(node);
    const seen = rendered.get(id);
    if (!seen) return; // VS Code never showed it: nothing to update
    plan.compared++;
    if (fresh.signature(node) !== seen.signature) return fire(node, id, seen);
    if (!seen.children) return; // collapsed and never expanded: its children are fetched when it opens
    const children = fresh.children(node);
    if (!sameIds(children, seen.children, fresh.id)) return fire(node, id, seen);
    for (const child of children) visit(child);
  };
  visit(start);
  return plan;
}

/** The record of what VS Code was shown, kept by the provider from its getTreeItem/getChildren calls. */
export class RenderedTree {
  private readonly nodes = new Map<string, RenderedNode>();

  get state(): RenderedState {
    return this.nodes;
  }

  get size(): number {
    return this.nodes.size;
  }

  recordItem(id: string, signature: string): void {
    const r = this.nodes.get(id);
    if (r) r.signature = signature;
    else this.nodes.set(id, { signature });
  }

  /** VS Code fetched the children of `id`. */
  recordChildren(id: string, children: readonly string[]): void {
    const r = this.nodes.get(id);
    // Its item is not on record (it was forgotten just before VS Code re-rendered it): an unknown signature
    // fires it on the next change rather than leaving it stale.
    if (!r) {
      this.nodes.set(id, { signature: UNKNOWN_SIGNATURE, children });
      return;
    }
    const now = new Set(children);
    const gone: string[] = [];
    collectDescendants(this.nodes, r.children?.filter((c) => !now.has(c)), gone);
    for (const g of gone) this.nodes.delete(g);
    r.children = children;
  }

  /** After firing: the fired nodes' children are re-fetched by VS Code (if expanded) and recorded again. */
  apply(plan: Pick<RefreshPlan<unknown>, 'firedIds' | 'forget'>): void {
    for (const id of plan.forget) this.nodes.delete(id);
    for (const id of plan.firedIds) {
      const r = this.nodes.get(id);
      if (r) r.children = undefined;
    }
  }

  clear(): void {
    this.nodes.clear();
  }
}
