/** Every cluster failure becomes a ClusterError: a kind the UI can branch on and a message a person can act on. */

export type ClusterErrorKind =
  | 'badConfig'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'invalid'
  | 'gone'
  | 'throttled'
  | 'timeout'
  | 'cancelled'
  | 'unknown';

/**
 * What happened on the wire when no (usable) HTTP answer came, for the retry policy:
 * - `refused`, `dns`, `tls`, `connectTimeout`: no connection was made, so nothing was sent;
 * - `reset`: the connection broke (reset, closed, EOF) — a request may have been sent;
 * - `timeout`: our request timer fired after the request was sent;
 * - `other`: anything else.
 */
export type NetworkFailure = 'refused' | 'dns' | 'tls' | 'connectTimeout' | 'reset' | 'timeout' | 'other';

export interface ClusterErrorDetails {
  kind: ClusterErrorKind;
  context: string;
  /** What went wrong, in one sentence, never containing a token or certificate. */
  message: string;
  /** What the person can do about it. */
  remedy?: string;
  status?: number;
  verb?: string;
  resource?: string;
  namespace?: string;
  /** 429 (or 5xx): seconds the server asked us to wait (Retry-After). */
  retryAfterSeconds?: number;
  /** Set when the failure happened below HTTP (no status). */
  network?: NetworkFailure;
  /**
   * A write (POST/PUT/PATCH/DELETE) whose outcome is unknown: the request was sent, but no answer came
   * (time-out, connection reset, cancelled in flight) or the answer was a 5xx without Retry-After
   * (500 InternalError, 502/503/504: "may still complete", kubernetes-api.md K4). The object must be read back to
   * know whether the change was applied; such a write is never resent automatically.
   * Never set on reads, nor on failures where nothing was sent (refused, DNS, TLS, credentials, 4xx, 429).
   */
  ambiguous?: boolean;
  /** How many times the request was sent (set when it was retried). */
  attempts?: number;
}

export class ClusterError extends Error {
  readonly kind: ClusterErrorKind;
  readonly context: string;
  readonly remedy?: string;
  readonly status?: number;
  readonly verb?: string;
  readonly resource?: string;
  readonly namespace?: string;
  readonly retryAfterSeconds?: number;
  readonly network?: NetworkFailure;
  readonly ambiguous?: boolean;
  readonly attempts?: number;

  constructor(details: ClusterErrorDetails) {
    super(details.message);
    this.name = 'ClusterError';
    this.kind = details.kind;
    this.context = details.context;
    this.remedy = details.remedy;
    this.status = details.status;
    this.verb = details.verb;
    this.resource = details.resource;
    this.namespace = details.namespace;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.network = details.network;
    this.ambiguous = details.ambiguous;
    this.attempts = details.attempts;
  }

  details(): ClusterErrorDetails {
    return {
      kind: this.kind, context: this.context, message: this.message, remedy: this.remedy, status: this.status,
      verb: this.verb, resource: this.resource, namespace: this.namespace, retryAfterSeconds: this.retryAfterSeconds,
      network: this.network, ambiguous: this.ambiguous, attempts: this.attempts,
    };
  }

  /** "forbidden: cannot list pods at cluster scope — ask for …" */
  describe(): string {
    return this.remedy ? `${this.message} — ${this.remedy}` : this.message;
  }
}

export function isClusterError(e: unknown): e is ClusterError {
  return e instanceof ClusterError;
}
