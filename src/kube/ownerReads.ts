/**
 * What is read to know who owns the Istio install (issue 13), and how a failed read is reported: Helm release
 * Secrets of the Istio namespaces only (label-selected, never all Secrets), and the Sail Operator's resources
 * when discovery shows its API. A 404, a missing API or a 403 is not an error: the owner is unknown, and the
 * problem is said once (OwnerReadStatus.problems).
 */
import type { ClusterClient, ResourceKind } from './clusterClient';
import { isClusterError } from './clusterError';
import { LIVE_RELEASE_STATUSES } from './helmReleaseDecoder';
import type { ClusterInventory, OwnerReadStatus } from '../mesh/kubeObjects';

/** Helm's own labels on its release Secrets (istio-model.md M15): only the revisions whose objects are live. */
export const HELM_RELEASE_SELECTOR = `owner=helm,status in (${LIVE_RELEASE_STATUSES.join(',')})`;

export const SAIL_GROUP = 'sailoperator.io';
export const SAIL_VERSION = 'v1';
export const SAIL_KINDS = ['istios', 'istiorevisions', 'istiorevisiontags'] as const satisfies readonly ResourceKind[];

/** "Helm release Secrets in istio-system: forbidden (RBAC) — …". */
export function ownerReadProblem(what: string, e: unknown): string {
  if (!isClusterError(e)) return `${what}: ${e instanceof Error ? e.message : String(e)}`;
  const reason = e.kind === 'forbidden' ? 'forbidden (RBAC): owners read from them stay unknown'
    : e.kind === 'notFound' ? 'not served by this cluster' : e.message;
  return `${what}: ${reason}`;
}

export function helmSecretsWhat(namespace: string): string {
  return `Helm release Secrets in ${namespace}`;
}

export const SAIL_WHAT = 'Sail Operator resources (sailoperator.io/v1)';

/** Whether the cluster serves sailoperator.io/v1, with the reason when it cannot be told. */
export async function sailServed(client: ClusterClient, signal?: AbortSignal): Promise<{ sail: OwnerReadStatus['sail']; problem?: string }> {
  if (!client.discover) return { sail: 'unknown' };
  try {
    const resources = await client.discover(SAIL_GROUP, SAIL_VERSION, signal);
    return { sail: resources && SAIL_KINDS.some((k) => resources.includes(k)) ? 'served' : 'absent' };
  } catch (e) {
    return { sail: 'unknown', problem: ownerReadProblem(`Discovery of ${SAIL_GROUP}/${SAIL_VERSION}`, e) };
  }
}

type OwnerParts = Pick<ClusterInventory, 'helmReleaseSecrets' | 'sailIstios' | 'sailRevisions' | 'sailRevisionTags' | 'ownerReads'>;

/** One fresh read of the owner objects (plans, the CLI's one-shot reads); the cache keeps its own streams of them. */
export async function readOwnerObjects(client: ClusterClient, istioNamespaces: readonly string[], signal?: AbortSignal): Promise<OwnerParts> {
  const problems: string[] = [];
  const soft = async <T>(what: string, read: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await read();
    } catch (e) {
      if (signal?.aborted) throw e;
      problems.push(ownerReadProblem(what, e));
      return [];
    }
  };
  const [secrets, discovery] = await Promise.all([
    Promise.all(istioNamespaces.map((ns) => soft(helmSecretsWhat(ns),
      async () => (await client.list('secrets', { namespace: ns, labelSelector: HELM_RELEASE_SELECTOR, trim: true, signal })).items))),
    sailServed(client, signal),
  ]);
  if (discovery.problem) problems.push(discovery.problem);
  const sailList = <K extends (typeof SAIL_KINDS)[number]>(kind: K) => (discovery.sail === 'served'
    ? soft(SAIL_WHAT, async () => (await client.list(kind, { trim: true, signal })).items) : Promise.resolve([]));
  const [sailIstios, sailRevisions, sailRevisionTags] = await Promise.all([sailList('istios'), sailList('istiorevisions'), sailList('istiorevisiontags')]);
  return {
    helmReleaseSecrets: secrets.flat(),
    sailIstios, sailRevisions, sailRevisionTags,
    ownerReads: { sail: discovery.sail, problems: [...new Set(problems)] },
  };
}
