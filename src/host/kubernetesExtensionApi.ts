/**
 * The parts of the Kubernetes extension's public API that this extension uses, as its contract declares them
 * (vscode-kubernetes-tools `src/api/contract/{api,configuration/v1,v1_1,cluster-explorer/v1,v1_1}.ts`), and how
 * they are obtained from its exports, checked at run time: the extension is optional, may be old, and its
 * exports are another extension's objects.
 *
 * Its `activate()` returns an APIBroker: `get(component, version)` → `{available: true, api}` or
 * `{available: false, reason}`. Components used: `configuration` (v1: getKubeconfigPath; v1_1 adds
 * onDidChangeKubeconfigPath / onDidChangeContext) and `clusterexplorer` (v1 / v1_1: resolveCommandTarget,
 * registerNodeContributor, refresh). Only v1 and v1_1 are served by the extension today.
 */
import type * as vscode from 'vscode';

export const KUBERNETES_EXTENSION_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';

export type KubeconfigPath = { readonly pathType: 'host'; readonly hostPath: string } | { readonly pathType: 'wsl'; readonly wslPath: string };

export interface ConfigurationApi {
  /** Typed as synchronous; its docs say it returns a promise: callers await it. */
  getKubeconfigPath(): KubeconfigPath | Thenable<KubeconfigPath>;
  /** v1_1 only. */
  readonly onDidChangeKubeconfigPath?: vscode.Event<KubeconfigPath>;
  /** v1_1 only: the context it switched to (null when none). Changes made with kubectl outside VS Code are not seen. */
  readonly onDidChangeContext?: vscode.Event<string | null>;
}

export interface ResourceKind {
  readonly manifestKind: string;
  readonly abbreviation: string;
}

/** What resolveCommandTarget returns and what node contributors are given (v1/v1_1 `ClusterExplorerNode`). */
export type ExplorerNode =
  | { readonly nodeType: 'context' | 'context.inactive'; readonly name: string }
  | { readonly nodeType: 'resource'; readonly name: string; readonly namespace: string | null; readonly resourceKind: ResourceKind }
  | { readonly nodeType: 'error' | 'folder.grouping' | 'folder.resource' | 'configitem' | 'helm.release' | 'extension' };

export interface ContributedNode {
  getChildren(): Promise<ContributedNode[]>;
  getTreeItem(): vscode.TreeItem;
}

export interface NodeContributor {
  /** Synchronous and without cluster I/O: the explorer asks it for every node it renders. */
  contributesChildren(parent: ExplorerNode | undefined): boolean;
  getChildren(parent: ExplorerNode | undefined): Promise<ContributedNode[]>;
}

export interface ClusterExplorerApi {
  resolveCommandTarget(target?: unknown): ExplorerNode | undefined;
  registerNodeContributor(contributor: NodeContributor): void;
  refresh(): void;
}

export interface Obtained<T> {
  api?: T;
  /** The version served (`v1_1`, `v1`), or why none: the broker's reason (`version-unknown`…) or the error it threw. */
  version?: string;
  reason?: string;
}

interface ApiBroker {
  get(component: string, version: string): unknown;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

/** The broker the extension's activate() returned, or undefined for an extension too old to have one. */
export function asBroker(exports: unknown): ApiBroker | undefined {
  return isObject(exports) && typeof exports.get === 'function' ? (exports as unknown as ApiBroker) : undefined;
}

const isFunction = (x: unknown): boolean => typeof x === 'function';

export function isConfigurationApi(x: unknown): x is ConfigurationApi {
  return isObject(x) && isFunction(x.getKubeconfigPath)
    && (x.onDidChangeKubeconfigPath === undefined || isFunction(x.onDidChangeKubeconfigPath))
    && (x.onDidChangeContext === undefined || isFunction(x.onDidChangeContext));
}

export function isClusterExplorerApi(x: unknown): x is ClusterExplorerApi {
  return isObject(x) && isFunction(x.resolveCommandTarget) && isFunction(x.registerNodeContributor) && isFunction(x.refresh);
}

/** The newest of `versions` the broker serves with the expected shape. Never throws. */
export function obtain<T>(broker: ApiBroker, component: string, versions: readonly string[], shape: (x: unknown) => x is T): Obtained<T> {
  const reasons: string[] = [];
  for (const version of versions) {
    try {
      const answer = broker.get(component, version);
      if (isObject(answer) && answer.available === true && shape(answer.api)) return { api: answer.api, version };
      reasons.push(`${version}: ${isObject(answer) && typeof answer.reason === 'string' ? answer.reason : 'not the documented shape'}`);
    } catch (e) {
      reasons.push(`${version}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { reason: reasons.join(', ') };
}

/** What a command invoked on one of its nodes is about: a context (cluster node) or a namespace. */
export type ExplorerTarget = { kind: 'context'; context: string } | { kind: 'namespace'; namespace: string };

export function explorerTarget(node: ExplorerNode | undefined): ExplorerTarget | undefined {
  if (!node) return undefined;
  if ((node.nodeType === 'context' || node.nodeType === 'context.inactive') && typeof node.name === 'string') {
    return { kind: 'context', context: node.name };
  }
  if (node.nodeType === 'resource' && typeof node.name === 'string' && node.resourceKind?.manifestKind === 'Namespace') {
    return { kind: 'namespace', namespace: node.name };
  }
  return undefined;
}
