/**
 * The simulator's Prometheus HTTP API (prometheus/prometheus docs/querying/api.md): `GET api/v1/query` and
 * `GET api/v1/query_range`, with Prometheus's envelope and error bodies, over the traffic model's series.
 * It evaluates only the traffic gate's query shapes (promQuery.ts); any other query is a 400 bad_data.
 */
import { evaluate, formatValue } from './promEval';
import { PromParseError, parseGateQuery, type GateQuery } from './promQuery';
import type { TrafficModel } from './trafficModel';

export interface ApiAnswer {
  status: number;
  json?: unknown;
  text?: string;
}

const MAX_POINTS = 11_000;

function badData(error: string): ApiAnswer {
  return { status: 400, json: { status: 'error', errorType: 'bad_data', error } };
}

/** `time`, `start`, `end`: unix seconds (fractions allowed) or RFC 3339; milliseconds, or undefined when invalid. */
function timestamp(raw: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw) * 1000;
  const t = Date.parse(raw);
  return /^\d{4}-\d{2}-\d{2}T/.test(raw) && !Number.isNaN(t) ? t : undefined;
}

/** `step`: seconds (fractions allowed) or a duration such as 15s, 1m. */
function stepSeconds(raw: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(raw)) return Number(raw);
  const m = /^(\d+)(s|m|h)$/.exec(raw);
  return m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'] : undefined;
}

function parsed(query: string | null): GateQuery | ApiAnswer {
  if (!query) return badData('invalid parameter "query": query must not be empty');
  try {
    return parseGateQuery(query);
  } catch (e) {
    if (e instanceof PromParseError) return badData(`invalid parameter "query": ${e.message}`);
    throw e;
  }
}

function isAnswer(v: GateQuery | ApiAnswer): v is ApiAnswer {
  return 'status' in v;
}

function instant(model: TrafficModel, params: URLSearchParams, now: number): ApiAnswer {
  const q = parsed(params.get('query'));
  if (isAnswer(q)) return q;
  const rawTime = params.get('time');
  const at = rawTime === null ? now : timestamp(rawTime);
  if (at === undefined) return badData(`invalid parameter "time": cannot parse ${JSON.stringify(rawTime)} to a valid timestamp`);
  const result = evaluate(q, model, at).map((s) => ({ metric: s.metric, value: [at / 1000, formatValue(s.value)] }));
  return { status: 200, json: { status: 'success', data: { resultType: 'vector', result } } };
}

function range(model: TrafficModel, params: URLSearchParams): ApiAnswer {
  const q = parsed(params.get('query'));
  if (isAnswer(q)) return q;
  const start = timestamp(params.get('start') ?? '');
  const end = timestamp(params.get('end') ?? '');
  const step = stepSeconds(params.get('step') ?? '');
  if (start === undefined) return badData(`invalid parameter "start": cannot parse ${JSON.stringify(params.get('start'))} to a valid timestamp`);
  if (end === undefined) return badData(`invalid parameter "end": cannot parse ${JSON.stringify(params.get('end'))} to a valid timestamp`);
  if (end < start) return badData('invalid parameter "end": end timestamp must not be before start time');
  if (step === undefined || step <= 0) return badData('invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
  if ((end - start) / 1000 / step > MAX_POINTS) return badData('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
  const series = new Map<string, { metric: Record<string, string>; values: [number, string][] }>();
  for (let t = start; t <= end; t += step * 1000) {
    for (const s of evaluate(q, model, t)) {
      const key = JSON.stringify(s.metric);
      const entry = series.get(key) ?? { metric: s.metric, values: [] };
      entry.values.push([t / 1000, formatValue(s.value)]);
      series.set(key, entry);
    }
  }
  return { status: 200, json: { status: 'success', data: { resultType: 'matrix', result: [...series.values()] } } };
}

/** Answers one request to the Prometheus HTTP API; `path` without its leading slash. */
export function prometheusApi(model: TrafficModel, path: string, params: URLSearchParams, now = Date.now()): ApiAnswer {
  switch (path.replace(/\/+$/, '')) {
    case 'api/v1/query':
      return instant(model, params, now);
    case 'api/v1/query_range':
      return range(model, params);
    case '-/ready':
    case '-/healthy':
      return { status: 200, text: 'Prometheus Server is Ready.\n' };
    default:
      return { status: 404, text: '404 page not found\n' };
  }
}
