/** A tiny HTTPS client for the simulator tests (node:https with the simulator's CA). */
import * as https from 'node:https';
import type { KubeStatus } from '../../../src/sim/core/errors';
import type { KubeObject } from '../../../src/sim/core/types';
import type { RunningSimulator } from '../../../src/sim/simulator';

export interface SimResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: unknown;
}

export interface ListBody {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

export interface WatchEvent {
  type: string;
  /** An object, or a Status for ERROR events. */
  object: KubeObject & { code?: number; reason?: string; message?: string };
}

export const asStatus = (r: SimResponse) => r.body as KubeStatus;
export const asObj = (r: SimResponse) => r.body as KubeObject;
export const asList = (r: SimResponse) => r.body as ListBody;

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  token?: string | null;
  accept?: string;
}

export function request(sim: RunningSimulator, method: string, path: string, opts: RequestOptions = {}): Promise<SimResponse> {
  const payload = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? sim.adminToken : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  if (payload !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  if (opts.accept) headers.Accept = opts.accept;
  return new Promise((resolve, reject) => {
    const req = https.request(`${sim.url}${path}`, { method, ca: sim.caPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

export interface WatchHandle {
  events: WatchEvent[];
  status: Promise<number>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  /** Resolves once `n` events have arrived (or rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<void>;
  close(): void;
}

export function watch(sim: RunningSimulator, path: string, token: string = sim.adminToken): WatchHandle {
  const events: WatchEvent[] = [];
  let resolveStatus: (s: number) => void = () => undefined;
  let resolveEnded: () => void = () => undefined;
  const status = new Promise<number>((r) => (resolveStatus = r));
  const ended = new Promise<void>((r) => (resolveEnded = r));
  const waiters: { n: number; resolve: () => void }[] = [];
  const req = https.get(`${sim.url}${path}`, { ca: sim.caPem, headers: { Authorization: `Bearer ${token}` } }, (res) => {
    resolveStatus(res.statusCode ?? 0);
    let buffer = '';
    res.on('data', (c: Buffer) => {
      buffer += c.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (line.trim()) events.push(JSON.parse(line) as WatchEvent);
      }
      for (const w of [...waiters]) if (events.length >= w.n) w.resolve();
    });
    res.on('end', () => resolveEnded());
    res.on('close', () => resolveEnded());
  });
  req.on('error', () => resolveEnded());
  return {
    events,
    status,
    ended,
    waitFor(n: number, ms = 3000) {
      if (events.length >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${events.length} of ${n} watch events after ${ms} ms: ${JSON.stringify(events.map((e) => e.type))}`)), ms);
        waiters.push({ n, resolve: () => { clearTimeout(timer); resolve(); } });
      });
    },
    close() {
      req.destroy();
    },
  };
}

export const MERGE = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const STRATEGIC = 'application/strategic-merge-patch+json';
