/**
 * The `services/[scheme:]<name>[:<port>]/proxy/<path>` subresource: a Service with ready endpoints that is a
 * Prometheus (label `app=prometheus` or `app.kubernetes.io/name=prometheus`) answers with the simulator's
 * Prometheus API; any other Service answers as the apiserver does when nothing listens behind it. The errors are
 * the apiserver's: 404 for a missing Service, 503 for no endpoints or an unknown port.
 */
import type { ObjectStore } from '../core/objectStore';
import type { KubeObject } from '../core/types';
import { StatusError, makeStatus } from '../core/errors';
import { isPodReady, isTerminating } from '../controllers/podFactory';
import { asObject } from '../util/json';
import { prometheusApi, type ApiAnswer } from '../prometheus/prometheusApi';
import type { TrafficModel } from '../prometheus/trafficModel';

interface ServicePort {
  name?: string;
  port?: number;
}

function unavailable(message: string): never {
  throw new StatusError(makeStatus(503, 'ServiceUnavailable', message));
}

export function parseServiceTarget(target: string): { scheme: string; name: string; port: string } {
  const parts = target.split(':');
  const scheme = parts.length > 1 && (parts[0] === 'http' || parts[0] === 'https') ? (parts.shift() as string) : 'http';
  return { scheme, name: parts[0] ?? '', port: parts[1] ?? '' };
}

function isPrometheus(svc: KubeObject): boolean {
  const labels = svc.metadata.labels ?? {};
  return labels.app === 'prometheus' || labels['app.kubernetes.io/name'] === 'prometheus';
}

export function serviceProxy(store: ObjectStore, traffic: TrafficModel | undefined, namespace: string, target: string, path: string, params: URLSearchParams): ApiAnswer {
  const { scheme, name, port } = parseServiceTarget(target);
  const svc = store.get('services', namespace, name);
  if (!svc) throw new StatusError(makeStatus(404, 'NotFound', `services "${name}" not found`, { name, kind: 'services' }));
  const spec = asObject(svc.spec);
  const ports = (spec.ports ?? []) as ServicePort[];
  const chosen = port === '' ? (ports.length === 1 ? ports[0] : undefined) : ports.find((p) => p.name === port || String(p.port) === port);
  if (!chosen) unavailable(`no service port ${JSON.stringify(port)} found for service ${JSON.stringify(name)}`);
  const selector = (spec.selector ?? {}) as Record<string, string>;
  const ready = Object.keys(selector).length > 0 && store.list('pods', namespace).some((p) => !isTerminating(p) && isPodReady(p)
    && Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
  if (!ready) unavailable(`no endpoints available for service ${JSON.stringify(name)}`);
  if (!traffic || !isPrometheus(svc)) unavailable(`error trying to reach service: dial tcp 10.96.0.20:${chosen.port ?? 80}: connect: connection refused`);
  if (scheme === 'https') unavailable('error trying to reach service: http: server gave HTTP response to HTTPS client');
  return prometheusApi(traffic, path, params);
}
