/**
 * Where a whole-cluster read gets its big, per-namespace part (every Namespace, Pod and workload): the extension's
 * live cache, kept current by its watches, instead of one more LIST of every pod (177 MB untrimmed at 40,000
 * pods); the CLI has no cache and lists. The control plane (webhooks, the Istio and gateway namespaces'
 * Deployments, Services, ConfigMaps, owners) is always read fresh and whole: plans copy those objects and the
 * journal keeps them for undo.
 */
import type { ClusterInventory, KNamespace, KPod, KWorkload } from '../mesh/kubeObjects';

export interface WorkloadPart {
  namespaces: KNamespace[];
  pods: KPod[];
  deployments: KWorkload[];
  statefulSets: KWorkload[];
  daemonSets: KWorkload[];
}

export interface InventorySource {
  /** The cached part now, or undefined when it cannot be trusted (a watch is failing): then the read lists. */
  workloads(): WorkloadPart | undefined;
}

/** A source over a live cache's inventory; `degraded` tells when its watches are failing. */
export function cachedSource(cache: { inventory(): ClusterInventory; degraded(): unknown }): InventorySource {
  return {
    workloads() {
      if (cache.degraded()) return undefined;
      const inv = cache.inventory();
      return { namespaces: inv.namespaces, pods: inv.pods, deployments: inv.deployments, statefulSets: inv.statefulSets, daemonSets: inv.daemonSets };
    },
  };
}

/** Only the objects of `names` (a scoped read). */
export function workloadsIn(part: WorkloadPart, names: ReadonlySet<string>): WorkloadPart {
  const inNs = <T extends { metadata: { namespace?: string } }>(list: T[]) => list.filter((o) => names.has(o.metadata.namespace ?? ''));
  return {
    namespaces: part.namespaces.filter((n) => names.has(n.metadata.name)),
    pods: inNs(part.pods), deployments: inNs(part.deployments), statefulSets: inNs(part.statefulSets), daemonSets: inNs(part.daemonSets),
  };
}
