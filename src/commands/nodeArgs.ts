/** Turns what a command was invoked with (a node, a multi-selection, nothing) into cluster + names. */
import * as vscode from 'vscode';
import { TreeNode } from '../views/treeNode';
import { NamespaceNode } from '../views/namespaceNode';
import { PlainNamespaceNode } from '../views/groupNode';
import { WorkloadNode } from '../views/workloadNode';
import { RevisionNode } from '../views/revisionNode';
import { TagNode } from '../views/tagNode';
import { ClusterNode } from '../views/clusterNode';

export function selectedNodes(node?: unknown, nodes?: unknown): TreeNode[] {
  const list = Array.isArray(nodes) && nodes.length ? nodes : node ? [node] : [];
  return list.filter((n): n is TreeNode => n instanceof TreeNode);
}

export function clusterOf(node: TreeNode | undefined): string | undefined {
  let n = node;
  while (n && !(n instanceof ClusterNode)) n = n.parent;
  return n instanceof ClusterNode ? n.context : undefined;
}

export interface NamespaceSelection {
  context: string;
  namespaces: string[];
}

/** Namespaces from namespace nodes (or the namespace of workload nodes); all from one cluster. */
export function namespaceSelection(nodes: TreeNode[]): NamespaceSelection | undefined {
  const picked: { context: string; name: string }[] = [];
  for (const n of nodes) {
    if (n instanceof NamespaceNode || n instanceof PlainNamespaceNode) picked.push({ context: n.context, name: n.name });
    else if (n instanceof WorkloadNode) picked.push({ context: n.context, name: n.workload.namespace });
  }
  if (picked.length === 0) return undefined;
  const contexts = new Set(picked.map((p) => p.context));
  if (contexts.size > 1) throw new Error(vscode.l10n.t('Select namespaces of one cluster at a time.'));
  return { context: picked[0].context, namespaces: [...new Set(picked.map((p) => p.name))] };
}

export function workloadNodes(nodes: TreeNode[]): WorkloadNode[] {
  return nodes.filter((n): n is WorkloadNode => n instanceof WorkloadNode);
}

export function revisionOrTag(node: TreeNode | undefined): { context: string; target: string } | undefined {
  if (node instanceof RevisionNode) return { context: node.context, target: node.placement.revision.name };
  if (node instanceof TagNode) return { context: node.context, target: node.tag.name };
  return undefined;
}
