/** Every failure of a cluster call → a ClusterError with a kind, a one-sentence message and a remedy. */
import { ClusterError, isClusterError, type ClusterErrorDetails, type NetworkFailure } from './clusterError';

/** What was being attempted, for messages. Never holds headers or credentials. */
export interface CallDescription {
  context: string;
  /** e.g. https://127.0.0.1:6443 */
  server: string;
  method: string;
  /** Path with query. */
  path: string;
  verb?: string;
  /** kubectl spelling: pods, deployments.apps */
  resource?: string;
  namespace?: string;
}

/** A Kubernetes `Status` body (the fields we read). */
export interface KubeStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { field?: string; message?: string }[] };
}

const REDACTED = '<redacted>';

/** `https://user:pass@host/x` → `https://<redacted>@host/x`: URL userinfo never reaches a message or a log. */
export function redactUrlUserinfo(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"`]*@/gi, `$1${REDACTED}@`);
}

/** Removes anything that looks like a credential; `known` are exact secrets to remove too. */
export function redactSecrets(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) {
    if (secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return redactUrlUserinfo(out)
    .replace(/-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g, REDACTED)
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`)
    .replace(/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED)
    .replace(/\b(token|password|secret|client-key-data|client-certificate-data)(["']?\s*[:=]\s*["']?)[^\s"',;}&]+/gi, `$1$2${REDACTED}`);
}

export function oneLine(text: string, max = 300): string {
  const line = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '')[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

export function make(call: Pick<CallDescription, 'context'>, details: Omit<ClusterErrorDetails, 'context'>): ClusterError {
  return new ClusterError({
    ...details, context: call.context, message: redactSecrets(details.message),
    remedy: details.remedy === undefined ? undefined : redactSecrets(details.remedy),
  });
}

/** POST, PUT, PATCH, DELETE: a request that changes the cluster. */
export function isWrite(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

const MAY_HAVE_APPLIED = 'the change may or may not have been applied';
const READ_BACK = 'read the object back to see whether the change was applied before trying again';

/** Retry-After in seconds (client-go reads only the seconds form). */
export function retryAfterSeconds(header: string | null | undefined): number | undefined {
  if (!header || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number.parseInt(header, 10);
}

function isStatus(body: unknown): body is KubeStatus {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** A non-2xx HTTP response (or a watch ERROR event's Status). */
/** A proxied service's JSON error, e.g. Prometheus's `{"status":"error","error":"…"}` through the service proxy. */
function proxiedError(body: unknown): string {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  return typeof error === 'string' ? oneLine(error) : '';
}

export function statusError(call: CallDescription, status: number, body: unknown, retryAfter?: string | null): ClusterError {
  const st: KubeStatus = isStatus(body) ? body : {};
  const serverMessage = st.message ?? (typeof body === 'string' ? oneLine(body) : proxiedError(body));
  const what = `${call.verb ?? call.method} ${call.resource ?? call.path}`;
  const wait = retryAfterSeconds(retryAfter);
  const base = { status, verb: call.verb, resource: call.resource, namespace: call.namespace, retryAfterSeconds: wait };
  // A 5xx with Retry-After was not processed (client-go resends it for any verb); without it a write's outcome is unknown.
  if (status >= 500 && wait === undefined && isWrite(call.method)) return ambiguousStatus(call, status, serverMessage, base);
  switch (status) {
    case 401:
      return make(call, {
        ...base, kind: 'unauthorized',
        message: `unauthorized: the API server at ${call.server} rejected the credentials (401)`,
        remedy: 'the token or client certificate may have expired or been revoked — log in again / refresh the exec plugin or auth provider credentials, or check the kubeconfig user',
      });
    case 403:
      return forbidden(call, serverMessage, base);
    case 404:
      return make(call, {
        ...base, kind: 'notFound',
        message: `not found: ${serverMessage ? `${serverMessage}${call.namespace ? ` in namespace "${call.namespace}"` : ''}` : describeTarget(call, st)}`,
        remedy: 'it may have been deleted meanwhile; refresh and try again',
      });
    case 409:
      return make(call, {
        ...base, kind: 'conflict',
        message: `conflict: ${serverMessage || what}`,
        remedy: 'the object changed or already exists; refresh and try again',
      });
    case 410:
      return make(call, {
        ...base, kind: 'gone',
        message: `resource version too old: ${serverMessage || what}`,
        remedy: 'the list is re-read automatically',
      });
    case 400:
    case 422:
      return make(call, {
        ...base, kind: 'invalid',
        message: `invalid: ${serverMessage || what}${causes(st)}`,
        remedy: 'the API server (or an admission webhook) rejected the request; see the message',
      });
    case 429:
      return make(call, {
        ...base, kind: 'throttled',
        message: `throttled: the API server is rate-limiting requests (429)${wait !== undefined ? `, retry after ${wait} s` : ''}`,
        remedy: 'wait a moment and retry; lower the concurrency of bulk operations',
      });
    case 504:
      return make(call, {
        ...base, kind: 'timeout',
        message: `timeout: the API server timed out on ${what} (504)`,
        remedy: 'retry; the cluster may be overloaded',
      });
    default:
      return make(call, {
        ...base, kind: 'unknown',
        message: `${what} failed with HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}`,
        remedy: status >= 500 ? 'the API server reported an internal error; retry, or check the control plane' : undefined,
      });
  }
}

function ambiguousStatus(call: CallDescription, status: number, serverMessage: string, base: Partial<ClusterErrorDetails>): ClusterError {
  const what = `${call.method} ${call.resource ?? call.path}${call.namespace ? ` in namespace "${call.namespace}"` : ''}`;
  return make(call, {
    ...base, kind: status === 504 ? 'timeout' : 'unknown', ambiguous: true,
    message: `${what} failed with HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''} — ${MAY_HAVE_APPLIED}`,
    remedy: READ_BACK,
  });
}

function causes(st: KubeStatus): string {
  const list = st.details?.causes?.map((c) => (c.field ? `${c.field}: ${c.message ?? ''}` : c.message ?? '')).filter((c) => c !== '');
  return list && list.length > 0 && !(st.message ?? '').includes(list[0]) ? ` (${list.join('; ')})` : '';
}

function describeTarget(call: CallDescription, st: KubeStatus): string {
  const name = st.details?.name ? ` "${st.details.name}"` : '';
  const ns = call.namespace ? ` in namespace "${call.namespace}"` : '';
  return `${call.resource ?? st.details?.kind ?? call.path}${name}${ns}`;
}

const RBAC_MESSAGE =
  /User "([^"]*)" cannot (\w+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)"| at the cluster scope)?/;

function forbidden(
  call: CallDescription, serverMessage: string, base: Partial<ClusterErrorDetails>,
): ClusterError {
  const m = RBAC_MESSAGE.exec(serverMessage);
  if (!m) {
    return make(call, {
      ...base, kind: 'forbidden',
      message: `forbidden: ${serverMessage || `${call.verb ?? call.method} ${call.resource ?? call.path}`}`,
      remedy: 'the request was refused (RBAC or an admission policy); ask a cluster admin, or use a context with more rights',
    });
  }
  const [, user, verb, resource, group, namespace] = m;
  const qualified = group ? `${resource}.${group}` : resource;
  const scope = namespace ? `in namespace "${namespace}"` : 'at cluster scope';
  const grant = namespace
    ? `in namespace "${namespace}" (a Role + RoleBinding)`
    : 'cluster-wide (a ClusterRole + ClusterRoleBinding)';
  return make(call, {
    ...base, kind: 'forbidden', verb, resource: qualified, namespace: namespace || undefined,
    message: `forbidden: cannot ${verb} ${qualified} ${scope} (RBAC)`,
    remedy: `ask a cluster admin to grant user "${user}" the "${verb}" verb on ${qualified} ${grant}, or use a context with more rights`,
  });
}

export interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  syscall?: string;
  path?: string;
  cause?: unknown;
  errors?: unknown[];
}

/** The error and its causes (undici wraps the socket error as `cause` of "fetch failed"). */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 6 && typeof cur === 'object' && cur !== null; i++) {
    const e = cur as ErrorLike;
    out.push(e);
    if (Array.isArray(e.errors) && e.errors.length > 0) out.push(...(e.errors as ErrorLike[]));
    cur = e.cause;
  }
  return out;
}

const NETWORK: Record<string, [string, NetworkFailure]> = {
  ECONNREFUSED: ['connection refused', 'refused'],
  ENOTFOUND: ['host name not found (DNS)', 'dns'],
  EAI_AGAIN: ['host name lookup failed (DNS)', 'dns'],
  EHOSTUNREACH: ['host unreachable', 'other'],
  ENETUNREACH: ['network unreachable', 'other'],
  ECONNRESET: ['connection reset', 'reset'],
  EPIPE: ['connection closed', 'reset'],
  UND_ERR_SOCKET: ['connection closed by the server', 'reset'],
  UND_ERR_CLOSED: ['connection closed', 'reset'],
};

const TLS_UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * A failure before or while receiving a response. `timedOutMs` is set when our own timer aborted the call;
 * `sent` when the request had been handed to the connection (so a write may have reached the server).
 */
export function transportError(call: CallDescription, err: unknown, timedOutMs?: number, sent = false): ClusterError {
  if (isClusterError(err)) return err;
  const mapped = mapTransport(call, err, timedOutMs);
  const d = mapped.details();
  const nothingSent = d.network === 'refused' || d.network === 'dns' || d.network === 'tls' || d.network === 'connectTimeout';
  if (!sent || nothingSent || !isWrite(call.method)) return mapped;
  const what = `${call.method} ${call.resource ?? call.path}${call.namespace ? ` in namespace "${call.namespace}"` : ''}`;
  const why = d.kind === 'cancelled' ? 'cancelled while waiting for the answer'
    : d.network === 'timeout' ? `no answer from ${call.server} within ${seconds(timedOutMs ?? 0)}`
      : d.network === 'reset' ? `the connection to ${call.server} broke before the answer (${networkText(err) ?? 'connection reset'})`
        : oneLine(d.message);
  return make(call, {
    ...d, ambiguous: true,
    message: `${d.kind === 'timeout' ? 'timeout: ' : ''}${what} was sent, but ${why} — ${MAY_HAVE_APPLIED}`,
    remedy: READ_BACK,
  });
}

function networkText(err: unknown): string | undefined {
  const code = chain(err).map((e) => e.code).find((c): c is string => typeof c === 'string' && c in NETWORK);
  return code ? NETWORK[code][0] : undefined;
}

function mapTransport(call: CallDescription, err: unknown, timedOutMs?: number): ClusterError {
  const base = { verb: call.verb, resource: call.resource, namespace: call.namespace };
  const errors = chain(err);
  if (timedOutMs !== undefined) {
    return make(call, {
      ...base, kind: 'timeout', network: 'timeout',
      message: `timeout: no answer from ${call.server} within ${seconds(timedOutMs)} (${call.method} ${call.path})`,
      remedy: 'check the network or VPN; the API server may be overloaded or unreachable',
    });
  }
  if (errors.some((e) => e.name === 'AbortError')) {
    return make(call, { ...base, kind: 'cancelled', message: `cancelled: ${call.method} ${call.path}` });
  }
  const codes = errors.map((e) => e.code).filter((c): c is string => typeof c === 'string');
  const timeout = codes.find((c) => TIMEOUT_CODES.has(c));
  if (timeout) {
    const connect = timeout === 'UND_ERR_CONNECT_TIMEOUT' || timeout === 'ETIMEDOUT';
    return make(call, {
      ...base, kind: 'timeout', network: connect ? 'connectTimeout' : 'timeout',
      message: connect ? `timeout: cannot connect to ${call.server} (connect timeout)` : `timeout: ${call.server} stopped answering`,
      remedy: 'check the cluster is running, the VPN / firewall, and the kubeconfig\'s server address',
    });
  }
  const tls = codes.find((c) => TLS_UNTRUSTED.has(c) || c === 'CERT_HAS_EXPIRED' || c === 'ERR_TLS_CERT_ALTNAME_INVALID' || c.startsWith('ERR_SSL_') || c === 'EPROTO');
  if (tls) {
    const why = TLS_UNTRUSTED.has(tls) ? `the server's certificate is not trusted (${tls})`
      : tls === 'CERT_HAS_EXPIRED' ? 'the server\'s certificate has expired'
        : tls === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'the server\'s certificate does not match its address'
          : `TLS handshake failed (${tls})`;
    return make(call, {
      ...base, kind: 'unreachable', network: 'tls',
      message: `cannot connect to ${call.server}: ${why}`,
      remedy: 'check certificate-authority / certificate-authority-data (and tls-server-name) of the cluster in the kubeconfig',
    });
  }
  const network = codes.find((c) => c in NETWORK);
  if (network) {
    const [text, failure] = NETWORK[network];
    return make(call, {
      ...base, kind: 'unreachable', network: failure,
      message: failure === 'reset' ? `the connection to ${call.server} broke: ${text}` : `cannot connect to ${call.server}: ${text}`,
      remedy: 'check the cluster is running and the kubeconfig\'s server address (and VPN / proxy)',
    });
  }
  const last = errors[errors.length - 1];
  if (err instanceof SyntaxError) {
    return make(call, {
      ...base, kind: 'unknown',
      message: `${call.method} ${call.path}: the answer from ${call.server} is not valid JSON (${oneLine(err.message)})`,
      remedy: 'check that the kubeconfig\'s server address is the Kubernetes API server and not a proxy or login page',
    });
  }
  // fetch refuses the ports of its "bad ports" list (1, 22, 6000…) before connecting.
  if (errors.some((e) => typeof e.message === 'string' && /\bbad port\b/i.test(e.message))) {
    return make(call, {
      ...base, kind: 'unreachable', network: 'other',
      message: `cannot connect to ${call.server}: the port is on fetch's list of blocked ports`,
      remedy: 'check the kubeconfig\'s server address; an API server listens on 443 or 6443 usually',
    });
  }
  return make(call, {
    ...base, kind: 'unknown', network: 'other',
    message: `${call.method} ${call.path} failed: ${oneLine(last?.message ?? String(err))}`,
  });
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
