/**
 * When a failed request is sent again — client-go's rules (kubernetes-api.md K3), bounded by attempts and total wait:
 * - 429, or any 5xx carrying Retry-After: any verb (the server did not process it); wait max(backoff, Retry-After).
 * - Reads (GET: get, list, watch): also a 5xx without Retry-After (500/502/503/504), a 429 without it, and a broken
 *   connection (reset, closed, EOF), with exponential backoff.
 * - Connection refused: any verb (nothing was sent), but only once the server has answered this client before —
 *   a server that never answered is reported at once (an unreachable cluster must not hold up the tree), while
 *   one that answered and now refuses is probably restarting.
 * - Never: a write after a broken connection, a time-out or a 5xx without Retry-After (its outcome is unknown:
 *   ClusterError.ambiguous), any 4xx but 429, our own request time-out, TLS/DNS failures, credentials.
 */
import { ClusterError, isClusterError } from './clusterError';
import { LIMITS } from './optionLimits';

export interface RetrySettings {
  /** Sends of one request, the first included (1 = never retry). */
  maxAttempts: number;
  /** Upper bound of the time spent waiting between attempts, summed over one request. */
  maxWaitMs: number;
  /** First backoff delay, doubled per retry. */
  baseDelayMs: number;
  /** Cap of one backoff delay (a Retry-After may ask for longer, within maxWaitMs). */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetrySettings = {
  maxAttempts: LIMITS.retryMaxAttempts.fallback, maxWaitMs: LIMITS.retryMaxWaitSeconds.fallback * 1000, baseDelayMs: 500, maxDelayMs: 8_000,
};

export interface AttemptState {
  method: string;
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** Time already waited between earlier attempts of this request. */
  waitedMs: number;
  /** This client has had an HTTP answer from the server before. */
  serverSeen: boolean;
}

export type RetryVerdict = { retry: true; delayMs: number; why: string } | { retry: false; why?: string };

const READ_STATUSES = new Set([429, 500, 502, 503, 504]);

function backoff(attempt: number, s: RetrySettings): number {
  return Math.min(s.baseDelayMs * 2 ** (attempt - 1), s.maxDelayMs);
}

/** Why the error may be retried at all (before budgets), or undefined. */
function retryReason(e: ClusterError, method: string, serverSeen: boolean): string | undefined {
  const read = method === 'GET';
  if (e.status !== undefined) {
    if (e.retryAfterSeconds !== undefined && (e.status === 429 || e.status >= 500)) {
      return `HTTP ${e.status} with Retry-After ${e.retryAfterSeconds} s`;
    }
    if (read && READ_STATUSES.has(e.status)) return `HTTP ${e.status}`;
    return undefined;
  }
  if (e.network === 'refused' && serverSeen) return 'connection refused';
  if (e.network === 'reset' && read) return 'connection broken';
  return undefined;
}

export function retryVerdict(e: unknown, state: AttemptState, settings: RetrySettings = DEFAULT_RETRY): RetryVerdict {
  if (!isClusterError(e) || e.kind === 'cancelled') return { retry: false };
  const why = retryReason(e, state.method, state.serverSeen);
  if (!why) return { retry: false };
  if (state.attempt >= settings.maxAttempts) return { retry: false, why: `${why}, no attempts left` };
  const asked = (e.retryAfterSeconds ?? 0) * 1000;
  const delayMs = Math.max(backoff(state.attempt, settings), asked);
  const left = settings.maxWaitMs - state.waitedMs;
  if (delayMs > left) {
    return { retry: false, why: asked > left ? `the server asked to wait ${e.retryAfterSeconds} s, more than the retry budget left` : `${why}, retry budget spent` };
  }
  return { retry: true, delayMs, why };
}

/** The final error of a request that was sent `attempts` times: its message says so. */
export function afterAttempts(e: ClusterError, attempts: number, why?: string): ClusterError {
  if (attempts <= 1) return e;
  const suffix = ` (after ${attempts} attempts${why && why.includes('asked to wait') ? `; ${why}` : ''})`;
  return new ClusterError({ ...e.details(), message: `${e.message}${suffix}`, attempts });
}

/**
 * A failure that may go away by itself (a later poll may succeed): throttling, 5xx, a broken or refused connection,
 * a time-out. Not: 4xx, credentials, configuration, cancellation — and not an ambiguous write.
 */
export function isTransient(e: unknown): boolean {
  if (!isClusterError(e) || e.kind === 'cancelled' || e.ambiguous) return false;
  if (e.status !== undefined) return e.status === 429 || e.status >= 500;
  return e.network === 'reset' || e.network === 'refused' || e.network === 'timeout' || e.network === 'connectTimeout';
}

/** Waits `ms`, or rejects with `signal.reason` as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
