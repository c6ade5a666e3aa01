/**
 * The blast radius's own reads, made per plan (an explicit action, not the tree's cache): PodDisruptionBudgets,
 * HorizontalPodAutoscalers and Jobs of the planned namespaces, one namespaced LIST each, at the version the
 * cluster serves (policy/v1beta1 and autoscaling/v1 on Kubernetes 1.20). A read that fails is a problem line,
 * never a failed plan: those findings are then unknown, and the preview says so.
 */
import type { ClusterClient, ResourceKind, ResourceTypes } from '../kube/clusterClient';
import { isClusterError } from '../kube/clusterError';
import { HPA_VERSIONS, PDB_VERSIONS, servedVersion } from '../kube/servedVersion';
import { blastRadius, type BlastInputs, type BlastRadius } from '../mesh/blastRadius';
import type { ClusterInventory } from '../mesh/kubeObjects';
import type { MigrationPlan } from '../mesh/migrationPlan';

const WHAT: Partial<Record<ResourceKind, string>> = {
  poddisruptionbudgets: 'PodDisruptionBudgets', horizontalpodautoscalers: 'HorizontalPodAutoscalers', jobs: 'Jobs',
};

async function listSoft<K extends ResourceKind>(
  client: ClusterClient, kind: K, group: string, versions: readonly string[] | undefined, namespaces: readonly string[], problems: string[], signal?: AbortSignal,
): Promise<ResourceTypes[K][]> {
  try {
    const version = versions ? await servedVersion(client, group, kind, versions, signal) : undefined;
    if (versions && !version) return [];
    const lists = await Promise.all(namespaces.map((namespace) => client.list(kind, { namespace, version, signal })));
    return lists.flatMap((l) => l.items);
  } catch (e) {
    if (signal?.aborted) throw e;
    problems.push(`${WHAT[kind] ?? kind} could not be read (${isClusterError(e) ? e.message : String(e)}): their findings are unknown`);
    return [];
  }
}

export async function readBlastInputs(client: ClusterClient, inventory: ClusterInventory, namespaces: readonly string[], signal?: AbortSignal): Promise<BlastInputs> {
  const problems: string[] = [];
  const inPlan = new Set(namespaces);
  const [pdbs, hpas, jobs] = await Promise.all([
    listSoft(client, 'poddisruptionbudgets', 'policy', PDB_VERSIONS, namespaces, problems, signal),
    listSoft(client, 'horizontalpodautoscalers', 'autoscaling', HPA_VERSIONS, namespaces, problems, signal),
    listSoft(client, 'jobs', 'batch', undefined, namespaces, problems, signal),
  ]);
  const here = <T extends { metadata: { namespace?: string } }>(list: T[]): T[] => list.filter((o) => inPlan.has(o.metadata.namespace ?? ''));
  return {
    workloads: here([...inventory.deployments, ...inventory.statefulSets, ...inventory.daemonSets]),
    pods: here(inventory.pods), pdbs, hpas, jobs, problems,
  };
}

/** Reads what the plan's blast radius needs and judges it. */
export async function planBlastRadius(client: ClusterClient, inventory: ClusterInventory, plan: MigrationPlan, signal?: AbortSignal): Promise<BlastRadius> {
  return blastRadius(plan, await readBlastInputs(client, inventory, plan.namespaces.map((n) => n.namespace), signal));
}
