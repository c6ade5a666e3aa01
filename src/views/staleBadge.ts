/**
 * The badge on the Istio Upgrades icon: how many proxies need a restart (their pod runs another revision's proxy
 * than its namespace or workload selects) across the loaded clusters. Pure; no badge when there are none.
 */
import * as l10n from '@vscode/l10n';
import type { ClusterState } from '../fleet/clusterState';
import { countText } from './countText';
import { proxiesText } from './nodeText';

export interface StaleBadge {
  value: number;
  tooltip: string;
}

/** Pods with `needsRestart` in a cluster's snapshot (0 when it is not loaded). */
export function staleProxyCount(state: ClusterState): number {
  let n = 0;
  for (const ns of state.snapshot?.namespaces ?? []) {
    for (const w of ns.workloads) n += w.pods.filter((p) => p.needsRestart).length;
  }
  return n;
}

function clusterLine(context: string, n: number): string {
  return `${context}: ${proxiesText(n)}`;
}

/** The badge for the loaded clusters, or undefined when no proxy needs a restart (VS Code then shows none). */
export function staleProxyBadge(clusters: readonly ClusterState[]): StaleBadge | undefined {
  const counts = clusters
    .filter((c) => c.status === 'ready')
    .map((c) => ({ context: c.context, n: staleProxyCount(c) }))
    .filter((c) => c.n > 0);
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  if (total === 0) return undefined;
  const head = countText(total,
    (n) => l10n.t('{0} proxy needs a restart to get its target revision.', n),
    (n) => l10n.t('{0} proxies need a restart to get their target revision.', n));
  return { value: total, tooltip: counts.length > 1 ? `${head} ${counts.map((c) => clusterLine(c.context, c.n)).join(', ')}.` : head };
}

/** Whether any cluster is loaded: the palette shows the commands that need one (context key istioCanary.clusterLoaded). */
export function anyClusterLoaded(clusters: readonly ClusterState[]): boolean {
  return clusters.some((c) => c.status === 'ready' && c.snapshot !== undefined);
}
