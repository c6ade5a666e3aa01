import type * as vscode from 'vscode';
import type { Fleet } from '../fleet/fleet';
import type { TreeNode } from '../views/treeNode';
import type { TreeRefreshRecord } from '../views/revisionTreeProvider';

export interface TreeNodeSnapshot {
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  contextValue?: string;
  children?: TreeNodeSnapshot[];
}

/** The extension's exported API: what end-to-end tests (and other extensions) can read. */
export interface IstioCanaryApi {
  /** The tree as VS Code sees it, from the registered TreeDataProvider, expanded `depth` levels. */
  snapshotTree(depth: number): Promise<TreeNodeSnapshot[]>;
  /** Resolves when every cluster finished its first load (ok or error). */
  whenIdle(): Promise<void>;
  /**
   * The last debounced tree refresh after a cluster changed: the ids of the nodes fired to VS Code (only
   * nodes it shows whose item or children changed) and when. undefined until the first one.
   */
  lastTreeRefresh?(): TreeRefreshRecord | undefined;
  /** Whether VS Code has asked for this tree node (by id) and still holds it. */
  treeNodeShown?(id: string): boolean;
  /** Shows a namespace's row in the Istio Upgrades view (its cluster and revision expanded); false when not listed. */
  revealNamespace?(context: string, namespace: string): Promise<boolean>;
}

/** The tree as the API reads it: the provider's nodes, without counting as what VS Code was shown. */
export interface TreeSource {
  readChildren(node?: TreeNode): TreeNode[];
  readTreeItem(node: TreeNode): vscode.TreeItem;
  lastRefresh(): TreeRefreshRecord | undefined;
  isShown(id: string): boolean;
}

function text(v: string | vscode.TreeItemLabel | vscode.MarkdownString | boolean | undefined): string | undefined {
  if (v === undefined || typeof v === 'boolean') return undefined;
  if (typeof v === 'string') return v;
  if ('label' in v) return v.label;
  return v.value;
}

export function createExtensionApi(provider: TreeSource, fleet: () => Fleet, revealNamespace?: (context: string, namespace: string) => Promise<boolean>): IstioCanaryApi {
  const walk = async (node: TreeNode | undefined, depth: number): Promise<TreeNodeSnapshot[]> => {
    const children = provider.readChildren(node);
    const out: TreeNodeSnapshot[] = [];
    for (const child of children) {
      const item = provider.readTreeItem(child);
      out.push({
        id: item.id ?? child.id,
        label: text(item.label) ?? '',
        description: text(item.description),
        tooltip: text(item.tooltip),
        contextValue: item.contextValue,
        children: depth > 1 ? await walk(child, depth - 1) : undefined,
      });
    }
    return out;
  };
  return {
    snapshotTree: (depth) => walk(undefined, depth),
    whenIdle: () => fleet().whenIdle(),
    lastTreeRefresh: () => provider.lastRefresh(),
    treeNodeShown: (id) => provider.isShown(id),
    revealNamespace,
  };
}
