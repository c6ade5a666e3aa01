/**
 * The namespace-scoped half of a fresh read: the named Namespace objects and their pods and workloads.
 * Only namespaced requests — a Namespace is read with a `metadata.name` field selector (a LIST that cannot
 * grow with the cluster, needs the same `list namespaces` permission as before, and answers an empty list
 * for a namespace that does not exist), never by listing every namespace.
 */
import type { ClusterClient, ResourceKind, ResourceTypes } from '../kube/clusterClient';
import type { KNamespace, KPod, KWorkload } from '../mesh/kubeObjects';

export interface NamespacePart {
  /** The namespaces read (deduplicated): their objects below are fresh, whatever else an inventory holds. */
  names: string[];
  namespaces: KNamespace[];
  pods: KPod[];
  deployments: KWorkload[];
  statefulSets: KWorkload[];
  daemonSets: KWorkload[];
}

/** A field selector value as k8s.io/apimachinery/pkg/fields EscapeValue writes it. */
function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** One namespaced LIST per namespace, concatenated in the order of `namespaces`. */
export async function listInNamespaces<K extends ResourceKind>(client: ClusterClient, kind: K, namespaces: readonly string[], signal?: AbortSignal): Promise<ResourceTypes[K][]> {
  const lists = await Promise.all(namespaces.map((namespace) => client.list(kind, { namespace, signal })));
  return lists.flatMap((l) => l.items);
}

export async function readNamespaceParts(client: ClusterClient, names: readonly string[], signal?: AbortSignal): Promise<NamespacePart> {
  const unique = [...new Set(names)];
  const [objects, pods, deployments, statefulSets, daemonSets] = await Promise.all([
    Promise.all(unique.map((name) => client.list('namespaces', { fieldSelector: `metadata.name=${escapeFieldValue(name)}`, signal }))),
    listInNamespaces(client, 'pods', unique, signal),
    listInNamespaces(client, 'deployments', unique, signal),
    listInNamespaces(client, 'statefulsets', unique, signal),
    listInNamespaces(client, 'daemonsets', unique, signal),
  ]);
  return { names: unique, namespaces: objects.flatMap((l) => l.items), pods, deployments, statefulSets, daemonSets };
}
