/** Prometheus reached through the API server's service proxy (needs `get` on `services/proxy` in its namespace). */
import type { ClusterClient, ServiceProxyTarget } from '../clusterClient';
import { isClusterError } from '../clusterError';
import { PrometheusError, prometheusOver, type PrometheusClient, type PrometheusErrorKind } from './prometheusClient';

export interface PrometheusService {
  namespace: string;
  service: ServiceProxyTarget;
}

export function serviceWhere(s: PrometheusService): string {
  return `${s.namespace}/${s.service.name}${s.service.port !== undefined ? `:${s.service.port}` : ''} (through the API server)`;
}

function kindOf(e: unknown): PrometheusErrorKind {
  if (!isClusterError(e)) return 'unreachable';
  switch (e.kind) {
    case 'forbidden':
    case 'unauthorized':
      return 'forbidden';
    case 'notFound':
      return 'notFound';
    case 'invalid':
      return 'badQuery';
    case 'timeout':
      return 'timeout';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'unreachable';
  }
}

export function prometheusViaService(client: ClusterClient, target: PrometheusService): PrometheusClient {
  const where = serviceWhere(target);
  const proxyGet = client.serviceProxyGet?.bind(client);
  return prometheusOver(async (path, params, signal) => {
    if (!proxyGet) throw new PrometheusError('unreachable', where, 'this client cannot use the service proxy');
    try {
      return await proxyGet(target.namespace, target.service, path, params, signal);
    } catch (e) {
      const kind = kindOf(e);
      const why = isClusterError(e) ? e.message : e instanceof Error ? e.message : String(e);
      const hint = kind === 'forbidden' ? ` — reading Prometheus through the API server needs get on services/proxy in ${target.namespace}; or set istioCanary.prometheusUrl / --prometheus URL` : '';
      throw new PrometheusError(kind, where, `${why}${hint}`);
    }
  }, where);
}
