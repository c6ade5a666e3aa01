/**
 * A fresh inventory for named namespaces: the control-plane context (shared by a run, see ControlPlaneCache)
 * plus those namespaces read now. Holds the same objects readInventory(client, { namespaces }) holds for the
 * snapshot builder — except the Namespace objects of namespaces neither named nor Istio's, which no verdict,
 * plan or restart of the named namespaces reads.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { ClusterInventory, ObjectMeta } from '../mesh/kubeObjects';
import { ControlPlaneCache, type ControlPlaneContext } from './controlPlaneContext';
import { readNamespaceParts, type NamespacePart } from './namespaceReader';
import { UpgradeError } from './upgradeErrors';

/** The context's objects, with those of the freshly read namespaces (an Istio namespace may be one) taken from `part`. */
export function scopedInventory(cp: ControlPlaneContext, part: NamespacePart): ClusterInventory {
  const fresh = new Set(part.names);
  const merge = <T extends { metadata: ObjectMeta }>(now: T[], cached: T[], namespaceOf: (o: T) => string | undefined): T[] =>
    [...now, ...cached.filter((o) => !fresh.has(namespaceOf(o) ?? ''))];
  const inNamespace = (o: { metadata: ObjectMeta }): string | undefined => o.metadata?.namespace;
  return {
    namespaces: merge(part.namespaces, cp.istio.namespaces, (n) => n.metadata?.name),
    pods: merge(part.pods, cp.istio.pods, inNamespace),
    deployments: merge(part.deployments, cp.istio.deployments, inNamespace),
    statefulSets: merge(part.statefulSets, cp.istio.statefulSets, inNamespace),
    daemonSets: merge(part.daemonSets, cp.istio.daemonSets, inNamespace),
    mutatingWebhooks: cp.mutatingWebhooks,
    validatingWebhooks: cp.validatingWebhooks,
    services: cp.services,
    configMaps: cp.configMaps,
  };
}

export interface ScopedReadOptions {
  /** The run's control-plane context; a fresh one (read now) without it. */
  controlPlane?: ControlPlaneCache;
  signal?: AbortSignal;
}

/** The control-plane context (cached) and the named namespaces (read now), in parallel. */
export async function readScopedInventory(client: ClusterClient, namespaces: readonly string[], opts: ScopedReadOptions = {}): Promise<ClusterInventory> {
  const cache = opts.controlPlane ?? new ControlPlaneCache(client);
  if (cache.client.context !== client.context) {
    throw new UpgradeError('refused', `the control-plane context was read from ${cache.client.context}, not ${client.context}`);
  }
  const [cp, part] = await Promise.all([cache.get(opts.signal), readNamespaceParts(client, namespaces, opts.signal)]);
  return scopedInventory(cp, part);
}
