/**
 * Reading many workloads with one request per namespace and kind — a namespaced LIST, or a GET for a group of
 * one — instead of one GET each (issue 7: 200 namespaces × 5 Deployments must not cost 1,000 GETs per step).
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { KWorkload } from '../mesh/kubeObjects';
import type { WorkloadRef } from '../mesh/migrationPlan';
import { resourceOf } from './restartWorkload';

export type WorkloadRead = { ok: true; object: KWorkload } | { ok: false; error: unknown };

/** The items in groups of one namespace and kind, each group in the order given. */
export function byNamespaceAndKind<T>(items: readonly T[], refOf: (item: T) => WorkloadRef): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const ref = refOf(item);
    const key = `${ref.namespace}\0${ref.kind}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

async function getOne(client: ClusterClient, ref: WorkloadRef, signal?: AbortSignal): Promise<WorkloadRead> {
  try {
    return { ok: true, object: await client.get(resourceOf(ref), ref.name, ref.namespace, signal) };
  } catch (error) {
    return { ok: false, error };
  }
}

/**
 * One request for workloads of one kind in one namespace: a GET for one, a namespaced LIST for more. Whatever the
 * LIST lacks (deleted meanwhile) or cannot do (it failed) is read by GET, so each fails exactly as its own GET would.
 */
export async function readWorkloadGroup(client: ClusterClient, refs: readonly WorkloadRef[], signal?: AbortSignal): Promise<WorkloadRead[]> {
  if (refs.length === 1) return [await getOne(client, refs[0], signal)];
  let byName: Map<string, KWorkload> | undefined;
  try {
    const listed = await client.list(resourceOf(refs[0]), { namespace: refs[0].namespace, trim: true, signal });
    byName = new Map(listed.items.map((w) => [w.metadata.name, w]));
  } catch (error) {
    if (signal?.aborted) return refs.map(() => ({ ok: false, error }));
  }
  return Promise.all(refs.map(async (ref) => {
    const object = byName?.get(ref.name);
    return object ? { ok: true, object } : getOne(client, ref, signal);
  }));
}
