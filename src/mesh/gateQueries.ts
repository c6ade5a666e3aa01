/**
 * The PromQL the traffic gate sends (istio-model.md M16.1), one query per figure for all workloads of a namespace:
 * server-side (`reporter="destination"`) requests and 5xx responses counted with `increase` over a window, and p99
 * from `istio_request_duration_milliseconds_bucket`. The simulator's Prometheus parses exactly these shapes.
 */

export const GATE_QUANTILE = 0.99;

/** A PromQL string literal: backslashes and double quotes escaped (namespaces are DNS labels, but say so anyway). */
export function promString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function selector(namespace: string, extra = ''): string {
  return `{reporter="destination",destination_workload_namespace=${promString(namespace)}${extra}}`;
}

/** A range in whole seconds, at least 1 s. */
export function promRange(seconds: number): string {
  return `[${Math.max(1, Math.round(seconds))}s]`;
}

/** Requests each workload of `namespace` served in the window. */
export function requestsQuery(namespace: string, windowSeconds: number): string {
  return `sum by (destination_workload) (increase(istio_requests_total${selector(namespace)}${promRange(windowSeconds)}))`;
}

/** 5xx responses each workload of `namespace` answered in the window. */
export function errorsQuery(namespace: string, windowSeconds: number): string {
  return `sum by (destination_workload) (increase(istio_requests_total${selector(namespace, ',response_code=~"5.."')}${promRange(windowSeconds)}))`;
}

/** p99 request duration (ms) per workload of `namespace` over the window; NaN where it served nothing. */
export function p99Query(namespace: string, windowSeconds: number): string {
  return `histogram_quantile(${GATE_QUANTILE}, sum by (destination_workload, le) (rate(istio_request_duration_milliseconds_bucket${selector(namespace)}${promRange(windowSeconds)})))`;
}
