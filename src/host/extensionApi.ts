import type * as vscode from 'vscode';
import type { Fleet } from '../fleet/fleet';
import type { TreeNode } from '../views/treeNode';

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
}

function text(v: string | vscode.TreeItemLabel | vscode.MarkdownString | boolean | undefined): string | undefined {
  if (v === undefined || typeof v === 'boolean') return undefined;
  if (typeof v === 'string') return v;
  if ('label' in v) return v.label;
  return v.value;
}

export function createExtensionApi(provider: vscode.TreeDataProvider<TreeNode>, fleet: () => Fleet): IstioCanaryApi {
  const walk = async (node: TreeNode | undefined, depth: number): Promise<TreeNodeSnapshot[]> => {
    const children = (await provider.getChildren(node)) ?? [];
    const out: TreeNodeSnapshot[] = [];
    for (const child of children) {
      const item = await provider.getTreeItem(child);
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
  };
}
