/**
 * One parsed kubeconfig document → client-node Cluster/User/Context values, entry by entry, so that one
 * bad entry is reported and skipped instead of failing the whole file (client-node's loadFromString throws
 * on the first bad entry and reads `token-file` relative to the process's cwd).
 */
import * as path from 'node:path';
import { KubeConfig, makeAbsolutePath, type Cluster, type Context, type User } from '@kubernetes/client-node';

export interface ParsedKubeconfig {
  clusters: Cluster[];
  users: User[];
  contexts: Context[];
  currentContext?: string;
  /** Entries that were skipped, e.g. "clusters[1]: cluster.server is missing". */
  problems: string[];
}

type Raw = Record<string, unknown>;

function isRecord(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function entries(doc: Raw, key: string, problems: string[]): unknown[] {
  const value = doc[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  problems.push(`${key}: expected a list of entries, found ${typeof value === 'object' ? 'a mapping' : `the ${typeof value} ${JSON.stringify(value).slice(0, 40)}`} (ignored)`);
  return [];
}

/** `file` is the kubeconfig's own path: relative file references resolve against its directory. */
export function parseKubeconfigDocument(doc: Raw, file: string): ParsedKubeconfig {
  const dir = path.dirname(file);
  const problems: string[] = [];
  const clusters: Cluster[] = [];
  const users: User[] = [];
  const contexts: Context[] = [];

  entries(doc, 'clusters', problems).forEach((elt, i) => {
    const name = isRecord(elt) ? str(elt.name) : undefined;
    const c = isRecord(elt) && isRecord(elt.cluster) ? elt.cluster : undefined;
    const server = c ? str(c.server) : undefined;
    if (!name || !c || !server) {
      problems.push(`clusters[${i}]: ${!name ? 'name' : !c ? 'cluster' : 'cluster.server'} is missing (entry skipped)`);
      return;
    }
    clusters.push({
      name,
      server: server.replace(/\/$/, ''),
      caData: str(c['certificate-authority-data']),
      caFile: str(c['certificate-authority']),
      skipTLSVerify: c['insecure-skip-tls-verify'] === true,
      tlsServerName: str(c['tls-server-name']),
      proxyUrl: str(c['proxy-url']),
    });
  });

  entries(doc, 'users', problems).forEach((elt, i) => {
    const name = isRecord(elt) ? str(elt.name) : undefined;
    if (!name) {
      problems.push(`users[${i}]: name is missing (entry skipped)`);
      return;
    }
    const u = isRecord(elt) && isRecord(elt.user) ? elt.user : {};
    users.push(toUser(name, u, dir));
  });

  entries(doc, 'contexts', problems).forEach((elt, i) => {
    const name = isRecord(elt) ? str(elt.name) : undefined;
    const c = isRecord(elt) && isRecord(elt.context) ? elt.context : undefined;
    const cluster = c ? str(c.cluster) : undefined;
    if (!name || !c || !cluster) {
      problems.push(`contexts[${i}]: ${!name ? 'name' : !c ? 'context' : 'context.cluster'} is missing (entry skipped)`);
      return;
    }
    contexts.push({ name, cluster, user: str(c.user) ?? '', namespace: str(c.namespace) });
  });

  // client-node resolves certificate-authority / client-certificate / client-key against the file's directory.
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters, users, contexts, currentContext: '' });
  kc.makePathsAbsolute(dir);

  return { clusters, users, contexts, currentContext: str(doc['current-context']), problems };
}

function toUser(name: string, u: Raw, dir: string): User {
  const exec = isRecord(u.exec) ? resolveExecCommand(u.exec, dir) : undefined;
  // kubectl writes `tokenFile` (client-go's AuthInfo); client-node reads `token-file`: accept both.
  const tokenFile = str(u.tokenFile) ?? str(u['token-file']);
  let authProvider: unknown = isRecord(u['auth-provider']) ? u['auth-provider'] : undefined;
  // kubectl re-reads token-file; client-node's FileAuth does too (every 60 s) when it is an auth provider.
  if (tokenFile && !str(u.token) && !exec && !authProvider) {
    authProvider = { name: 'tokenFile', config: { tokenFile: makeAbsolutePath(dir, tokenFile) } };
  }
  return {
    name,
    authProvider,
    certData: str(u['client-certificate-data']),
    certFile: str(u['client-certificate']),
    keyData: str(u['client-key-data']),
    keyFile: str(u['client-key']),
    exec,
    token: str(u.token),
    username: str(u.username),
    password: str(u.password),
    impersonateUser: str(u.as),
  };
}

/** Why a cluster's `server` cannot be used (undefined = fine): client-node needs an absolute http(s) URL. */
export function serverProblem(server: string): string | undefined {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol === 'https:' || url.protocol === 'http:') return undefined;
  // Never echo credentials written into the address (https://user:pass@host).
  const shown = server.replace(/^([^/]*\/\/)[^/@]*@/, '$1…@');
  return `its server ${JSON.stringify(shown)} is not an https:// URL`;
}

/** client-go resolves an exec command relative to the kubeconfig only when it contains a path separator. */
function resolveExecCommand(exec: Raw, dir: string): Raw {
  const command = str(exec.command);
  if (command && !path.isAbsolute(command) && /[\\/]/.test(command)) {
    return { ...exec, command: path.join(dir, command) };
  }
  return exec;
}
