/**
 * Loads a list of kubeconfig files with kubectl's merge rules: the first definition of a cluster, user or
 * context name wins, `current-context` comes from the first file that sets one, missing files are skipped.
 * Never throws: broken files and dangling references become errors next to the contexts that still work.
 */
import * as fs from 'node:fs';
import { load as loadYaml } from 'js-yaml';
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';
import { ClusterError } from './clusterError';
import { parseKubeconfigDocument, serverProblem } from './kubeconfigEntries';
import { redactUrlUserinfo } from './errorMapping';

export interface ContextInfo {
  name: string;
  cluster: string;
  /** '' when the context names no user (anonymous). */
  user: string;
  namespace?: string;
  /** For display: userinfo (`https://user:pass@…`) is redacted. */
  server?: string;
  /** The kubeconfig file that defined the context. */
  sourceFile: string;
  /** Set when the context cannot be used (e.g. it names a cluster that no file defines). */
  error?: string;
}

export interface KubeconfigFileError {
  path: string;
  message: string;
}

export interface LoadedKubeconfigs {
  contexts: ContextInfo[];
  currentContext?: string;
  fileErrors: KubeconfigFileError[];
  /** The merged cluster and user definitions (first wins), for makeKubeConfig. */
  definitions: { clusters: Map<string, Cluster>; users: Map<string, User> };
}

export function loadKubeconfigs(paths: string[]): LoadedKubeconfigs {
  const fileErrors: KubeconfigFileError[] = [];
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, ContextInfo>();
  /** `cluster "x"` / `user "y"` → why it cannot be used (a file it names is not a regular file). */
  const unusable = new Map<string, string>();
  let currentContext: string | undefined;

  for (const file of paths) {
    const text = readKubeconfig(file, paths.length === 1, fileErrors);
    if (text === undefined) {
      continue;
    }
    const doc = parseYaml(file, text, fileErrors);
    if (doc === undefined) {
      continue;
    }
    const parsed = parseKubeconfigDocument(doc, file);
    for (const problem of parsed.problems) {
      fileErrors.push({ path: file, message: `${file}: ${problem}` });
    }
    for (const c of parsed.clusters) {
      if (clusters.has(c.name)) continue;
      clusters.set(c.name, c);
      const why = parsed.unusable.clusters.get(c.name);
      if (why) unusable.set(`cluster "${c.name}"`, why);
    }
    for (const u of parsed.users) {
      if (users.has(u.name)) continue;
      users.set(u.name, u);
      const why = parsed.unusable.users.get(u.name);
      if (why) unusable.set(`user "${u.name}"`, why);
    }
    for (const c of parsed.contexts) {
      if (!contexts.has(c.name)) {
        contexts.set(c.name, {
          name: c.name, cluster: c.cluster, user: c.user ?? '', namespace: c.namespace, sourceFile: file,
        });
      }
    }
    currentContext ??= parsed.currentContext;
  }

  for (const info of contexts.values()) {
    const cluster = clusters.get(info.cluster);
    info.server = cluster ? redactUrlUserinfo(cluster.server) : undefined;
    const badServer = cluster ? serverProblem(cluster.server) : undefined;
    const badFile = unusable.get(`cluster "${info.cluster}"`) ?? (info.user ? unusable.get(`user "${info.user}"`) : undefined);
    if (!cluster) {
      info.error = `context "${info.name}" refers to cluster "${info.cluster}", which no kubeconfig file defines`;
    } else if (badServer) {
      info.error = `context "${info.name}" uses cluster "${info.cluster}": ${badServer}`;
    } else if (badFile) {
      const owner = unusable.has(`cluster "${info.cluster}"`) ? `cluster "${info.cluster}"` : `user "${info.user}"`;
      info.error = `context "${info.name}" uses ${owner}: ${badFile}`;
    } else if (info.user !== '' && !users.has(info.user)) {
      info.error = `context "${info.name}" refers to user "${info.user}", which no kubeconfig file defines`;
    }
  }

  return { contexts: [...contexts.values()], currentContext, fileErrors, definitions: { clusters, users } };
}

function readKubeconfig(file: string, onlyFile: boolean, fileErrors: KubeconfigFileError[]): string | undefined {
  let fd: number | undefined;
  try {
    // Non-blocking open, then fstat: a FIFO (or a device, a socket) is refused before any read, because a
    // synchronous read of a FIFO with no writer blocks forever — in VS Code, the whole extension host.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    const stat = fs.fstatSync(fd);
    if (file === '/dev/null' && stat.isCharacterDevice()) return ''; // KUBECONFIG=/dev/null: no config, as kubectl reads it
    if (!stat.isFile()) {
      fileErrors.push({ path: file, message: `cannot read kubeconfig ${file}: ${notRegular(stat)}` });
      return undefined;
    }
    return fs.readFileSync(fd, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (onlyFile) fileErrors.push({ path: file, message: `kubeconfig not found: ${file}` });
    } else {
      const reason = code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : String(code ?? e);
      fileErrors.push({ path: file, message: `cannot read kubeconfig ${file}: ${reason}` });
    }
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Why a path that is not a regular file is refused. */
export function notRegular(stat: fs.Stats): string {
  const what = stat.isDirectory() ? 'a directory' : stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket'
    : stat.isCharacterDevice() || stat.isBlockDevice() ? 'a device' : 'not a regular file';
  return `it is ${what}, not a regular file`;
}

function parseYaml(file: string, text: string, fileErrors: KubeconfigFileError[]): Record<string, unknown> | undefined {
  if (text.trim() === '') {
    return {}; // kubectl treats an empty file as an empty config
  }
  let doc: unknown;
  try {
    doc = loadYaml(text);
  } catch (e) {
    const err = e as { reason?: string; mark?: { line?: number }; message?: string };
    const line = err.mark?.line !== undefined ? ` at line ${err.mark.line + 1}` : '';
    fileErrors.push({ path: file, message: `${file}: invalid YAML${line}: ${err.reason ?? err.message ?? String(e)}` });
    return undefined;
  }
  if (doc === null || doc === undefined) {
    return {};
  }
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    fileErrors.push({ path: file, message: `${file}: not a kubeconfig (expected a YAML mapping with clusters, users and contexts)` });
    return undefined;
  }
  return doc as Record<string, unknown>;
}

const ANONYMOUS_USER = '(anonymous)';

/**
 * A KubeConfig holding only this context, its cluster and its user, with the context current.
 * One per context: client-node applies auth from the current context, so a shared instance must never switch.
 */
export function makeKubeConfig(loaded: LoadedKubeconfigs, contextName: string): KubeConfig {
  const info = loaded.contexts.find((c) => c.name === contextName);
  if (!info || info.error) {
    throw new ClusterError({
      kind: 'badConfig',
      context: contextName,
      message: info?.error ?? `context "${contextName}" is not defined in the kubeconfig`,
      remedy: 'fix the kubeconfig (kubectl config view) or pick another context',
    });
  }
  const cluster = loaded.definitions.clusters.get(info.cluster) as Cluster;
  // client-node skips TLS setup (CA, client certs) when the context has no user, so give it an empty one.
  const user: User = info.user === '' ? { name: ANONYMOUS_USER } : { ...(loaded.definitions.users.get(info.user) as User) };
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ ...cluster }],
    users: [user],
    contexts: [{ name: info.name, cluster: cluster.name, user: user.name, namespace: info.namespace }],
    currentContext: info.name,
  });
  return kc;
}
