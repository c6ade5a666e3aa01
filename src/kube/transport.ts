/**
 * HTTP for one cluster context. client-node computes headers and the undici dispatcher
 * (`applySecurityAuthentication`) and sends with its own undici fetch (`IsomorphicFetchHttpLibrary`);
 * we build paths, read raw bytes, parse JSON ourselves (no ObjectSerializer), time, count, log and map errors.
 */
import { IsomorphicFetchHttpLibrary, RequestContext, type HttpMethod, type KubeConfig } from '@kubernetes/client-node';
import type { CallLogger } from './clusterClient';
import { isClusterError, type ClusterError } from './clusterError';
import { credentialError } from './credentialError';
import { statusError, transportError, type CallDescription } from './errorMapping';
import { scopeKubeConfig, type ScopedKubeConfig } from './scopedKubeConfig';
import type { BodyDecoder } from './listBody';
import { afterAttempts, DEFAULT_RETRY, retryVerdict, sleep, type RetrySettings } from './retryPolicy';
import { breathe } from '../mesh/timeSlice';

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path with query, e.g. /api/v1/pods?limit=500 */
  path: string;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  verb?: string;
  resource?: string;
  namespace?: string;
  /** This request's retries, instead of the client's (e.g. fewer through the pod proxy, whose 5xx is the pod's). */
  retry?: RetrySettings;
}

export interface TransportOptions {
  logger?: CallLogger;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  /** Time-out of one exec credential plugin run (default 30 s). */
  execTimeoutMs?: number;
  /** When failed requests are sent again (retryPolicy.ts). */
  retry?: RetrySettings;
}

export interface OpenStream {
  status: number;
  body: AsyncIterable<Uint8Array>;
}

const USER_AGENT = 'istio-canary-upgrades';

export class Transport {
  /** The server URL as shown in messages: never with userinfo. */
  readonly server: string;
  private readonly kc: ScopedKubeConfig;
  private readonly http = new IsomorphicFetchHttpLibrary();
  private readonly execCommand?: string;
  private readonly retry: RetrySettings;
  private dispatcher?: Dispatcher;
  private fingerprint = '';
  private authQueue: Promise<void> = Promise.resolve();
  private requests = 0;
  private bytes = 0;
  /** The server has answered this client (any HTTP status) at least once. */
  private serverSeen = false;

  constructor(source: KubeConfig, readonly context: string, private readonly options: TransportOptions) {
    this.kc = scopeKubeConfig(source, context, { connectTimeoutMs: options.connectTimeoutMs, execTimeoutMs: options.execTimeoutMs });
    this.server = this.kc.getCurrentCluster()?.server ?? '';
    this.execCommand = this.kc.execPlugin?.spec.command;
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  get logger(): CallLogger | undefined {
    return this.options.logger;
  }

  stats(): { requests: number; bytes: number } {
    return { requests: this.requests, bytes: this.bytes };
  }

  addBytes(n: number): void {
    this.bytes += n;
  }

  describe(spec: RequestSpec): CallDescription {
    return {
      context: this.context, server: this.server, method: spec.method, path: spec.path,
      verb: spec.verb, resource: spec.resource, namespace: spec.namespace,
    };
  }

  /** One request whose JSON answer is returned; non-2xx and failures throw ClusterError. Retried per retryPolicy.ts. */
  json<T>(spec: RequestSpec): Promise<T> {
    return this.request(spec, () => new WholeBodyDecoder<T>());
  }

  /** One request whose 2xx body streams into a decoder (a fresh one per attempt); errors as for json(). */
  request<T>(spec: RequestSpec, decoder: () => BodyDecoder<T>): Promise<T> {
    return this.withRetries(spec, spec.signal, () => this.attempt(spec, decoder()));
  }

  /**
   * A streaming request (watch). Resolves once the response headers arrived with a 2xx status; the caller
   * reads the body and aborts `signal` to end it. Headers must arrive within the request timeout.
   */
  openStream(spec: RequestSpec, signal: AbortSignal): Promise<OpenStream> {
    return this.withRetries(spec, signal, () => this.openOnce(spec, signal));
  }

  private async withRetries<T>(spec: RequestSpec, signal: AbortSignal | undefined, once: () => Promise<T>): Promise<T> {
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await once();
      } catch (e) {
        const retry = spec.retry ?? this.retry;
        const verdict = retryVerdict(e, { method: spec.method, attempt, waitedMs, serverSeen: this.serverSeen }, retry);
        if (!verdict.retry) throw isClusterError(e) ? afterAttempts(e, attempt, verdict.why) : e;
        this.options.logger?.warn(`[${this.context}] ${spec.method} ${spec.path}: ${verdict.why}; attempt ${attempt + 1} of ${retry.maxAttempts} in ${(verdict.delayMs / 1000).toFixed(1)} s`);
        try {
          await sleep(verdict.delayMs, signal);
        } catch {
          throw transportError(this.describe(spec), new DOMException('aborted', 'AbortError'));
        }
        waitedMs += verdict.delayMs;
      }
    }
  }

  private async attempt<T>(spec: RequestSpec, decoder: BodyDecoder<T>): Promise<T> {
    const call = this.describe(spec);
    const started = performance.now();
    const timer = new AbortController();
    const timeoutMs = this.options.requestTimeoutMs;
    let timeout: NodeJS.Timeout | undefined;
    let status: number | 'error' = 'error';
    let sent = false;
    try {
      // Credentials first: an exec plugin has its own time-out, the request timer starts once they are there.
      const ctx = await this.prepare(spec, spec.signal);
      timeout = setTimeout(() => timer.abort(new DOMException('request timeout', 'TimeoutError')), timeoutMs);
      const signal = spec.signal ? AbortSignal.any([spec.signal, timer.signal]) : timer.signal;
      if (signal.aborted) throw new DOMException('aborted', 'AbortError');
      sent = true;
      const response = await this.send(ctx, signal);
      status = response.httpStatusCode;
      const stream = response.body.stream();
      if (status < 200 || status >= 300) {
        throw statusError(call, status, parseBody(await this.readAll(stream)), response.headers['retry-after']);
      }
      await this.readInto(stream, decoder);
      return decoder.end();
    } catch (e) {
      throw this.mapFailure(call, e, spec.signal, timer.signal.aborted ? timeoutMs : undefined, sent);
    } finally {
      clearTimeout(timeout);
      this.options.logger?.call(this.context, spec.method, spec.path, status, Math.round(performance.now() - started));
    }
  }

  private async openOnce(spec: RequestSpec, signal: AbortSignal): Promise<OpenStream> {
    const call = this.describe(spec);
    const started = performance.now();
    const timer = new AbortController();
    const timeoutMs = this.options.requestTimeoutMs;
    let timeout: NodeJS.Timeout | undefined;
    let status: number | 'error' = 'error';
    try {
      const ctx = await this.prepare(spec, signal);
      // The header timer is cleared below once headers arrived, so later only the caller's signal ends the stream.
      timeout = setTimeout(() => timer.abort(new DOMException('request timeout', 'TimeoutError')), timeoutMs);
      const response = await this.send(ctx, AbortSignal.any([signal, timer.signal]));
      status = response.httpStatusCode;
      const stream = response.body.stream();
      if (status < 200 || status >= 300) {
        const raw = await this.readAll(stream);
        throw statusError(call, status, parseBody(raw), response.headers['retry-after']);
      }
      return { status, body: (stream ?? emptyStream()) as AsyncIterable<Uint8Array> };
    } catch (e) {
      throw this.mapFailure(call, e, signal, timer.signal.aborted ? timeoutMs : undefined, true);
    } finally {
      clearTimeout(timeout);
      this.options.logger?.call(this.context, spec.method, spec.path, status, Math.round(performance.now() - started));
    }
  }

  /** Closes the pooled connections (running streams finish first) and stops a running exec plugin. */
  close(): void {
    this.kc.execPlugin?.close();
    const d = this.dispatcher;
    this.dispatcher = undefined;
    if (d) void d.close().catch(() => undefined);
  }

  mapFailure(call: CallDescription, e: unknown, callerSignal: AbortSignal | undefined, timedOutMs?: number, sent = false): ClusterError {
    if (isClusterError(e)) return e;
    if (callerSignal?.aborted && timedOutMs === undefined) {
      return transportError(call, new DOMException('aborted', 'AbortError'), undefined, sent);
    }
    return transportError(call, e, timedOutMs, sent);
  }

  /** A request with credentials and headers, ready to send. Waiting for credentials ends when `signal` aborts. */
  private async prepare(spec: RequestSpec, signal: AbortSignal | undefined): Promise<RequestContext> {
    if (signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const ctx = new RequestContext(this.server + spec.path, spec.method as HttpMethod);
    await (signal ? abortable(this.authenticate(ctx), signal) : this.authenticate(ctx));
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setHeaderParam('User-Agent', USER_AGENT);
    const basic = this.kc.urlCredentials;
    if (basic && !Object.keys(ctx.getHeaders()).some((h) => h.toLowerCase() === 'authorization')) {
      ctx.setHeaderParam('Authorization', `Basic ${Buffer.from(`${basic.username}:${basic.password}`).toString('base64')}`);
    }
    if (spec.body !== undefined) {
      ctx.setHeaderParam('Content-Type', spec.contentType ?? 'application/json');
      ctx.setBody(JSON.stringify(spec.body));
    }
    return ctx;
  }

  private async send(ctx: RequestContext, signal: AbortSignal) {
    if (signal.aborted) throw new DOMException('aborted', 'AbortError');
    ctx.setSignal(signal);
    this.requests++;
    const response = await this.http.send(ctx).toPromise();
    this.serverSeen = true;
    return response;
  }

  /** Serialized: an exec plugin runs once, not once per parallel request, and the pool is chosen safely. */
  private authenticate(ctx: RequestContext): Promise<void> {
    const run = this.authQueue.then(() => this.authenticateNow(ctx));
    this.authQueue = run.catch(() => undefined);
    return run;
  }

  private async authenticateNow(ctx: RequestContext): Promise<void> {
    try {
      await this.kc.applySecurityAuthentication(ctx);
    } catch (e) {
      throw credentialError(this.context, e, this.execCommand);
    }
    const fresh = ctx.getDispatcher();
    if (this.dispatcher && this.fingerprint === this.kc.tlsFingerprint) {
      if (fresh && fresh !== this.dispatcher) void fresh.close().catch(() => undefined);
      ctx.setDispatcher(this.dispatcher);
      return;
    }
    const old = this.dispatcher;
    this.dispatcher = fresh;
    this.fingerprint = this.kc.tlsFingerprint;
    if (old) void old.close().catch(() => undefined);
  }

  private async readAll(stream: ReadableStream<Uint8Array> | null): Promise<Buffer> {
    const whole = new WholeBodyDecoder<Buffer>((raw) => raw);
    await this.readInto(stream, whole);
    return whole.end();
  }

  private async readInto(stream: ReadableStream<Uint8Array> | null, decoder: BodyDecoder<unknown>): Promise<void> {
    if (!stream) return;
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
      this.bytes += chunk.byteLength;
      decoder.push(chunk);
      // Buffered chunks arrive as microtasks: without a turn for the event loop a page decodes in one stretch.
      await breathe();
    }
  }
}

/** Collects the body and decodes it at the end (default: JSON, or the text when it is not JSON). */
class WholeBodyDecoder<T> implements BodyDecoder<T> {
  private readonly chunks: Uint8Array[] = [];

  constructor(private readonly decode: (raw: Buffer) => T = (raw) => parseBody(raw) as T) {}

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
  }

  end(): T {
    return this.decode(Buffer.concat(this.chunks));
  }
}

function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function* emptyStream(): AsyncIterable<Uint8Array> {
  // no data
}

/** Rejects as soon as `signal` aborts, even if `promise` (e.g. an exec plugin) is still running. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}
