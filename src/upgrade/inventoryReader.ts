/**
 * A fresh read of the objects planning and verification need: the cluster-wide Istio objects plus, when
 * namespaces are given, only those namespaces' workloads and pods (namespaced LISTs — an explicit action,
 * not the tree's refresh path). It lists every Namespace object (tag plans count the namespaces a tag injects);
 * reads repeated per namespace (verify, rollback, plans of named namespaces) use readScopedInventory instead,
 * which reads only the named namespaces and shares the cluster-wide part across a run.
 */
import type { ClusterClient, ResourceKind, ResourceTypes } from '../kube/clusterClient';
import { discoverIstioNamespaces, gatewayNamespaces } from '../kube/istioNamespaces';
import type { ClusterInventory } from '../mesh/kubeObjects';
import { readOwnerObjects } from '../kube/ownerReads';
import { listInNamespaces } from './namespaceReader';
import { workloadsIn, type InventorySource, type WorkloadPart } from './inventorySource';

/** Every object of `kind`, or (namespaces given) those of the named namespaces only. */
async function listIn<K extends ResourceKind>(client: ClusterClient, kind: K, namespaces: string[] | undefined, signal?: AbortSignal): Promise<ResourceTypes[K][]> {
  return namespaces ? listInNamespaces(client, kind, namespaces, signal) : (await client.list(kind, { signal })).items;
}

export interface ReadInventoryOptions {
  namespaces?: string[];
  istioNamespaces?: string[];
  /** Also read who owns the install (Helm release Secrets of the Istio namespaces, Sail resources): issue 13. */
  owners?: boolean;
  signal?: AbortSignal;
  /** Namespaces, pods and workloads from here (the extension's live cache) instead of LISTs: inventorySource.ts. */
  source?: InventorySource;
}

export async function readInventory(client: ClusterClient, opts: ReadInventoryOptions = {}): Promise<ClusterInventory> {
  const cached = opts.source?.workloads();
  if (cached) return readAroundCache(client, cached, opts);
  const { signal } = opts;
  const [namespaces, mutating, validating, istiods] = await Promise.all([
    client.list('namespaces', { signal }),
    client.list('mutatingwebhookconfigurations', { signal }),
    client.list('validatingwebhookconfigurations', { signal }),
    client.list('deployments', { labelSelector: 'app=istiod', signal }),
  ]);
  const istioNs = opts.istioNamespaces ?? discoverIstioNamespaces(mutating.items, istiods.items);
  const scoped = opts.namespaces ? [...new Set([...opts.namespaces, ...istioNs])] : undefined;
  // A whole-cluster read also reads the gateways' namespaces (their Services, their Helm releases), found from the
  // Deployments; a scoped read (a run's namespaces) keeps to the control plane's, in parallel.
  const deploymentsRead = listIn(client, 'deployments', scoped, signal);
  const watched = scoped || opts.istioNamespaces ? istioNs : [...istioNs, ...gatewayNamespaces(await deploymentsRead, istioNs)].sort();
  const [pods, deployments, statefulSets, daemonSets, services, configMaps, owners] = await Promise.all([
    listIn(client, 'pods', scoped, signal),
    deploymentsRead,
    listIn(client, 'statefulsets', scoped, signal),
    listIn(client, 'daemonsets', scoped, signal),
    listIn(client, 'services', watched, signal),
    listIn(client, 'configmaps', watched, signal),
    opts.owners ? readOwnerObjects(client, watched, signal) : Promise.resolve({}),
  ]);
  return {
    namespaces: namespaces.items, pods, deployments, statefulSets, daemonSets,
    mutatingWebhooks: mutating.items, validatingWebhooks: validating.items, services, configMaps, ...owners,
  };
}

/** readInventory with the per-namespace part from a cache: only the control plane (and gateways) is listed, whole. */
async function readAroundCache(client: ClusterClient, cached: WorkloadPart, opts: ReadInventoryOptions): Promise<ClusterInventory> {
  const { signal } = opts;
  const [mutating, validating] = await Promise.all([
    client.list('mutatingwebhookconfigurations', { signal }),
    client.list('validatingwebhookconfigurations', { signal }),
  ]);
  const istiods = cached.deployments.filter((d) => d.metadata.labels?.app === 'istiod');
  const istioNs = opts.istioNamespaces ?? discoverIstioNamespaces(mutating.items, istiods);
  const scoped = opts.namespaces ? [...new Set([...opts.namespaces, ...istioNs])] : undefined;
  const part = scoped ? workloadsIn(cached, new Set(scoped)) : cached;
  const watched = scoped || opts.istioNamespaces ? istioNs : [...istioNs, ...gatewayNamespaces(cached.deployments, istioNs)].sort();
  const fresh = new Set(watched);
  const [deployments, services, configMaps, owners] = await Promise.all([
    listInNamespaces(client, 'deployments', watched, signal),
    listInNamespaces(client, 'services', watched, signal),
    listInNamespaces(client, 'configmaps', watched, signal),
    opts.owners ? readOwnerObjects(client, watched, signal) : Promise.resolve({}),
  ]);
  return {
    namespaces: cached.namespaces, pods: part.pods,
    deployments: [...part.deployments.filter((d) => !fresh.has(d.metadata.namespace ?? '')), ...deployments],
    statefulSets: part.statefulSets, daemonSets: part.daemonSets,
    mutatingWebhooks: mutating.items, validatingWebhooks: validating.items, services, configMaps, ...owners,
  };
}
