import * as os from 'node:os';
import * as path from 'node:path';
import { resolveKubeconfigPaths } from '../kube/kubeconfigPaths';
import { loadKubeconfigs } from '../kube/kubeconfigLoader';
import { openClusterSession } from '../kube/clusterSession';
import type { ClusterClient } from '../kube/clusterClient';
import { Journal } from '../upgrade/journal';
import { ClusterError } from '../kube/clusterError';

export interface AccessArgs {
  kubeconfig?: string;
  context?: string;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  execTimeoutMs?: number;
}

export interface ClusterAccess {
  client: ClusterClient;
  context: string;
  dispose(): void;
}

/** The context names the kubeconfig defines (for plan checks: is the plan's context one of them?). */
export function kubeconfigContexts(args: Pick<AccessArgs, 'kubeconfig'>): string[] {
  const { paths } = resolveKubeconfigPaths({ setting: args.kubeconfig, kubeconfigEnv: process.env.KUBECONFIG, home: os.homedir() });
  return loadKubeconfigs(paths).contexts.map((c) => c.name);
}

/** Opens a client for `--context` (default: the kubeconfig's current context). Throws with a readable message. */
export function openClusterAccess(args: AccessArgs): ClusterAccess {
  const { paths } = resolveKubeconfigPaths({ setting: args.kubeconfig, kubeconfigEnv: process.env.KUBECONFIG, home: os.homedir() });
  const loaded = loadKubeconfigs(paths);
  const context = args.context ?? loaded.currentContext;
  // Kubeconfig problems are ClusterErrors (badConfig): the CLI exits 2, "a kubeconfig could not be read".
  const why = loaded.fileErrors.map((f) => f.message).join('; ');
  if (loaded.contexts.length === 0 && why) {
    throw new ClusterError({ kind: 'badConfig', context: context ?? '', message: `cannot use the kubeconfig: ${why}`, remedy: 'fix the file, or point --kubeconfig (or KUBECONFIG) at another one' });
  }
  if (!context) {
    throw new ClusterError({ kind: 'badConfig', context: '', message: `no --context given and no current-context in ${paths.join(', ')}${why ? ` (${why})` : ''}`, remedy: 'pass --context NAME' });
  }
  if (!loaded.contexts.some((c) => c.name === context)) {
    const known = loaded.contexts.map((c) => c.name);
    throw new ClusterError({
      kind: 'badConfig', context,
      message: `context ${JSON.stringify(context)} not found in ${paths.join(', ')}${why ? ` (${why})` : ''}`,
      remedy: known.length ? `known contexts: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}` : 'the kubeconfig defines no context',
    });
  }
  const session = openClusterSession(loaded, context, {
    requestTimeoutMs: args.requestTimeoutMs, connectTimeoutMs: args.connectTimeoutMs, execTimeoutMs: args.execTimeoutMs,
  });
  return { client: session.client, context, dispose: () => session.dispose() };
}

/** `--journal DIR`, else $ISTIO_CANARY_JOURNAL, else $XDG_STATE_HOME (~/.local/state)/istio-canary-upgrades. */
export function openJournal(dir?: string): Journal {
  const state = process.env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return new Journal(dir || process.env.ISTIO_CANARY_JOURNAL || path.join(state, 'istio-canary-upgrades'));
}
