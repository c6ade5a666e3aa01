/**
 * A fake of the Kubernetes extension as another extension sees it: `vscode.extensions` with (or without) it, its
 * activation state, and the APIBroker its activate() returns, serving configuration and clusterexplorer v1/v1_1 as
 * its contract declares them. Each part can be left out, made old, or made to throw.
 */
import type { ExtensionRegistry } from '../../../src/host/kubernetesExtension';
import type { ExplorerNode, KubeconfigPath, NodeContributor } from '../../../src/host/kubernetesExtensionApi';

type Listener<T> = (value: T) => void;

export class Emitter<T> {
  readonly listeners = new Set<Listener<T>>();
  readonly event = (l: Listener<T>): { dispose(): void } => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
}

export interface FakeOptions {
  /** Which configuration versions it serves (default both). */
  configuration?: ('v1' | 'v1_1')[];
  /** Which cluster explorer versions it serves (default both). */
  explorer?: ('v1' | 'v1_1')[];
  /** What getKubeconfigPath returns (a function to throw or return a promise). */
  kubeconfigPath?: KubeconfigPath | (() => KubeconfigPath | Promise<KubeconfigPath>);
  /** Exports instead of the broker (e.g. an extension too old to have one). */
  exports?: unknown;
  throwOnRegister?: boolean;
  throwOnResolve?: boolean;
  throwOnRefresh?: boolean;
}

export class FakeKubernetesExtension {
  readonly pathChanged = new Emitter<KubeconfigPath>();
  readonly contextChanged = new Emitter<string | null>();
  readonly extensionsChanged = new Emitter<void>();
  readonly contributors: NodeContributor[] = [];
  refreshes = 0;
  installed = true;
  isActive = true;
  /** What resolveCommandTarget returns for a target (its tree elements are opaque to us). */
  readonly targets = new Map<unknown, ExplorerNode>();

  constructor(private readonly o: FakeOptions = {}) {}

  get exports(): unknown {
    if (this.o.exports !== undefined) return this.o.exports;
    return { get: (component: string, version: string) => this.get(component, version) };
  }

  readonly registry: ExtensionRegistry = {
    getExtension: (id) => (this.installed && id === 'ms-kubernetes-tools.vscode-kubernetes-tools' ? this : undefined),
    onDidChange: this.extensionsChanged.event,
  };

  private get(component: string, version: string): unknown {
    const unknown = { available: false, reason: 'version-unknown' };
    if (component === 'configuration' && (this.o.configuration ?? ['v1', 'v1_1']).includes(version as 'v1')) {
      const path = this.o.kubeconfigPath ?? { pathType: 'host', hostPath: '/home/me/.kube/config' };
      const api: Record<string, unknown> = { getKubeconfigPath: typeof path === 'function' ? path : () => path };
      if (version === 'v1_1') Object.assign(api, { onDidChangeKubeconfigPath: this.pathChanged.event, onDidChangeContext: this.contextChanged.event });
      return { available: true, api };
    }
    if (component === 'clusterexplorer' && (this.o.explorer ?? ['v1', 'v1_1']).includes(version as 'v1')) {
      return {
        available: true,
        api: {
          resolveCommandTarget: (target: unknown) => {
            if (this.o.throwOnResolve) throw new Error('resolve broke');
            return this.targets.get(target);
          },
          registerNodeContributor: (c: NodeContributor) => {
            if (this.o.throwOnRegister) throw new Error('register broke');
            this.contributors.push(c);
          },
          refresh: () => {
            if (this.o.throwOnRefresh) throw new Error('refresh broke');
            this.refreshes++;
          },
          nodeSources: {},
          registerNodeUICustomizer: () => undefined,
        },
      };
    }
    return unknown;
  }
}

/** Log lines, by level. */
export function recordingLog(): { info: string[]; warn: string[]; log: { info(m: string): void; warn(m: string): void } } {
  const info: string[] = [];
  const warn: string[] = [];
  return { info, warn, log: { info: (m) => info.push(m), warn: (m) => warn.push(m) } };
}

/** Resolves once `fn` is true (checked every few ms), or rejects after a while: waits on behaviour, asserts no time. */
export async function until(fn: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never happened: ${what}`);
}
