/**
 * The one instance per node id that VS Code holds. VS Code's tree keys elements by object identity, so a node
 * fired through onDidChangeTreeData must be the very instance it got from getChildren; commands also get
 * these instances as arguments. Nodes are rebuilt from the snapshot on every getChildren: the fresh node's
 * data is copied into the known instance (same id and class), and the known instance is handed out again.
 * Pure, no vscode.
 */
export interface Canonical {
  readonly id: string;
  /** Takes over the data of `fresh`, a newly built node with the same id and class. */
  refreshFrom(fresh: this): void;
}

export class NodeRegistry<N extends Canonical> {
  private readonly nodes = new Map<string, N>();
  /** Children ids last handed out per parent key, to forget the nodes that disappeared. */
  private readonly children = new Map<string, readonly string[]>();

  /** The known instances for the fresh children of `parentKey`, updated with their fresh data. */
  adopt(parentKey: string, fresh: readonly N[]): N[] {
    const out = fresh.map((f) => {
      const known = this.nodes.get(f.id);
      if (known && known !== f && known.constructor === f.constructor) {
        known.refreshFrom(f);
        return known;
      }
      this.nodes.set(f.id, f);
      return f;
    });
    const ids = out.map((n) => n.id);
    const before = this.children.get(parentKey);
    if (before) {
      const now = new Set(ids);
      for (const id of before) if (!now.has(id)) this.forget(id);
    }
    this.children.set(parentKey, ids);
    return out;
  }

  get(id: string): N | undefined {
    return this.nodes.get(id);
  }

  get size(): number {
    return this.nodes.size;
  }

  clear(): void {
    this.nodes.clear();
    this.children.clear();
  }

  private forget(id: string): void {
    this.nodes.delete(id);
    const below = this.children.get(id);
    this.children.delete(id);
    for (const c of below ?? []) this.forget(c);
  }
}
