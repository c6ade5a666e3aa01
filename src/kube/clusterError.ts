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
  /** 429: seconds the server asked us to wait (Retry-After). */
  retryAfterSeconds?: number;
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
  }

  /** "forbidden: cannot list pods at cluster scope — ask for …" */
  describe(): string {
    return this.remedy ? `${this.message} — ${this.remedy}` : this.message;
  }
}

export function isClusterError(e: unknown): e is ClusterError {
  return e instanceof ClusterError;
}
