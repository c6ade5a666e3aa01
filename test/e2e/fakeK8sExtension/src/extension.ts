/**
 * TEST DOUBLE of the Kubernetes extension (ms-kubernetes-tools.vscode-kubernetes-tools) for the e2e rig: the real
 * one cannot be downloaded here. It shows a Clusters view whose nodes carry the real contextValues and node shapes
 * (context nodes `vsKubernetes.cluster[.inactive]`, only the current context expands, a Namespaces folder, namespace
 * nodes `vsKubernetes.resource.namespace[.inactive]`), and its activate() returns an APIBroker serving what Istio
 * Canary Upgrades uses: configuration v1/v1_1, clusterexplorer v1/v1_1, kubectl v1 (config current-context only).
 * Shapes follow vscode-kubernetes-tools src/api/contract/* and src/api/implementation/cluster-explorer/common.ts.
 * "Set as Current Cluster" rewrites the kubeconfig's current-context (as its `kubectl config use-context` does)
 * and then fires onDidChangeContext.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as yaml from 'js-yaml';

const NODE_CATEGORY = 'kubernetes-explorer-node';

interface NamedContext { name: string; context: { cluster: string; user: string; namespace?: string } }
interface NamedCluster { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }
interface NamedUser { name: string; user: { token?: string } }
interface KubeconfigDoc { contexts?: NamedContext[]; clusters?: NamedCluster[]; users?: NamedUser[]; 'current-context'?: string }
type KubeconfigPath = { pathType: 'host'; hostPath: string };

function kubeconfigPath(): KubeconfigPath {
  const setting = vscode.workspace.getConfiguration('vs-kubernetes').get<string>('vs-kubernetes.kubeconfig');
  return { pathType: 'host', hostPath: setting || process.env.KUBECONFIG || path.join(os.homedir(), '.kube', 'config') };
}

const files = (): string[] => kubeconfigPath().hostPath.split(path.delimiter).filter(Boolean);

function readDoc(file: string): KubeconfigDoc {
  try {
    return (yaml.load(fs.readFileSync(file, 'utf8')) ?? {}) as KubeconfigDoc;
  } catch {
    return {};
  }
}

/** kubectl's merge: first definition wins, current-context from the first file that sets one. */
function merged(): KubeconfigDoc {
  const out: Required<Pick<KubeconfigDoc, 'contexts' | 'clusters' | 'users'>> & KubeconfigDoc = { contexts: [], clusters: [], users: [] };
  for (const f of files()) {
    const d = readDoc(f);
    for (const c of d.contexts ?? []) if (!out.contexts.some((x) => x.name === c.name)) out.contexts.push(c);
    for (const c of d.clusters ?? []) if (!out.clusters.some((x) => x.name === c.name)) out.clusters.push(c);
    for (const u of d.users ?? []) if (!out.users.some((x) => x.name === u.name)) out.users.push(u);
    out['current-context'] ??= d['current-context'];
  }
  return out;
}

function useContext(name: string): void {
  const target = files().find((f) => readDoc(f)['current-context'] !== undefined) ?? files()[0];
  const doc = readDoc(target);
  doc['current-context'] = name;
  fs.writeFileSync(target, yaml.dump(doc, { lineWidth: -1 }));
}

function listNamespaces(contextName: string): Promise<{ name: string; metadata: object }[]> {
  const doc = merged();
  const ctx = doc.contexts?.find((c) => c.name === contextName);
  const cluster = doc.clusters?.find((c) => c.name === ctx?.context.cluster)?.cluster;
  const user = doc.users?.find((u) => u.name === ctx?.context.user)?.user;
  if (!cluster) return Promise.reject(new Error(`no cluster for context ${contextName}`));
  const ca = cluster['certificate-authority-data'] ? Buffer.from(cluster['certificate-authority-data'], 'base64') : undefined;
  return new Promise((resolve, reject) => {
    const req = https.get(`${cluster.server}/api/v1/namespaces`, { ca, headers: user?.token ? { Authorization: `Bearer ${user.token}` } : {}, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`GET namespaces: ${res.statusCode}`));
        const list = JSON.parse(body) as { items: { metadata: { name: string } }[] };
        resolve(list.items.map((i) => ({ name: i.metadata.name, metadata: i.metadata })));
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

// ---- the explorer's nodes (internal shapes) --------------------------------------------------------------

interface ApiNode { getChildren(): Promise<ApiNode[]>; getTreeItem(): vscode.TreeItem }
interface Contributor { contributesChildren(parent: unknown): boolean; getChildren(parent: unknown): Promise<ApiNode[]> }

type Node =
  | { nodeCategory: typeof NODE_CATEGORY; nodeType: 'context'; contextName: string; active: boolean }
  | { nodeCategory: typeof NODE_CATEGORY; nodeType: 'folder.resource'; contextName: string }
  | { nodeCategory: typeof NODE_CATEGORY; nodeType: 'resource'; name: string; metadata: object; active: boolean }
  | { nodeCategory: typeof NODE_CATEGORY; nodeType: 'error'; message: string }
  | { nodeCategory: typeof NODE_CATEGORY; nodeType: 'extension'; impl: ApiNode };

const NAMESPACE_KIND = { manifestKind: 'Namespace', abbreviation: 'namespace' };

/** What the API hands out for a node (common.ts adaptKubernetesExplorerNode). */
function adapt(node: Node): unknown {
  switch (node.nodeType) {
    case 'context': return { nodeType: node.active ? 'context' : 'context.inactive', name: node.contextName };
    case 'folder.resource': return { nodeType: 'folder.resource', resourceKind: NAMESPACE_KIND };
    case 'resource': return { nodeType: 'resource', name: node.name, namespace: null, metadata: node.metadata, resourceKind: NAMESPACE_KIND };
    case 'error': return { nodeType: 'error' };
    case 'extension': return { nodeType: 'extension' };
  }
}

class Explorer implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly contributors: Contributor[] = [];

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const item = this.baseItem(node);
    if (item.collapsibleState === vscode.TreeItemCollapsibleState.None && this.contributors.some((c) => c.contributesChildren(adapt(node)))) {
      item.collapsibleState = vscode.TreeItemCollapsibleState.Collapsed;
    }
    return item;
  }

  async getChildren(parent?: Node): Promise<Node[]> {
    const base = await this.baseChildren(parent);
    const apiParent = parent ? adapt(parent) : undefined;
    const contributed = await Promise.all(this.contributors.filter((c) => c.contributesChildren(apiParent)).map((c) => c.getChildren(apiParent)));
    return [...base, ...contributed.flat().map((impl): Node => ({ nodeCategory: NODE_CATEGORY, nodeType: 'extension', impl }))];
  }

  private baseItem(node: Node): vscode.TreeItem {
    switch (node.nodeType) {
      case 'context': {
        const item = new vscode.TreeItem(node.contextName, node.active ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.contextValue = node.active ? 'vsKubernetes.cluster' : 'vsKubernetes.cluster.inactive';
        item.iconPath = new vscode.ThemeIcon('server-environment');
        return item;
      }
      case 'folder.resource': {
        const item = new vscode.TreeItem('Namespaces', vscode.TreeItemCollapsibleState.Collapsed);
        item.contextValue = 'vsKubernetes.kind';
        return item;
      }
      case 'resource': {
        const item = new vscode.TreeItem(node.active ? `* ${node.name}` : node.name, vscode.TreeItemCollapsibleState.None);
        item.contextValue = node.active ? 'vsKubernetes.resource.namespace' : 'vsKubernetes.resource.namespace.inactive';
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        return item;
      }
      case 'error': return new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
      case 'extension': return node.impl.getTreeItem();
    }
  }

  private async baseChildren(parent?: Node): Promise<Node[]> {
    if (!parent) {
      const doc = merged();
      return (doc.contexts ?? []).map((c) => ({ nodeCategory: NODE_CATEGORY, nodeType: 'context', contextName: c.name, active: c.name === doc['current-context'] }));
    }
    switch (parent.nodeType) {
      case 'context': return parent.active ? [{ nodeCategory: NODE_CATEGORY, nodeType: 'folder.resource', contextName: parent.contextName }] : [];
      case 'folder.resource': {
        const current = merged().contexts?.find((c) => c.name === parent.contextName)?.context.namespace ?? 'default';
        try {
          return (await listNamespaces(parent.contextName)).map((ns) => ({ nodeCategory: NODE_CATEGORY, nodeType: 'resource', name: ns.name, metadata: ns.metadata, active: ns.name === current }));
        } catch (e) {
          return [{ nodeCategory: NODE_CATEGORY, nodeType: 'error', message: e instanceof Error ? e.message : String(e) }];
        }
      }
      case 'extension': return (await parent.impl.getChildren()).map((impl): Node => ({ nodeCategory: NODE_CATEGORY, nodeType: 'extension', impl }));
      default: return [];
    }
  }
}

// ---- the API broker --------------------------------------------------------------------------------------

export function activate(context: vscode.ExtensionContext): unknown {
  const explorer = new Explorer();
  const kubeconfigChanged = new vscode.EventEmitter<KubeconfigPath>();
  const contextChanged = new vscode.EventEmitter<string | null>();
  const namespaceChanged = new vscode.EventEmitter<string>();
  context.subscriptions.push(
    vscode.window.createTreeView('extension.vsKubernetesExplorer', { treeDataProvider: explorer, showCollapseAll: true }),
    vscode.commands.registerCommand('extension.vsKubernetesRefreshExplorer', () => explorer.refresh()),
    vscode.commands.registerCommand('extension.vsKubernetesUseContext', (node?: Node) => {
      if (node?.nodeType !== 'context') return;
      useContext(node.contextName);
      contextChanged.fire(node.contextName);
      explorer.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('vs-kubernetes')) return;
      kubeconfigChanged.fire(kubeconfigPath());
      explorer.refresh();
    }),
  );

  const configurationV1 = { getKubeconfigPath: kubeconfigPath };
  const configurationV1_1 = {
    ...configurationV1,
    onDidChangeKubeconfigPath: kubeconfigChanged.event,
    onDidChangeContext: contextChanged.event,
    onDidChangeNamespace: namespaceChanged.event,
  };
  const clusterExplorer = {
    resolveCommandTarget: (target?: unknown): unknown => {
      const node = target as Node | undefined;
      return node?.nodeCategory === NODE_CATEGORY ? adapt(node) : undefined;
    },
    registerNodeContributor: (c: Contributor) => {
      explorer.contributors.push(c);
    },
    nodeSources: {},
    registerNodeUICustomizer: () => undefined,
    refresh: () => explorer.refresh(),
  };
  const kubectl = {
    invokeCommand: async (command: string) => (command.trim() === 'config current-context'
      ? { code: 0, stdout: `${merged()['current-context'] ?? ''}\n`, stderr: '' }
      : { code: 1, stdout: '', stderr: `the test double only answers "config current-context", not "${command}"` }),
    portForward: async () => undefined,
  };
  const available = (api: unknown) => ({ available: true, api });
  return {
    apiVersion: '1.0',
    get(component: string, version: string): unknown {
      if (component === 'configuration' && version === 'v1') return available(configurationV1);
      if (component === 'configuration' && version === 'v1_1') return available(configurationV1_1);
      if (component === 'clusterexplorer' && (version === 'v1' || version === 'v1_1')) return available(clusterExplorer);
      if (component === 'kubectl' && version === 'v1') return available(kubectl);
      return { available: false, reason: 'version-unknown' };
    },
  };
}

export function deactivate(): void {
  // nothing to stop
}
