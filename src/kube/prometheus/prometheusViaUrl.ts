/**
 * Prometheus at an explicit URL (`istioCanary.prometheusUrl`, `--prometheus URL`): plain HTTP(S) GETs. A user and
 * password in the URL are sent as Basic auth and never shown (the URL is printed as `https://<redacted>@host`).
 */
import { PrometheusError, prometheusOver, type PrometheusClient } from './prometheusClient';

export interface UrlOptions {
  /** Per request (default 15 s). */
  timeoutMs?: number;
}

/** The base URL without credentials, the Basic header they make, and how to show it. */
export function parsePrometheusUrl(raw: string): { base: URL; authorization?: string; where: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PrometheusError('badQuery', JSON.stringify(raw.slice(0, 80)), 'not a URL (e.g. http://prometheus.monitoring:9090)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PrometheusError('badQuery', url.protocol, 'the Prometheus URL must be http:// or https://');
  const authorization = url.username || url.password
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}` : undefined;
  const shown = authorization ? `${url.protocol}//<redacted>@${url.host}${url.pathname}` : `${url.protocol}//${url.host}${url.pathname}`;
  url.username = '';
  url.password = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return { base: url, authorization, where: shown.replace(/\/$/, '') };
}

function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: unknown; errorType?: unknown };
    if (typeof parsed.error === 'string') return `${typeof parsed.errorType === 'string' ? `${parsed.errorType}: ` : ''}${parsed.error}`;
  } catch {
    /* not JSON */
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 200);
}

export function prometheusViaUrl(raw: string, o: UrlOptions = {}): PrometheusClient {
  const { base, authorization, where } = parsePrometheusUrl(raw);
  return prometheusOver(async (path, params, signal) => {
    const url = new URL(path, base);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const timeout = AbortSignal.timeout(o.timeoutMs ?? 15_000);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { Accept: 'application/json', ...(authorization ? { Authorization: authorization } : {}) },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (e) {
      if (signal?.aborted) throw new PrometheusError('cancelled', where, 'cancelled');
      if (timeout.aborted) throw new PrometheusError('timeout', where, `no answer within ${Math.round((o.timeoutMs ?? 15_000) / 1000)} s`);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new PrometheusError('unreachable', where, `cannot connect (${cause?.code ?? cause?.message ?? (e as Error).message})`);
    }
    const text = await response.text();
    if (response.ok) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    }
    const status = response.status;
    const kind = status === 400 || status === 422 ? 'badQuery' : status === 401 || status === 403 ? 'forbidden' : status === 404 ? 'notFound' : 'unreachable';
    throw new PrometheusError(kind, where, `HTTP ${status}${text ? `: ${errorText(text)}` : ''}`);
  }, where);
}
