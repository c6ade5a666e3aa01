/**
 * Which istiod each proxy is connected to, from every istiod replica's `/debug/syncz` (as istioctl
 * proxy-status did up to 1.21, and Kiali does): reached through the API server's pod proxy on the monitoring
 * port. Only the proxies connected to that replica are listed, so every replica of every revision is asked.
 */
import type { ClusterClient } from '../kube/clusterClient';
import { isClusterError } from '../kube/clusterError';
import type { ClusterInventory, KPod } from '../mesh/kubeObjects';
import type { ProxyConnection, ProxyConnections } from '../mesh/verification';

interface SynczEntry {
  proxy?: unknown;
  istio_version?: unknown;
}

function isIstiod(p: KPod): boolean {
  return p.metadata.labels?.app === 'istiod' && p.status?.phase === 'Running';
}

export async function readSyncz(client: ClusterClient, inventory: ClusterInventory, signal?: AbortSignal): Promise<{ connections: ProxyConnections; errors: string[] }> {
  const connections = new Map<string, ProxyConnection>();
  const errors: string[] = [];
  await Promise.all(inventory.pods.filter(isIstiod).map(async (pod) => {
    const ns = pod.metadata.namespace ?? 'istio-system';
    const port = Number(pod.metadata.annotations?.['prometheus.io/port'] ?? 15014) || 15014;
    const revision = pod.metadata.labels?.['istio.io/rev'] ?? 'default';
    try {
      const body = await client.proxyGet(ns, pod.metadata.name, port, 'debug/syncz', signal);
      if (!Array.isArray(body)) throw new Error('the answer is not a JSON array');
      for (const e of body as SynczEntry[]) {
        if (typeof e?.proxy !== 'string') continue;
        connections.set(e.proxy, { istiodPod: pod.metadata.name, revision, istioVersion: typeof e.istio_version === 'string' ? e.istio_version : undefined });
      }
    } catch (e) {
      errors.push(`${ns}/${pod.metadata.name}: ${refusal(e) ?? (e instanceof Error ? e.message : String(e))}`);
    }
  }));
  return { connections: { byProxy: connections, complete: errors.length === 0 }, errors };
}

/** istiod serves /debug only to authenticated or local callers, and the API server's pod proxy drops our token. */
function refusal(e: unknown): string | undefined {
  const kind = isClusterError(e) ? e.kind : undefined;
  if (kind !== 'unauthorized' && kind !== 'forbidden') return undefined;
  return 'istiod refused /debug/syncz through the API server\'s pod proxy (it answers debug requests only from authenticated or local callers); proxies it did not list are not judged';
}
