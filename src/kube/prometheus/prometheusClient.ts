/**
 * A Prometheus HTTP API client (istio-model.md M16.1): instant and range queries, the response envelope checked,
 * every value parsed (strings; `NaN`, `+Inf` possible). Two transports share it: the API server's service proxy
 * (prometheusViaService.ts) and a plain URL (prometheusViaUrl.ts).
 */

export interface PromSample {
  metric: Record<string, string>;
  /** May be NaN (0/0, an empty histogram) or ±Infinity. */
  value: number;
}

export interface PromSeries {
  metric: Record<string, string>;
  values: [number, number][];
}

export type PrometheusErrorKind = 'unreachable' | 'forbidden' | 'notFound' | 'badQuery' | 'badResponse' | 'timeout' | 'cancelled';

export class PrometheusError extends Error {
  override readonly name = 'PrometheusError';
  constructor(readonly kind: PrometheusErrorKind, readonly where: string, message: string) {
    super(`Prometheus ${where}: ${message}`);
  }
}

export interface PrometheusClient {
  /** Where it is, for messages: `istio-system/prometheus:9090 (through the API server)` or the URL. */
  readonly where: string;
  query(expr: string, at: Date, signal?: AbortSignal): Promise<PromSample[]>;
  queryRange(expr: string, start: Date, end: Date, stepSeconds: number, signal?: AbortSignal): Promise<PromSeries[]>;
}

/** GETs one API path (`api/v1/query`, …) with its parameters; the transport maps its own failures to PrometheusError. */
export type PromGet = (path: string, params: Record<string, string>, signal?: AbortSignal) => Promise<unknown>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function labels(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** A sample value as Prometheus writes it: a string number, `NaN`, `+Inf`, `-Inf`. */
export function sampleValue(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  if (v === 'NaN') return NaN;
  if (v === '+Inf' || v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : undefined;
}

function pair(v: unknown): [number, number] | undefined {
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'number') return undefined;
  const value = sampleValue(v[1]);
  return value === undefined ? undefined : [v[0], value];
}

/** The `data` of a success envelope of the expected result type, or a PrometheusError saying what is wrong. */
function resultOf(body: unknown, type: 'vector' | 'matrix', where: string): unknown[] {
  if (!isRecord(body)) throw new PrometheusError('badResponse', where, `the answer is not a Prometheus API response (${typeof body === 'string' ? JSON.stringify(body.slice(0, 80)) : typeof body})`);
  if (body.status === 'error') throw new PrometheusError('badQuery', where, `${String(body.errorType ?? 'error')}: ${String(body.error ?? 'no message')}`);
  const data = body.data;
  if (body.status !== 'success' || !isRecord(data) || !Array.isArray(data.result)) throw new PrometheusError('badResponse', where, 'the answer has no data.result');
  if (data.resultType !== type) throw new PrometheusError('badResponse', where, `expected a ${type}, got ${String(data.resultType)}`);
  return data.result;
}

export function parseVector(body: unknown, where: string): PromSample[] {
  return resultOf(body, 'vector', where).flatMap((item) => {
    const value = isRecord(item) ? pair(item.value) : undefined;
    return isRecord(item) && value ? [{ metric: labels(item.metric), value: value[1] }] : [];
  });
}

export function parseMatrix(body: unknown, where: string): PromSeries[] {
  return resultOf(body, 'matrix', where).flatMap((item) => {
    if (!isRecord(item) || !Array.isArray(item.values)) return [];
    return [{ metric: labels(item.metric), values: item.values.map(pair).filter((p): p is [number, number] => !!p) }];
  });
}

/** Seconds since the epoch with millisecond precision, as the API takes `time`, `start` and `end`. */
export function unixSeconds(d: Date): string {
  return (d.getTime() / 1000).toFixed(3);
}

export function prometheusOver(get: PromGet, where: string): PrometheusClient {
  return {
    where,
    async query(expr, at, signal) {
      return parseVector(await get('api/v1/query', { query: expr, time: unixSeconds(at) }, signal), where);
    },
    async queryRange(expr, start, end, stepSeconds, signal) {
      const params = { query: expr, start: unixSeconds(start), end: unixSeconds(end), step: String(stepSeconds) };
      return parseMatrix(await get('api/v1/query_range', params, signal), where);
    },
  };
}
