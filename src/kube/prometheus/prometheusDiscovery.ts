/**
 * Finding Prometheus in a cluster: a Service with one of the usual names in the usual namespaces, read with one
 * GET each (in parallel). Names: Istio's addon (`istio-system/prometheus`, samples/addons), kube-prometheus
 * (`monitoring/prometheus-k8s`), the Prometheus Operator's governing Service (`prometheus-operated`),
 * kube-prometheus-stack (`<release>-kube-prometheus-prometheus`, `kube-prometheus-stack-prometheus`) and the
 * prometheus-community chart (`prometheus-server`).
 */
import type { ClusterClient, ServiceProxyTarget } from '../clusterClient';
import { isClusterError } from '../clusterError';
import type { KService } from '../../mesh/kubeObjects';
import type { PrometheusService } from './prometheusViaService';

export const PROMETHEUS_CANDIDATES: readonly { namespace: string; name: string }[] = [
  { namespace: 'istio-system', name: 'prometheus' },
  { namespace: 'monitoring', name: 'prometheus-k8s' },
  { namespace: 'monitoring', name: 'prometheus-operated' },
  { namespace: 'monitoring', name: 'kube-prometheus-stack-prometheus' },
  { namespace: 'monitoring', name: 'prometheus-kube-prometheus-prometheus' },
  { namespace: 'monitoring', name: 'prometheus-server' },
  { namespace: 'monitoring', name: 'prometheus' },
  { namespace: 'prometheus', name: 'prometheus-server' },
  { namespace: 'prometheus', name: 'prometheus-operated' },
];

const PORT_NAMES = ['http', 'web', 'http-web'];

/** The Service port to proxy to: a usual port name, else 9090, else the only/first port. */
export function prometheusPort(svc: KService): ServiceProxyTarget['port'] {
  const ports = svc.spec?.ports ?? [];
  const named = ports.find((p) => p.name && PORT_NAMES.includes(p.name)) ?? ports.find((p) => p.port === 9090) ?? ports[0];
  if (!named) return undefined;
  return named.name || named.port;
}

export type PrometheusDiscovery =
  | { found: true; target: PrometheusService }
  | { found: false; tried: string[]; problems: string[] };

export async function findPrometheus(client: ClusterClient, signal?: AbortSignal): Promise<PrometheusDiscovery> {
  const reads = await Promise.all(PROMETHEUS_CANDIDATES.map(async (c) => {
    try {
      return { c, svc: await client.get('services', c.name, c.namespace, signal) };
    } catch (e) {
      if (isClusterError(e) && e.kind === 'notFound') return { c };
      return { c, problem: `${c.namespace}/${c.name}: ${isClusterError(e) ? e.message : String(e)}` };
    }
  }));
  const hit = reads.find((r) => r.svc);
  if (hit?.svc) return { found: true, target: { namespace: hit.c.namespace, service: { name: hit.c.name, port: prometheusPort(hit.svc) } } };
  if (signal?.aborted) throw signal.reason;
  return {
    found: false,
    tried: PROMETHEUS_CANDIDATES.map((c) => `${c.namespace}/${c.name}`),
    problems: reads.flatMap((r) => (r.problem ? [r.problem] : [])),
  };
}

/** Where Prometheus is, as `namespace/name` of its Service; undefined when none is found or the reads fail. */
export async function prometheusLocation(client: ClusterClient, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const found = await findPrometheus(client, signal);
    return found.found ? `${found.target.namespace}/${found.target.service.name}` : undefined;
  } catch {
    return undefined;
  }
}
