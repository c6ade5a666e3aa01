/**
 * Rollout restart of many workloads at once (a migration restarts a whole namespace): each restarts exactly as
 * restartWorkload does — same refusal, journal lines and PATCH — but they are read with one namespaced LIST per
 * namespace and kind (a GET for a group of one) instead of one GET each.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { WorkloadRef } from '../mesh/migrationPlan';
import { restartRead, type RestartOptions, type RestartResult } from './restartWorkload';
import { byNamespaceAndKind, readWorkloadGroup } from './workloadReads';

/**
 * Settles each restart on its own, in the order given, as Promise.allSettled over restartWorkload would: a workload
 * the LIST lacks (deleted meanwhile) is read by GET and fails with that GET's 404. A group's PATCHes start as soon as
 * its read arrives.
 */
export async function restartWorkloads(client: ClusterClient, refs: readonly WorkloadRef[], opts: RestartOptions): Promise<PromiseSettledResult<RestartResult>[]> {
  const results: PromiseSettledResult<RestartResult>[] = [];
  await Promise.all(byNamespaceAndKind(refs.map((_, i) => i), (i) => refs[i]).map(async (group) => {
    const reads = await readWorkloadGroup(client, group.map((i) => refs[i]), opts.signal);
    const settled = await Promise.allSettled(group.map((i, k) => {
      const read = reads[k];
      return read.ok ? restartRead(client, refs[i], read.object, opts) : Promise.reject(read.error);
    }));
    group.forEach((i, k) => { results[i] = settled[k]; });
  }));
  return results;
}
