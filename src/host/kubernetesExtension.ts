/**
 * The optional Kubernetes extension (vscode-kubernetes-tools): when it is installed and active, follow its
 * kubeconfig path and context changes, contribute our node to its Clusters view and resolve what its menu
 * commands were invoked on. Without it (or with an old one, or one whose API throws) everything else works as
 * before: every call into it is guarded and a failure is logged once, never thrown.
 *
 * It is never activated from here (activating loads its bundle): this waits until it is active — VS Code has no
 * event for another extension's activation, so `isActive` is polled (a property read) until it is.
 */
import type * as vscode from 'vscode';
import {
  KUBERNETES_EXTENSION_ID, asBroker, explorerTarget, isClusterExplorerApi, isConfigurationApi, obtain,
  type ClusterExplorerApi, type ConfigurationApi, type ExplorerTarget, type KubeconfigPath, type NodeContributor,
} from './kubernetesExtensionApi';

export interface ExtensionLike {
  readonly isActive: boolean;
  readonly exports: unknown;
}

/** The part of `vscode.extensions` used here (a fake in unit tests). */
export interface ExtensionRegistry {
  getExtension(id: string): ExtensionLike | undefined;
  readonly onDidChange: vscode.Event<void>;
}

export interface BridgeLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface KubernetesExtensionOptions {
  extensions: ExtensionRegistry;
  log: BridgeLog;
  /** Its kubeconfig path changed (or became known): reload. */
  onKubeconfigPathChanged(): void;
  /** It switched the current context. */
  onContextChanged(context: string): void;
  /** Our node under its clusters. */
  contributor: NodeContributor;
  /** How often to look whether it has been activated; default 2 s. */
  pollMs?: number;
}

export type BridgeState = 'absent' | 'waiting' | 'attached' | 'unusable';

export class KubernetesExtensionBridge {
  private state: BridgeState = 'absent';
  private configuration?: ConfigurationApi;
  private explorer?: ClusterExplorerApi;
  private hostPath?: string;
  private lastContext?: string;
  private poll?: ReturnType<typeof setInterval>;
  private readonly subscriptions: { dispose(): unknown }[] = [];
  private disposed = false;

  constructor(private readonly options: KubernetesExtensionOptions) {}

  /** Looks for the extension now and whenever the installed extensions change. */
  start(): void {
    this.subscriptions.push(this.options.extensions.onDidChange(() => this.look()));
    this.look();
  }

  status(): BridgeState {
    return this.state;
  }

  /** Its kubeconfig path (a `KUBECONFIG`-style list), when it is attached and gave a host path. */
  kubeconfigPath(): string | undefined {
    return this.hostPath;
  }

  /** The context it last said it switched to (its events only see switches made through it). */
  lastSwitchedContext(): string | undefined {
    return this.lastContext;
  }

  /** Asks it for its kubeconfig path again (after a `vs-kubernetes` setting changed); true when it changed. */
  async refreshKubeconfigPath(): Promise<boolean> {
    if (!this.configuration) return false;
    const before = this.hostPath;
    await this.readKubeconfigPath();
    return this.hostPath !== before;
  }

  /** What one of its menu commands was invoked on, through its resolveCommandTarget. */
  resolveTarget(target: unknown): ExplorerTarget | undefined {
    // Its menu ran a command of ours: it is active now, even if the next poll has not seen it yet (attach sets the
    // APIs before its first await).
    if (this.state === 'waiting') this.look();
    if (!this.explorer) return undefined;
    try {
      return explorerTarget(this.explorer.resolveCommandTarget(target));
    } catch (e) {
      this.options.log.warn(`Kubernetes extension: resolveCommandTarget failed: ${message(e)}`);
      return undefined;
    }
  }

  /** Redraws its Clusters view (its refresh re-reads its whole tree: call it only when our node changed). */
  refreshExplorer(): void {
    try {
      this.explorer?.refresh();
    } catch (e) {
      this.options.log.warn(`Kubernetes extension: refresh failed: ${message(e)}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.stopPolling();
    for (const s of this.subscriptions.splice(0)) {
      try {
        s.dispose();
      } catch {
        // its event's disposable; nothing left to do
      }
    }
  }

  private look(): void {
    if (this.disposed || this.state === 'attached' || this.state === 'unusable') return;
    let ext: ExtensionLike | undefined;
    try {
      ext = this.options.extensions.getExtension(KUBERNETES_EXTENSION_ID);
    } catch (e) {
      this.options.log.warn(`Kubernetes extension: cannot look it up: ${message(e)}`);
    }
    if (!ext) {
      this.state = 'absent';
      this.stopPolling();
      return;
    }
    if (ext.isActive) {
      this.stopPolling();
      void this.attach(ext);
      return;
    }
    this.state = 'waiting';
    if (!this.poll) {
      this.poll = setInterval(() => this.look(), this.options.pollMs ?? 2000);
      this.poll.unref?.();
    }
  }

  private stopPolling(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
  }

  private async attach(ext: ExtensionLike): Promise<void> {
    this.state = 'attached';
    const log = this.options.log;
    const broker = asBroker(ext.exports);
    if (!broker) {
      this.state = 'unusable';
      log.warn('Kubernetes extension: installed, but it offers no API broker (a version before its public API?); following it is off.');
      return;
    }
    const configuration = obtain(broker, 'configuration', ['v1_1', 'v1'], isConfigurationApi);
    const explorer = obtain(broker, 'clusterexplorer', ['v1_1', 'v1'], isClusterExplorerApi);
    log.info(`Kubernetes extension: configuration API ${configuration.version ?? `unavailable (${configuration.reason})`}, `
      + `cluster explorer API ${explorer.version ?? `unavailable (${explorer.reason})`}`);
    this.configuration = configuration.api;
    this.explorer = explorer.api;
    if (!this.configuration && !this.explorer) {
      this.state = 'unusable';
      return;
    }
    if (this.configuration) this.follow(this.configuration);
    if (this.explorer) this.contribute(this.explorer);
    await this.readKubeconfigPath();
    if (this.hostPath !== undefined && !this.disposed) this.options.onKubeconfigPathChanged();
  }

  private follow(configuration: ConfigurationApi): void {
    const guard = <T>(what: string, fn: (value: T) => void) => (value: T): void => {
      try {
        fn(value);
      } catch (e) {
        this.options.log.warn(`Kubernetes extension: handling ${what} failed: ${message(e)}`);
      }
    };
    try {
      const path = configuration.onDidChangeKubeconfigPath?.(guard('a kubeconfig change', (p: KubeconfigPath) => {
        const before = this.hostPath;
        this.hostPath = this.hostPathOf(p);
        if (this.hostPath !== before) this.options.onKubeconfigPathChanged();
      }));
      const context = configuration.onDidChangeContext?.(guard('a context change', (c: string | null) => {
        if (typeof c !== 'string' || !c) return;
        this.lastContext = c;
        this.options.onContextChanged(c);
      }));
      for (const s of [path, context]) if (s) this.subscriptions.push(s);
    } catch (e) {
      this.options.log.warn(`Kubernetes extension: cannot subscribe to its configuration events: ${message(e)}`);
    }
  }

  private contribute(explorer: ClusterExplorerApi): void {
    try {
      explorer.registerNodeContributor(this.options.contributor);
      // Contexts it drew before we registered would not show as expandable until it redraws.
      explorer.refresh();
    } catch (e) {
      this.options.log.warn(`Kubernetes extension: cannot add the Istio revisions node: ${message(e)}`);
    }
  }

  private async readKubeconfigPath(): Promise<void> {
    try {
      this.hostPath = this.hostPathOf(await this.configuration?.getKubeconfigPath());
    } catch (e) {
      this.options.log.warn(`Kubernetes extension: getKubeconfigPath failed: ${message(e)}`);
      this.hostPath = undefined;
    }
  }

  private hostPathOf(p: KubeconfigPath | undefined): string | undefined {
    if (p?.pathType === 'host' && typeof p.hostPath === 'string' && p.hostPath.trim()) return p.hostPath;
    if (p?.pathType === 'wsl') this.options.log.warn(`Kubernetes extension: its kubeconfig is inside WSL (${p.wslPath}), which this extension cannot read; not following it.`);
    return undefined;
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
