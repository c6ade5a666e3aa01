/**
 * "Use this context now": connect it when it is listed but not connected, wait while it loads. For the entry
 * points outside our tree (the Kubernetes extension's nodes and menus), which name a context directly.
 */
import type * as vscode from 'vscode';
import type { ClusterState } from '../fleet/clusterState';

export interface ClusterLoadingDeps {
  fleet(): { cluster(context: string): ClusterState | undefined };
  /** Connects an idle context (and remembers it); resolves when it has loaded or failed. */
  connectCluster(context: string): Promise<void>;
  /** Fires with the contexts whose state changed, across fleet reloads. */
  onDidChangeClusters: vscode.Event<string[]>;
}

/** The context's state once it is neither idle nor loading; undefined when the kubeconfig has no such context. */
export async function ensureLoaded(deps: ClusterLoadingDeps, context: string, timeoutMs: number): Promise<ClusterState | undefined> {
  let state = deps.fleet().cluster(context);
  if (state?.status === 'idle') {
    await deps.connectCluster(context);
    state = deps.fleet().cluster(context);
  }
  if (state?.status !== 'loading') return state;
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      subscription.dispose();
      resolve(deps.fleet().cluster(context));
    };
    const timer = setTimeout(done, timeoutMs);
    const subscription = deps.onDidChangeClusters(() => {
      if (deps.fleet().cluster(context)?.status !== 'loading') done();
    });
  });
}
