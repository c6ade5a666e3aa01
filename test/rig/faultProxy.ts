/**
 * A fault-injecting HTTPS proxy in front of any API server a kubeconfig context names (the real kube-apiserver of
 * realCluster.ts, the simulator). It terminates TLS with its own throw-away CA, re-encrypts to the upstream with the
 * context's CA and credentials, and writes a kubeconfig (same context name) that points at itself.
 *
 * Faults are rules matched per request by method and a regex on path+query, each firing once, N times or always:
 *   status            answer 429 (with Retry-After) / 500 / 503 … without forwarding
 *   reset             reset the connection without forwarding (a GET that breaks)
 *   delay             forward at once, hold the answer back (a client time-out fires while the server applies a write)
 *   resetAfterForward forward, let the server answer, reset before the answer reaches the client (applied, then reset)
 *   watchDrop         forward a watch, pass N events, then reset
 *   watchGone         answer a watch with 410 Gone (an ERROR event in a 200 stream, as kube-apiserver does, or a 410)
 *   pass              forward unchanged (with `before`, to act at a precise moment)
 * and a kill switch: down() refuses new connections and cuts the open ones, up() listens again on the same port.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { dump as dumpYaml, load as loadYaml } from 'js-yaml';
import { makeServingCerts } from '../../src/sim/certs';

export type FaultAction =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; message?: string }
  | { kind: 'reset' }
  | { kind: 'delay'; ms: number }
  | { kind: 'resetAfterForward' }
  | { kind: 'watchDrop'; afterEvents: number }
  | { kind: 'watchGone'; as?: 'event' | 'status' }
  | { kind: 'pass' };

export interface FaultRule {
  /** Exact HTTP method; any when omitted. */
  method?: string;
  /** Tested against the path with its query, e.g. /api/v1/namespaces/demo?fieldManager=… */
  path: RegExp;
  /** How many matching requests it affects (default 1; Infinity for all). */
  times?: number;
  action: FaultAction;
  /** Awaited when the rule fires, before its action (e.g. restart the API server right then). */
  before?: (request: SeenRequest) => void | Promise<void>;
}

export interface SeenRequest {
  method: string;
  path: string;
  /** The fault applied to it, if any. */
  fault?: FaultAction['kind'];
}

export interface FaultHandle {
  /** How many requests the rule affected so far. */
  readonly fired: number;
  remove(): void;
}

export interface FaultProxy {
  url: string;
  /** A kubeconfig with one context, named as the upstream one, pointing at the proxy. */
  kubeconfigPath: string;
  context: string;
  /** Every request the proxy received, in order. */
  requests: SeenRequest[];
  add(rule: FaultRule): FaultHandle;
  /** Removes every rule. */
  clear(): void;
  /** Kill switch: refuse new connections, cut the open ones. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

interface Upstream {
  server: URL;
  ca?: Buffer;
  insecure: boolean;
  cert?: Buffer;
  key?: Buffer;
  user: Record<string, unknown>;
}

type Doc = {
  clusters?: { name: string; cluster: Record<string, unknown> }[];
  users?: { name: string; user: Record<string, unknown> }[];
  contexts?: { name: string; context: { cluster: string; user?: string } }[];
};

function data(v: unknown): Buffer | undefined {
  return typeof v === 'string' ? Buffer.from(v, 'base64') : undefined;
}

function readUpstream(kubeconfigPath: string, context: string): Upstream {
  const doc = loadYaml(fs.readFileSync(kubeconfigPath, 'utf8')) as Doc;
  const ctx = doc.contexts?.find((c) => c.name === context)?.context;
  const cluster = doc.clusters?.find((c) => c.name === ctx?.cluster)?.cluster;
  if (!ctx || !cluster) throw new Error(`faultProxy: no context ${context} with a cluster in ${kubeconfigPath}`);
  const user = doc.users?.find((u) => u.name === ctx.user)?.user ?? {};
  const file = (v: unknown) => (typeof v === 'string' ? fs.readFileSync(path.resolve(path.dirname(kubeconfigPath), v)) : undefined);
  return {
    server: new URL(String(cluster.server)),
    ca: data(cluster['certificate-authority-data']) ?? file(cluster['certificate-authority']),
    insecure: cluster['insecure-skip-tls-verify'] === true,
    // A TLS-terminating proxy cannot pass a client certificate on: it presents it itself.
    cert: data(user['client-certificate-data']) ?? file(user['client-certificate']),
    key: data(user['client-key-data']) ?? file(user['client-key']),
    user,
  };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'host']);

function forwardHeaders(h: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

function kubeStatus(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

const REASONS: Record<number, string> = { 410: 'Expired', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout' };

function isWatch(req: IncomingMessage): boolean {
  const url = new URL(req.url ?? '/', 'https://x');
  return url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1' || url.pathname.includes('/watch/');
}

/** Sends a TCP RST where the platform allows it (the client sees ECONNRESET), else closes. */
function reset(socket: Socket | null | undefined, raw: Map<number, Socket>): void {
  if (!socket) return;
  const tcp = raw.get(socket.remotePort ?? -1);
  try {
    if (tcp && typeof tcp.resetAndDestroy === 'function') tcp.resetAndDestroy();
    else socket.destroy();
  } catch {
    socket.destroy();
  }
}

export async function startFaultProxy(options: { kubeconfigPath: string; context: string }): Promise<FaultProxy> {
  const upstream = readUpstream(options.kubeconfigPath, options.context);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fault-proxy-'));
  const certs = await makeServingCerts(path.join(dir, 'certs'));
  const agent = new https.Agent({ keepAlive: true, ca: upstream.ca, cert: upstream.cert, key: upstream.key, rejectUnauthorized: !upstream.insecure });
  const rules: { rule: FaultRule; fired: number }[] = [];
  const requests: SeenRequest[] = [];
  const sockets = new Set<TLSSocket>();
  const raw = new Map<number, Socket>();
  const server = https.createServer({ key: certs.keyPem, cert: certs.certPem });
  server.on('connection', (s: Socket) => {
    const port = s.remotePort ?? -1;
    raw.set(port, s);
    s.on('close', () => raw.delete(port));
  });
  server.on('secureConnection', (s: TLSSocket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const match = (req: IncomingMessage): { rule: FaultRule; fired: number } | undefined =>
    rules.find((r) => r.fired < (r.rule.times ?? 1) && (!r.rule.method || r.rule.method === req.method) && r.rule.path.test(req.url ?? ''));

  /** Forwards the request; resolves with the upstream response (headers arrived). */
  const forward = (req: IncomingMessage, body: Buffer): Promise<IncomingMessage> => new Promise((resolve, reject) => {
    const out = https.request(new URL(req.url ?? '/', upstream.server), {
      method: req.method, agent, headers: { ...forwardHeaders(req.headers), 'content-length': String(body.length) },
    }, resolve);
    out.on('error', reject);
    // A watch ends with its client; any other request runs to its end, so a write lands even if the client gave up.
    if (isWatch(req)) req.socket.once('close', () => out.destroy());
    out.end(body);
  });

  const relay = (from: IncomingMessage, res: ServerResponse): void => {
    res.on('error', () => undefined);
    res.writeHead(from.statusCode ?? 502, forwardHeaders(from.headers));
    from.pipe(res);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const seen: SeenRequest = { method: req.method ?? 'GET', path: req.url ?? '/' };
    requests.push(seen);
    const hit = match(req);
    if (hit) {
      hit.fired++;
      seen.fault = hit.rule.action.kind;
      await hit.rule.before?.(seen);
    }
    const action: FaultAction = hit?.rule.action ?? { kind: 'pass' };
    switch (action.kind) {
      case 'status': {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (action.retryAfterSeconds !== undefined) headers['retry-after'] = String(action.retryAfterSeconds);
        res.writeHead(action.status, headers);
        res.end(kubeStatus(action.status, REASONS[action.status] ?? 'InternalError', action.message ?? `injected fault: HTTP ${action.status}`));
        return;
      }
      case 'reset':
        reset(res.socket, raw);
        return;
      case 'watchGone': {
        const message = 'too old resource version: 1 (2)';
        if (action.as === 'status') {
          res.writeHead(410, { 'content-type': 'application/json' });
          res.end(kubeStatus(410, 'Expired', message));
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(`${JSON.stringify({ type: 'ERROR', object: JSON.parse(kubeStatus(410, 'Expired', message)) })}\n`);
        }
        return;
      }
      default:
        break;
    }
    const answer = await forward(req, body);
    if (action.kind === 'delay') {
      await new Promise((r) => setTimeout(r, action.ms));
      relay(answer, res);
    } else if (action.kind === 'resetAfterForward') {
      answer.resume();
      answer.once('end', () => reset(res.socket, raw));
    } else if (action.kind === 'watchDrop') {
      res.writeHead(answer.statusCode ?? 502, forwardHeaders(answer.headers));
      res.flushHeaders();
      let events = 0;
      answer.on('data', (chunk: Buffer) => {
        if (events >= action.afterEvents) return;
        let text = chunk.toString('utf8');
        let passed = '';
        while (events < action.afterEvents && text.includes('\n')) {
          const cut = text.indexOf('\n') + 1;
          passed += text.slice(0, cut);
          text = text.slice(cut);
          events++;
        }
        if (events < action.afterEvents) {
          res.write(passed + text);
          return;
        }
        // The events reach the client first, then the connection closes mid-stream (as a proxy or LB cuts it).
        answer.destroy();
        res.write(passed, () => res.socket?.destroy());
      });
      answer.on('end', () => res.end());
    } else {
      relay(answer, res);
    }
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(kubeStatus(502, 'InternalError', `fault proxy: upstream failed: ${(e as Error).message}`));
    });
  });

  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;

  const kubeconfigPath = path.join(dir, 'kubeconfig.yaml');
  fs.writeFileSync(kubeconfigPath, dumpYaml({
    apiVersion: 'v1', kind: 'Config', 'current-context': options.context,
    clusters: [{ name: 'fault-proxy', cluster: { server: url, 'certificate-authority-data': Buffer.from(certs.caPem).toString('base64') } }],
    users: [{ name: 'fault-proxy-user', user: upstream.user }],
    contexts: [{ name: options.context, context: { cluster: 'fault-proxy', user: 'fault-proxy-user' } }],
  }), { mode: 0o600 });

  let isDown = false;
  const cut = () => {
    for (const s of sockets) reset(s, raw);
  };
  return {
    url, kubeconfigPath, context: options.context, requests,
    add(rule) {
      const entry = { rule, fired: 0 };
      rules.push(entry);
      return {
        get fired() { return entry.fired; },
        remove: () => { const i = rules.indexOf(entry); if (i >= 0) rules.splice(i, 1); },
      };
    },
    clear: () => { rules.length = 0; },
    async down() {
      if (isDown) return;
      isDown = true;
      const closed = new Promise<void>((r) => server.close(() => r()));
      cut();
      await closed;
    },
    async up() {
      if (!isDown) return;
      await listen(port);
      isDown = false;
    },
    async stop() {
      rules.length = 0;
      cut();
      if (!isDown) await new Promise<void>((r) => server.close(() => r()));
      agent.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
