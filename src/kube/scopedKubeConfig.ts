/**
 * A KubeConfig holding exactly one context, used by one ClusterClient. It lets client-node do what it is good
 * at (TLS material, auth providers, proxy-url) while we add, through its public hooks: a connect timeout and a
 * fingerprint of the TLS material (`createDispatcherOptions`) so the client can reuse one undici dispatcher (one
 * connection pool) until the credentials change; our own exec plugin runner (`addAuthenticator`, execPlugin.ts);
 * and a server URL without userinfo (`https://user:pass@host` → `https://host`, the pair kept for basic auth).
 */
import { createHash } from 'node:crypto';
import type * as https from 'node:https';
import { KubeConfig, type Cluster, type Context, type DispatcherOptions, type User } from '@kubernetes/client-node';
import { ClusterError } from './clusterError';
import { EXEC_PROVIDER, ExecCredentialPlugin, execSpecOf } from './execPlugin';

const ANONYMOUS_USER = '(anonymous)';
const TLS_KEYS = ['ca', 'cert', 'key', 'pfx', 'passphrase', 'servername', 'rejectUnauthorized'] as const;

export interface ScopeOptions {
  connectTimeoutMs: number;
  /** Time-out of one exec credential plugin run (default 30 s). */
  execTimeoutMs?: number;
}

export class ScopedKubeConfig extends KubeConfig {
  /** Fingerprint of the dispatcher options computed by the latest applySecurityAuthentication call. */
  tlsFingerprint = '';
  /** `user:password` that was in the server URL, for a Basic Authorization header (as kubectl sends it). */
  urlCredentials?: { username: string; password: string };
  /** Runs the context's exec credential plugin, if it has one. */
  execPlugin?: ExecCredentialPlugin;

  constructor(private readonly connectTimeoutMs: number) {
    super();
  }

  override createDispatcherOptions(cluster: Cluster | null, agentOptions: https.AgentOptions): DispatcherOptions {
    let options = super.createDispatcherOptions(cluster, agentOptions);
    if (options.type === 'none') {
      // Still use our own agent, so the connect timeout applies.
      options = { type: 'agent', connect: { keepAlive: true, keepAliveInitialDelay: 30000 } };
    }
    if (options.type === 'agent' || options.type === 'proxy') {
      options = { ...options, connect: { ...options.connect, timeout: this.connectTimeoutMs } };
    }
    this.tlsFingerprint = fingerprint(options);
    return options;
  }
}

function fingerprint(options: DispatcherOptions): string {
  const hash = createHash('sha256');
  hash.update(options.type);
  if (options.type === 'none') return hash.digest('hex');
  if (options.type !== 'agent') hash.update(`|${options.uri}`);
  const tls = (options.type === 'agent' ? options.connect : options.requestTls) as Record<string, unknown>;
  for (const key of TLS_KEYS) {
    const value = tls[key];
    hash.update(`|${key}=`);
    if (value === undefined) continue;
    if (typeof value === 'string' || Buffer.isBuffer(value)) hash.update(value);
    else if (Array.isArray(value)) value.forEach((v) => hash.update(Buffer.isBuffer(v) || typeof v === 'string' ? v : String(v)));
    else hash.update(String(value));
  }
  return hash.digest('hex');
}

/** `https://user:pass@host:6443/x` → the URL without userinfo, and the decoded pair. */
export function splitServerUrl(server: string): { server: string; credentials?: { username: string; password: string } } {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return { server };
  }
  if (!url.username && !url.password) return { server };
  const credentials = { username: safeDecode(url.username), password: safeDecode(url.password) };
  url.username = '';
  url.password = '';
  return { server: url.toString().replace(/\/$/, ''), credentials };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Copies `context` (with its cluster and user) out of any KubeConfig into a fresh ScopedKubeConfig. */
export function scopeKubeConfig(source: KubeConfig, context: string, options: ScopeOptions): ScopedKubeConfig {
  const ctx = source.getContextObject(context);
  const cluster = ctx ? source.getCluster(ctx.cluster) : null;
  if (!ctx || !cluster) {
    throw new ClusterError({
      kind: 'badConfig',
      context,
      message: ctx ? `context "${context}" refers to cluster "${ctx.cluster}", which is not defined` : `context "${context}" is not defined in the kubeconfig`,
      remedy: 'fix the kubeconfig (kubectl config view) or pick another context',
    });
  }
  // client-node skips TLS setup (CA, client certificate) when there is no user, so always provide one.
  let user: User = (ctx.user ? source.getUser(ctx.user) : null) ?? { name: ANONYMOUS_USER };
  const scopedContext: Context = { name: context, cluster: cluster.name, user: user.name, namespace: ctx.namespace };
  const scoped = new ScopedKubeConfig(options.connectTimeoutMs);
  const exec = execSpecOf(user);
  if (exec) {
    scoped.execPlugin = new ExecCredentialPlugin(exec, { context, timeoutMs: options.execTimeoutMs ?? 30_000 });
    scoped.addAuthenticator(scoped.execPlugin);
    user = { ...user, exec: undefined, authProvider: { name: EXEC_PROVIDER, config: {} } };
  }
  const split = splitServerUrl(cluster.server);
  scoped.urlCredentials = split.credentials;
  scoped.loadFromOptions({
    clusters: [{ ...cluster, server: split.server }], users: [{ ...user }], contexts: [scopedContext], currentContext: context,
  });
  return scoped;
}
