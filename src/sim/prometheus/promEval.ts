/**
 * Evaluates a parsed gate query (promQuery.ts) at one instant over the traffic model's synthetic series:
 * `istio_requests_total` (reporter=destination, response_code 200 or 503) and
 * `istio_request_duration_milliseconds_bucket` (Istio's default buckets; latencies exponentially distributed with
 * the pod's p99). `increase` is exact (no extrapolation); `histogram_quantile` interpolates as Prometheus does.
 */
import type { GateQuery, RangeSelection, SumQuery } from './promQuery';
import { matches } from './promQuery';
import type { Serving, TrafficModel } from './trafficModel';

/** Istio's default buckets for istio_request_duration_milliseconds. */
export const DURATION_BUCKETS = [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000];

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

function overlapSeconds(s: Serving, start: number, end: number): number {
  return Math.max(0, (Math.min(s.to ?? end, end) - Math.max(s.from, start)) / 1000);
}

function baseLabels(s: Serving): Record<string, string> {
  return {
    reporter: 'destination', destination_workload: s.workload, destination_workload_namespace: s.namespace,
    destination_canonical_service: s.workload, destination_canonical_revision: 'latest', source_workload: 'unknown',
  };
}

/** The raw series of the selection's metric over its range ending at `at` (ms), already divided by the range for `rate`. */
function rangeSeries(sel: RangeSelection, model: TrafficModel, at: number): Sample[] {
  const start = at - sel.rangeSeconds * 1000;
  const per = sel.fn === 'rate' ? 1 / sel.rangeSeconds : 1;
  const out: Sample[] = [];
  for (const s of model.servingBetween(start, at)) {
    const requests = model.rps(s) * overlapSeconds(s, start, at) * per;
    if (requests <= 0) continue;
    const labels = baseLabels(s);
    if (sel.metric === 'istio_requests_total') {
      const err = model.errorRatio(s);
      out.push({ metric: { ...labels, response_code: '200' }, value: requests * (1 - err) });
      if (err > 0) out.push({ metric: { ...labels, response_code: '503' }, value: requests * err });
    } else if (sel.metric === 'istio_request_duration_milliseconds_bucket') {
      const lambda = Math.log(100) / model.p99Ms(s);
      for (const le of DURATION_BUCKETS) out.push({ metric: { ...labels, le: String(le) }, value: requests * (1 - Math.exp(-lambda * le)) });
      out.push({ metric: { ...labels, le: '+Inf' }, value: requests });
    }
  }
  return out.filter((x) => sel.matchers.every((m) => matches(m, x.metric)));
}

function evalSum(q: SumQuery, model: TrafficModel, at: number): Sample[] {
  const groups = new Map<string, Sample>();
  for (const s of rangeSeries(q.inner, model, at)) {
    const metric: Record<string, string> = {};
    for (const l of q.by) if (s.metric[l] !== undefined) metric[l] = s.metric[l];
    const key = JSON.stringify(metric);
    const g = groups.get(key);
    if (g) g.value += s.value;
    else groups.set(key, { metric, value: s.value });
  }
  return [...groups.values()];
}

/** Prometheus's bucketQuantile: linear interpolation inside the bucket that holds the rank. */
export function bucketQuantile(q: number, buckets: { le: number; count: number }[]): number {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  if (sorted.length < 2 || sorted[sorted.length - 1].le !== Infinity) return NaN;
  const total = sorted[sorted.length - 1].count;
  if (total === 0) return NaN;
  let rank = q * total;
  const b = sorted.findIndex((x) => x.count >= rank);
  if (b === sorted.length - 1) return sorted[sorted.length - 2].le;
  if (b === 0 && sorted[0].le <= 0) return sorted[0].le;
  let start = 0;
  let count = sorted[b].count;
  if (b > 0) {
    start = sorted[b - 1].le;
    count -= sorted[b - 1].count;
    rank -= sorted[b - 1].count;
  }
  return start + (sorted[b].le - start) * (rank / count);
}

export function evaluate(q: GateQuery, model: TrafficModel, at: number): Sample[] {
  if (q.type === 'sum') return evalSum(q, model, at);
  const byGroup = new Map<string, { metric: Record<string, string>; buckets: { le: number; count: number }[] }>();
  for (const s of evalSum(q.sum, model, at)) {
    const { le, ...metric } = s.metric;
    const key = JSON.stringify(metric);
    const g = byGroup.get(key) ?? { metric, buckets: [] };
    g.buckets.push({ le: le === '+Inf' ? Infinity : Number(le), count: s.value });
    byGroup.set(key, g);
  }
  return [...byGroup.values()].map((g) => ({ metric: g.metric, value: bucketQuantile(q.quantile, g.buckets) }));
}

/** A value as Prometheus writes it. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}
