/** Composition root: builds the services, registers the view and the commands. Nothing else. */
import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { Fleet } from './fleet/fleet';
import { LogChannel } from './host/logChannel';
import { readSettings, type ExtensionSettings } from './host/settings';
import { computeViewState, type ViewState } from './host/viewState';
import { createExtensionApi, type IstioCanaryApi } from './host/extensionApi';
import { RevisionTreeProvider } from './views/revisionTreeProvider';
import { registerCommands } from './commands/registerCommands';
import type { CommandContext } from './commands/commandContext';
import { offerInterruptedRuns } from './commands/offerInterruptedRuns';
import { Journal } from './upgrade/journal';
import * as path from 'node:path';
import { ProxyVersionsPanel } from './webview/proxyVersionsPanel';
import { VIEW_TYPE } from './webview/protocol';
import type { PanelActions } from './webview/panelActions';
import { createPanelActions } from './commands/panelActionsImpl';
import { registerReportDocuments } from './commands/showMarkdown';
import { stopDemoMeshes } from './commands/tryDemoMesh';
import { plural } from './mesh/plural';
import { ClusterConnections } from './host/clusterConnections';
import { KubeconfigWatcher } from './host/kubeconfigWatcher';
import { ClusterNode } from './views/clusterNode';
import { JournalWatcher } from './host/journalWatcher';
import { registerPlanLanguage } from './language/registerPlanLanguage';
import { revealCluster } from './views/revealCluster';
import { ReloadScheduler } from './host/reloadScheduler';
import { KubernetesIntegration } from './host/kubernetesIntegration';
import { ensureLoaded } from './host/clusterLoading';
import { anyClusterLoaded, staleProxyBadge } from './views/staleBadge';

export function activate(context: vscode.ExtensionContext): IstioCanaryApi {
  const started = Date.now();
  // The text modules that stay free of `vscode` (tree text, reports) translate with @vscode/l10n: same bundle.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const log = new LogChannel();
  let settings: ExtensionSettings = readSettings();
  let viewState: ViewState = 'ok';

  const extraKubeconfigs: string[] = [];
  const connections = new ClusterConnections(context.globalState, () => settings.connect);
  const makeFleet = (s: ExtensionSettings): Fleet => new Fleet({
    paths: [...s.kubeconfigPaths, ...extraKubeconfigs],
    logger: log,
    requestTimeoutMs: s.requestTimeoutMs,
    connectTimeoutMs: s.connectTimeoutMs,
    pageSize: s.pageSize,
    execTimeoutMs: s.execTimeoutMs,
    retry: s.retry,
    istioNamespaces: s.istioNamespace ? [s.istioNamespace] : undefined,
    watch: s.watch,
    contexts: s.contexts,
    connectOnLoad: connections.connectOnLoad,
  });
  let fleet = makeFleet(settings);

  const tree = new RevisionTreeProvider(fleet, () => ({ showSystemNamespaces: settings.showSystemNamespaces }), () => viewState !== 'ok');
  const view = vscode.window.createTreeView('istioCanary.revisions', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });

  let clusterLoaded: boolean | undefined;
  let badgeKey = '';
  const updateViewState = (): void => {
    const clusters = fleet.clusters();
    const next = computeViewState(clusters, fleet.fileErrors);
    if (next !== viewState) {
      viewState = next;
      tree.refreshAll();
    }
    void vscode.commands.executeCommand('setContext', 'istioCanary.state', next);
    // On the activity-bar icon: proxies needing a restart across the loaded clusters (none: no badge).
    const badge = staleProxyBadge(clusters);
    if (JSON.stringify(badge ?? null) !== badgeKey) {
      badgeKey = JSON.stringify(badge ?? null);
      view.badge = badge;
    }
    const loaded = anyClusterLoaded(clusters);
    if (loaded !== clusterLoaded) {
      clusterLoaded = loaded;
      void vscode.commands.executeCommand('setContext', 'istioCanary.clusterLoaded', loaded);
    }
  };

  const clustersChanged = new vscode.EventEmitter<string[]>();
  const onFleetChange = (contexts: string[]): void => {
    updateViewState();
    clustersChanged.fire(contexts);
  };
  let unsubscribe = fleet.onDidChange(onFleetChange);
  const load = async (): Promise<void> => {
    log.info(`Reading kubeconfig from ${settings.kubeconfigSource}: ${settings.kubeconfigPaths.join(', ')}`);
    await fleet.load();
    for (const f of fleet.fileErrors) log.warn(`kubeconfig ${f.path}: ${f.message}`);
    for (const c of fleet.clusters()) {
      if (c.status === 'idle') log.info(`[${c.context}] not connected (expand it or choose Connect)${c.authHint ? `; connecting runs ${c.authHint}` : ''}`);
      else if (c.status === 'error') log.warn(`[${c.context}] ${c.error?.kind}: ${c.error?.message}${c.error?.remedy ? ` — ${c.error.remedy}` : ''}`);
      else log.info(`[${c.context}] loaded in ${c.loadMs} ms: ${plural(c.snapshot?.revisions.length ?? 0, 'revision')}, ${plural(c.snapshot?.namespaces.length ?? 0, 'namespace')}`);
    }
    updateViewState();
  };

  const watcher = new KubeconfigWatcher({
    onChange: (files) => {
      log.info(`kubeconfig changed (${files.join(', ')}): reloading`);
      reloads.request();
    },
    onError: (m) => log.warn(m),
  });
  // The Kubernetes extension's kubeconfig path (k8s is built below; this runs only after activation).
  const currentSettings = (): ExtensionSettings => readSettings(k8s.bridge.kubeconfigPath());
  const reloadAll = async (): Promise<void> => {
    settings = currentSettings();
    unsubscribe();
    fleet.dispose();
    fleet = makeFleet(settings);
    tree.setFleet(fleet);
    unsubscribe = fleet.onDidChange(onFleetChange);
    watcher.watch([...settings.kubeconfigPaths, ...extraKubeconfigs]);
    await load();
  };
  const reloads = new ReloadScheduler({ reload: reloadAll, onError: (m) => log.error(`reload failed: ${m}`) });
  const connectCluster = async (name: string): Promise<void> => {
    connections.connected(name);
    log.info(`[${name}] connecting`);
    await fleet.connect(name);
  };

  const journal = new Journal(path.join(context.globalStorageUri.fsPath, 'journal'));
  const journalWatcher = new JournalWatcher(journal.dir, (m) => log.warn(m));
  const ctx: CommandContext = {
    extension: context, fleet: () => fleet, log, tree, journal, settings: () => settings, reloadAll,
    addKubeconfig: async (p) => {
      if (!extraKubeconfigs.includes(p)) extraKubeconfigs.push(p);
      await reloadAll();
      // The user asked for this file's clusters (the demo mesh): connect them all.
      await Promise.all(fleet.clusters().filter((c) => c.sourceFile === p && c.status === 'idle').map((c) => connectCluster(c.context)));
    },
    connectCluster,
    disconnectCluster: (name) => {
      connections.disconnected(name);
      fleet.disconnect(name);
    },
    revealCluster: async (name, revision) => {
      if (fleet.cluster(name)?.status === 'idle') await connectCluster(name);
      await revealCluster(view, tree, name, revision);
    },
    kubernetesExplorer: { resolve: (target) => k8s.resolve(target) },
    onDidChangeClusters: clustersChanged.event,
    planRan: () => journalWatcher.poke(),
    // panelActions is declared below; this runs only after activation.
    showProxyVersions: (ctxName, scope, title, baseline, beside, traffic) => ProxyVersionsPanel.show(context.extensionUri, panelActions, ctxName, scope, title, baseline, beside, traffic),
  };
  const k8s = new KubernetesIntegration({
    log,
    model: {
      cluster: (name) => fleet.cluster(name),
      ensureLoaded: (name) => ensureLoaded(ctx, name, settings.connectTimeoutMs + 2 * settings.requestTimeoutMs),
      kubeconfigSource: () => settings.kubeconfigSource,
    },
    onDidChangeClusters: clustersChanged.event,
    onKubeconfigPathChanged: () => {
      const next = currentSettings();
      if (next.kubeconfigPaths.join('\n') === settings.kubeconfigPaths.join('\n')) return;
      log.info(`Kubernetes extension: kubeconfig is now ${next.kubeconfigPaths.join(', ')}: reloading`);
      reloads.request();
    },
    onContextChanged: (name) => {
      log.info(`Kubernetes extension: switched to context ${name}: reloading, then connecting it`);
      reloads.request(() => (fleet.cluster(name)?.status === 'idle' ? connectCluster(name) : undefined));
    },
    ourKubeconfigPaths: () => settings.kubeconfigPaths,
  });
  const revealNamespace = async (ctxName: string, ns: string): Promise<boolean> => {
    const node = tree.findNamespace(ctxName, ns);
    if (!node) return false;
    await view.reveal(node, { select: true, focus: true, expand: true });
    return true;
  };
  const panelActions: PanelActions = createPanelActions(ctx, revealNamespace);
  context.subscriptions.push(
    log, tree, view, clustersChanged, registerReportDocuments(),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => ProxyVersionsPanel.revive(panel, context.extensionUri, panelActions, state),
    }),
    ...registerCommands(ctx),
    journalWatcher, registerPlanLanguage(ctx, journalWatcher),
    view.onDidExpandElement((e) => {
      if (e.element instanceof ClusterNode && e.element.state.status === 'idle') void connectCluster(e.element.context);
    }),
    watcher, reloads, k8s,
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      // Its answer (with `${…}` interpolated) replaces the raw setting: ask it again before reloading.
      if (e.affectsConfiguration('vs-kubernetes')) await k8s.bridge.refreshKubeconfigPath();
      if (e.affectsConfiguration('istioCanary') || e.affectsConfiguration('vs-kubernetes')) reloads.request();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => reloads.request()),
    { dispose: () => { unsubscribe(); fleet.dispose(); } },
  );

  watcher.watch([...settings.kubeconfigPaths]);
  k8s.start();
  void load()
    .then(() => offerInterruptedRuns(ctx))
    .catch((e: unknown) => log.error(`load failed: ${e instanceof Error ? e.message : String(e)}`));
  log.info(`activated in ${Date.now() - started} ms`);
  return createExtensionApi(tree, () => fleet, revealNamespace);
}

export function deactivate(): Promise<void> {
  // Disposables registered in activate() stop the watches; demo meshes are stopped here.
  return stopDemoMeshes();
}
