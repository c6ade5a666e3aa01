/** Reads back what the journal audit compares: a namespace's labels, a workload's pod-template annotations. */
import type { ClusterClient } from '../kube/clusterClient';
import { isClusterError } from '../kube/clusterError';
import type { JournalWrite } from './journalTypes';
import type { Values } from './journalAudit';

function pick(source: Record<string, string> | undefined, keys: readonly string[]): Values {
  return Object.fromEntries(keys.map((k) => [k, source?.[k] ?? null]));
}

export function clusterAuditReader(client: ClusterClient, signal?: AbortSignal) {
  return async (w: JournalWrite, keys: string[]): Promise<Values | undefined> => {
    try {
      if (w.kind === 'namespaces') return pick((await client.get('namespaces', w.name, undefined, signal)).metadata.labels, keys);
      if (w.kind === 'deployments' || w.kind === 'statefulsets' || w.kind === 'daemonsets') {
        return pick((await client.get(w.kind, w.name, w.namespace, signal)).spec?.template?.metadata?.annotations, keys);
      }
      return undefined;
    } catch (e) {
      if (isClusterError(e) && e.kind === 'notFound') return undefined;
      throw e;
    }
  };
}
