/** A ClusterClient that logs every LIST, GET and PATCH in order (for counting what a run asks the API server). */
import type { ClusterClient, ListOptions, PatchType, ResourceKind, WriteOptions } from '../../src/kube/clusterClient';

/** `beforePatch` runs before each PATCH is sent (e.g. to change the object under the run's feet). */
export function logging(client: ClusterClient, log: string[], beforePatch?: (kind: ResourceKind, name: string, namespace?: string) => Promise<void>): ClusterClient {
  return Object.create(client, {
    list: { value: (kind: ResourceKind, o: ListOptions = {}) => {
      log.push(`LIST ${kind}${o.namespace ? ` ${o.namespace}` : ''}`);
      return client.list(kind, o);
    } },
    get: { value: (kind: ResourceKind, name: string, namespace?: string, signal?: AbortSignal) => {
      log.push(`GET ${kind} ${namespace ?? ''}/${name}`);
      return client.get(kind, name, namespace, signal);
    } },
    patch: { value: async (kind: ResourceKind, name: string, namespace: string | undefined, type: PatchType, body: unknown, o?: WriteOptions) => {
      await beforePatch?.(kind, name, namespace);
      log.push(`PATCH ${kind} ${namespace ?? ''}/${name}`);
      return client.patch(kind, name, namespace, type, body, o);
    } },
  }) as ClusterClient;
}
