/**
 * A tiny HTTPS Kubernetes API for src/kube tests: paged LISTs (limit/continue), WATCH streams with
 * ADDED/MODIFIED/DELETED/BOOKMARK/ERROR events, and injectable failures. Not the simulator (src/sim).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's TCP port: the same value means the same (reused) connection. */
  remotePort: number;
}

export interface KObject {
  metadata: { name: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
  [k: string]: unknown;
}

interface Watcher {
  plural: string;
  namespace?: string;
  res: ServerResponse;
}

/** Returns true when it answered the request itself. */
export type Interceptor = (req: RecordedRequest, res: ServerResponse) => boolean;

let certPromise: Promise<{ cert: string; key: string }> | undefined;

/** A self-signed certificate for 127.0.0.1, generated once per test run with openssl. */
export function testCertificate(): Promise<{ cert: string; key: string }> {
  certPromise ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-test-cert-'));
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1',
    ]);
    const result = { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8') };
    fs.rmSync(dir, { recursive: true, force: true });
    return result;
  })();
  return certPromise;
}

const PATH = /^\/(?:api\/v1|apis\/[^/]+\/v1)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/;

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  readonly store = new Map<string, Map<string, KObject>>();
  interceptors: Interceptor[] = [];
  rv = 1000;
  private readonly watchers = new Set<Watcher>();

  private constructor(private readonly server: https.Server, readonly cert: string) {}

  /** `port`: listen on this port (e.g. to come back where a stopped server was); default a free one. */
  static async start(port = 0): Promise<FakeApiServer> {
    const { cert, key } = await testCertificate();
    const server = https.createServer({ cert, key });
    const fake = new FakeApiServer(server, cert);
    server.on('request', (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => fake.handle({
        method: req.method ?? 'GET', url: new URL(req.url ?? '/', 'https://x'), headers: req.headers, body, remotePort: req.socket.remotePort ?? 0,
      }, res));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** A kubeconfig with one context `fake` (token auth, CA as certificate-authority-data). */
  kubeconfigYaml(token = 'secret-token-123'): string {
    return [
      'apiVersion: v1', 'kind: Config', 'current-context: fake',
      'clusters:', '- name: fake', '  cluster:', `    server: ${this.url}`,
      `    certificate-authority-data: ${Buffer.from(this.cert).toString('base64')}`,
      'users:', '- name: fake-user', '  user:', `    token: ${token}`,
      'contexts:', '- name: fake', '  context: {cluster: fake, user: fake-user}', '',
    ].join('\n');
  }

  requestsTo(pathname: string, watch?: boolean): RecordedRequest[] {
    return this.requests.filter((r) => r.url.pathname === pathname && (watch === undefined || (r.url.searchParams.get('watch') === 'true') === watch));
  }

  openWatches(plural?: string): number {
    return [...this.watchers].filter((w) => plural === undefined || w.plural === plural).length;
  }

  put(plural: string, obj: KObject, event: 'ADDED' | 'MODIFIED' = 'ADDED'): void {
    const objects = this.collection(plural);
    obj.metadata.resourceVersion = String(++this.rv);
    objects.set(key(obj), obj);
    this.emit(plural, obj.metadata.namespace, { type: event, object: obj });
  }

  remove(plural: string, namespace: string | undefined, name: string): void {
    const objects = this.collection(plural);
    const k = `${namespace ?? ''}/${name}`;
    const obj = objects.get(k);
    if (!obj) return;
    objects.delete(k);
    obj.metadata.resourceVersion = String(++this.rv);
    this.emit(plural, namespace, { type: 'DELETED', object: obj });
  }

  bookmark(plural: string): void {
    this.emit(plural, undefined, { type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: String(++this.rv) } } }, true);
  }

  /** Sends an ERROR event (e.g. 410 Gone) to the watches of `plural` and ends them. */
  watchError(plural: string, code: number): void {
    for (const w of [...this.watchers]) {
      if (w.plural !== plural) continue;
      w.res.write(`${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', code, reason: code === 410 ? 'Expired' : 'InternalError', message: `too old resource version (${code})` } })}\n`);
      w.res.end();
      this.watchers.delete(w);
    }
  }

  /** Breaks the connections of the watches of `plural` mid-stream (a proxy or load balancer cutting them). */
  dropWatches(plural: string): void {
    for (const w of [...this.watchers]) {
      if (w.plural === plural) {
        w.res.socket?.destroy();
        this.watchers.delete(w);
      }
    }
  }

  /** Ends the watches of `plural` normally (like timeoutSeconds). */
  closeWatches(plural: string): void {
    for (const w of [...this.watchers]) {
      if (w.plural === plural) {
        w.res.end();
        this.watchers.delete(w);
      }
    }
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private collection(plural: string): Map<string, KObject> {
    let c = this.store.get(plural);
    if (!c) {
      c = new Map();
      this.store.set(plural, c);
    }
    return c;
  }

  private emit(plural: string, namespace: string | undefined, event: unknown, toAll = false): void {
    for (const w of this.watchers) {
      if (w.plural === plural && (toAll || w.namespace === undefined || w.namespace === namespace)) {
        w.res.write(`${JSON.stringify(event)}\n`);
      }
    }
  }

  private handle(req: RecordedRequest, res: ServerResponse): void {
    this.requests.push(req);
    for (const intercept of this.interceptors) {
      if (intercept(req, res)) return;
    }
    this.respond(req, res);
  }

  /** The server's own answer, past the interceptors: an interceptor that held a request answers it later with this. */
  respond(req: RecordedRequest, res: ServerResponse): void {
    if (req.url.pathname === '/version') {
      return json(res, 200, { major: '1', minor: '20', gitVersion: 'v1.20.2' });
    }
    const m = PATH.exec(req.url.pathname);
    if (!m) return json(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const [, namespace, plural, name] = m;
    if (name !== undefined) {
      const obj = this.collection(plural).get(`${namespace ?? ''}/${name}`);
      return obj ? json(res, 200, obj) : json(res, 404, status(404, 'NotFound', `${plural} "${name}" not found`));
    }
    if (req.url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      const watcher: Watcher = { plural, namespace, res };
      this.watchers.add(watcher);
      res.on('close', () => this.watchers.delete(watcher));
      return;
    }
    const all = [...this.collection(plural).values()]
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .sort((a, b) => key(a).localeCompare(key(b)));
    const limit = Number(req.url.searchParams.get('limit') ?? '0');
    const offset = Number(req.url.searchParams.get('continue') ?? '0');
    const page = limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset);
    const next = limit > 0 && offset + limit < all.length ? String(offset + limit) : undefined;
    json(res, 200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: String(this.rv), continue: next }, items: page });
  }
}

function key(o: KObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** The LIST page of `pathname` that starts at `continueToken` answers 410 Expired once (an expired continue token). */
export function expireContinueOnce(fake: FakeApiServer, pathname: string, continueToken: string): void {
  let expire = 1;
  fake.interceptors.push((req, res) => {
    if (req.url.pathname !== pathname || req.url.searchParams.get('continue') !== continueToken || expire === 0) return false;
    expire--;
    json(res, 410, status(410, 'Expired', 'The provided continue parameter is too old'));
    return true;
  });
}

export function status(code: number, reason: string, message: string, details?: unknown): unknown {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message, details };
}

export function json(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
