/**
 * Runs a kubeconfig exec credential plugin (users[].user.exec) in place of client-node's ExecAuth, which spawns it
 * with no time-out and spawns it again for every request while it keeps failing (exec_auth.ts in client-node 2.0.1).
 * Here: one run at a time per context (parallel requests share it), a time-out that kills the plugin's process group,
 * no stdin (client-go's non-interactive mode, announced in KUBERNETES_EXEC_INFO), the credential cached until its
 * expirationTimestamp, and a failure remembered for a while so a broken plugin is not re-spawned in a loop.
 * A new client (Retry / Refresh in the extension, a new CLI run) starts with a clean slate.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { KubeConfig, User } from '@kubernetes/client-node';
import { ClusterError } from './clusterError';
import { credentialError, execTimeoutError } from './credentialError';

type Authenticator = Parameters<KubeConfig['addAuthenticator']>[0];
type AuthOptions = Parameters<Authenticator['applyAuthentication']>[1];

/** The auth-provider name a scoped user carries instead of `exec`, so that only this authenticator serves it. */
export const EXEC_PROVIDER = 'istio-canary-exec';

export interface ExecSpec {
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  apiVersion?: string;
}

interface ExecCredential {
  status?: { token?: string; clientCertificateData?: string; clientKeyData?: string; expirationTimestamp?: string };
}

export interface ExecPluginOptions {
  context: string;
  timeoutMs: number;
  /** How long a failure is answered from memory before the plugin is run again (default 60 s). */
  failureMemoryMs?: number;
}

const MAX_OUTPUT = 1 << 20;

function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The exec section of a kubeconfig user (`exec`, or the legacy auth-provider `config.exec`), if any. */
export function execSpecOf(user: User): ExecSpec | undefined {
  const raw = record(user.exec) ?? record(record(record(user.authProvider)?.config)?.exec);
  if (!raw) return undefined;
  const args = Array.isArray(raw.args) ? raw.args.map(String) : [];
  const env = (Array.isArray(raw.env) ? raw.env : []).flatMap((e) => {
    const r = record(e);
    return r && typeof r.name === 'string' ? [{ name: r.name, value: String(r.value ?? '') }] : [];
  });
  return { command: typeof raw.command === 'string' ? raw.command : '', args, env, apiVersion: typeof raw.apiVersion === 'string' ? raw.apiVersion : undefined };
}

export class ExecCredentialPlugin implements Authenticator {
  /** How many times the plugin was started (for tests and logs). */
  runs = 0;
  private cached?: { credential: ExecCredential; expires: number };
  private running?: Promise<ExecCredential>;
  private failure?: { error: ClusterError; until: number };
  private child?: ChildProcess;
  private closed = false;

  constructor(readonly spec: ExecSpec, private readonly options: ExecPluginOptions) {}

  isAuthProvider(user: User): boolean {
    return record(user.authProvider)?.name === EXEC_PROVIDER;
  }

  async applyAuthentication(_user: User, opts: AuthOptions): Promise<void> {
    const status = (await this.credential()).status ?? {};
    const target = opts as { cert?: unknown; key?: unknown; headers?: Record<string, unknown> };
    if (status.clientCertificateData) target.cert = status.clientCertificateData;
    if (status.clientKeyData) target.key = status.clientKeyData;
    if (status.token) target.headers = { ...target.headers, Authorization: `Bearer ${status.token}` };
  }

  credential(): Promise<ExecCredential> {
    const now = Date.now();
    if (this.cached && this.cached.expires > now) return Promise.resolve(this.cached.credential);
    if (this.failure && this.failure.until > now) return Promise.reject(this.failure.error);
    this.running ??= this.run().then(
      (credential) => {
        this.running = undefined;
        this.failure = undefined;
        this.cached = { credential, expires: expiry(credential) };
        return credential;
      },
      (e: unknown) => {
        this.running = undefined;
        const error = e instanceof ClusterError ? e : credentialError(this.options.context, e, this.spec.command);
        this.failure = { error: remembered(error, this.options.failureMemoryMs ?? 60_000), until: Date.now() + (this.options.failureMemoryMs ?? 60_000) };
        throw error;
      },
    );
    return this.running;
  }

  /** Kills a running plugin; later requests fail at once. */
  close(): void {
    this.closed = true;
    if (this.child) stop(this.child);
  }

  private run(): Promise<ExecCredential> {
    const { context, timeoutMs } = this.options;
    const { command, args } = this.spec;
    if (this.closed) return Promise.reject(new ClusterError({ kind: 'cancelled', context, message: 'cancelled: the client was closed' }));
    if (!command) return Promise.reject(credentialError(context, new Error('users[].user.exec has no command'), 'exec plugin'));
    this.runs++;
    return new Promise<ExecCredential>((resolve, reject) => {
      let settled = false;
      let stdout = '';
      let stderr = '';
      const settle = (error?: unknown, credential?: ExecCredential): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.child = undefined;
        if (error === undefined && credential) resolve(credential);
        else reject(error);
      };
      let child: ChildProcess;
      try {
        child = spawn(command, args, {
          env: this.environment(), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true,
          // Its own process group, so a time-out also stops what the plugin started (a shell's children).
          detached: process.platform !== 'win32',
        });
      } catch (e) {
        settle(credentialError(context, e, command));
        return;
      }
      this.child = child;
      const timer = setTimeout(() => {
        stop(child);
        settle(execTimeoutError(context, command, timeoutMs));
      }, timeoutMs);
      child.stdout?.setEncoding('utf8');
      child.stderr?.setEncoding('utf8');
      child.stdout?.on('data', (d: string) => { if (stdout.length < MAX_OUTPUT) stdout += d; });
      child.stderr?.on('data', (d: string) => { if (stderr.length < MAX_OUTPUT) stderr += d; });
      child.on('error', (e) => settle(credentialError(context, e, command)));
      child.on('close', (code, signal) => {
        if (this.closed) {
          settle(new ClusterError({ kind: 'cancelled', context, message: `cancelled: exec plugin \`${command}\` stopped (the client was closed)` }));
          return;
        }
        if (code !== 0) {
          settle(credentialError(context, new Error(stderr.trim() || (signal ? `stopped by ${signal}` : `exit code ${code}`)), command));
          return;
        }
        try {
          settle(undefined, JSON.parse(stdout) as ExecCredential);
        } catch (e) {
          settle(credentialError(context, e, command));
        }
      });
    });
  }

  private environment(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      KUBERNETES_EXEC_INFO: JSON.stringify({
        apiVersion: this.spec.apiVersion ?? 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', spec: { interactive: false },
      }),
    };
    for (const e of this.spec.env) env[e.name] = e.value;
    return env;
  }
}

function expiry(c: ExecCredential): number {
  const at = c.status?.expirationTimestamp;
  if (!at) return Number.POSITIVE_INFINITY;
  const t = Date.parse(at);
  return Number.isFinite(t) ? t : 0;
}

function remembered(e: ClusterError, memoryMs: number): ClusterError {
  const note = `the plugin is not run again for ${Math.round(memoryMs / 1000)} s — Retry or Refresh runs it at once`;
  return new ClusterError({ ...e.details(), remedy: e.remedy ? `${e.remedy}; ${note}` : note });
}

/** Kills the plugin and everything in its process group; its pipes are released so they keep nothing alive. */
function stop(child: ChildProcess): void {
  try {
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // already gone
  }
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.unref();
}
