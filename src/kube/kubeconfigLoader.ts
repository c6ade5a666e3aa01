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

export interface ContextInfo {
  name: string;
  cluster: string;
  /** '' when the context names no user (anonymous). */
  user: string;
  namespace?: string;
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
      if (!clusters.has(c.name)) clusters.set(c.name, c);
    }
    for (const u of parsed.users) {
      if (!users.has(u.name)) users.set(u.name, u);
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
    info.server = cluster?.server;
    const badServer = cluster ? serverProblem(cluster.server) : undefined;
    if (!cluster) {
      info.error = `context "${info.name}" refers to cluster "${info.cluster}", which no kubeconfig file defines`;
    } else if (badServer) {
      info.error = `context "${info.name}" uses cluster "${info.cluster}": ${badServer}`;
    } else if (info.user !== '' && !users.has(info.user)) {
      info.error = `context "${info.name}" refers to user "${info.user}", which no kubeconfig file defines`;
    }
  }

  return { contexts: [...contexts.values()], currentContext, fileErrors, definitions: { clusters, users } };
}

function readKubeconfig(file: string, onlyFile: boolean, fileErrors: KubeconfigFileError[]): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (onlyFile) fileErrors.push({ path: file, message: `kubeconfig not found: ${file}` });
    } else {
      const reason = code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : String(code ?? e);
      fileErrors.push({ path: file, message: `cannot read kubeconfig ${file}: ${reason}` });
    }
    return undefined;
  }
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
