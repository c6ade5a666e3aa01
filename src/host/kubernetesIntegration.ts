/**
 * Wires the Kubernetes extension bridge into this extension: its kubeconfig path and context events request a
 * (debounced) reload, a context it switched to is connected, our "Istio revisions" node is redrawn when what it
 * shows changed, and its namespace nodes resolve to a context (the current context of its kubeconfig: its
 * explorer expands only that one).
 */
import * as vscode from 'vscode';
import * as os from 'node:os';
import { loadKubeconfigs } from '../kube/kubeconfigLoader';
import { resolveKubeconfigPaths } from '../kube/kubeconfigPaths';
import { KubernetesExtensionBridge, type BridgeLog, type ExtensionRegistry } from './kubernetesExtension';
import { explorerSignature, istioNodeContributor, type ExplorerModel } from './kubernetesExplorerNodes';
import type { ExplorerTarget } from './kubernetesExtensionApi';

export interface KubernetesIntegrationDeps {
  log: BridgeLog;
  model: ExplorerModel;
  onDidChangeClusters: vscode.Event<string[]>;
  /** Its kubeconfig path became known or changed (read it with bridge.kubeconfigPath()). */
  onKubeconfigPathChanged(): void;
  /** It switched the current context. */
  onContextChanged(context: string): void;
  /** Our kubeconfig files, when the Kubernetes extension gives none. */
  ourKubeconfigPaths(): string[];
  /** How long the explorer waits before a redraw (it re-reads its whole tree). Default 1 s. */
  refreshDelayMs?: number;
  /** Default: vscode.extensions. */
  extensions?: ExtensionRegistry;
  /** Default: 2 s. */
  pollMs?: number;
}

/** What a command invoked on one of its nodes is about, with the context resolved. */
export type ResolvedTarget = { context: string; namespace?: string };

export class KubernetesIntegration implements vscode.Disposable {
  readonly bridge: KubernetesExtensionBridge;
  private readonly shown = new Map<string, string>();
  private timer?: ReturnType<typeof setTimeout>;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly deps: KubernetesIntegrationDeps) {
    this.bridge = new KubernetesExtensionBridge({
      extensions: deps.extensions ?? vscode.extensions,
      pollMs: deps.pollMs,
      log: deps.log,
      onKubeconfigPathChanged: () => deps.onKubeconfigPathChanged(),
      onContextChanged: (c) => deps.onContextChanged(c),
      contributor: istioNodeContributor(deps.model, (context) => this.shown.set(context, explorerSignature(deps.model.cluster(context)))),
    });
    this.subscription = deps.onDidChangeClusters((contexts) => this.clustersChanged(contexts));
  }

  start(): void {
    this.bridge.start();
  }

  /** The context and namespace of one of its nodes; undefined when it is not a cluster or namespace node. */
  resolve(target: unknown): ResolvedTarget | undefined {
    const t: ExplorerTarget | undefined = this.bridge.resolveTarget(target);
    if (t?.kind === 'context') return { context: t.context };
    if (t?.kind !== 'namespace') return undefined;
    const context = this.explorerContext();
    return context ? { context, namespace: t.namespace } : undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.subscription.dispose();
    this.bridge.dispose();
  }

  /** Its kubeconfig's current context (read now: kubectl may have switched it outside VS Code), else its last event. */
  private explorerContext(): string | undefined {
    const own = this.bridge.kubeconfigPath();
    const paths = own ? resolveKubeconfigPaths({ kubernetesExtension: own, home: os.homedir() }).paths : this.deps.ourKubeconfigPaths();
    return loadKubeconfigs(paths).currentContext ?? this.bridge.lastSwitchedContext();
  }

  private clustersChanged(contexts: readonly string[]): void {
    let changed = false;
    for (const context of contexts) {
      const before = this.shown.get(context);
      if (before === undefined) continue;
      const now = explorerSignature(this.deps.model.cluster(context));
      if (now !== before) {
        this.shown.set(context, now);
        changed = true;
      }
    }
    if (!changed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.bridge.refreshExplorer();
    }, this.deps.refreshDelayMs ?? 1000);
  }
}
