/**
 * What the cluster cache (clusterCache.ts) lists and watches: its options and figures, the kinds read cluster-wide,
 * per Istio namespace and as soft owner reads, and the state of one LIST + WATCH stream.
 */
import type { ResourceKind, WatchHandle } from './clusterClient';
import type { ClusterError } from './clusterError';
import { HELM_RELEASE_SELECTOR, helmSecretsWhat } from './ownerReads';

export interface ClusterCacheOptions {
  /** Fixed Istio namespaces; when omitted they are discovered (default istio-system). */
  istioNamespaces?: string[];
  /** First retry delay after a failed watch or relist (default 1000 ms), doubled per attempt. */
  relistBackoffMs?: number;
  /** Cap of the retry delay (default 30000 ms). */
  maxBackoffMs?: number;
  /** Change notifications are batched over this window (default 50 ms). */
  batchMs?: number;
  /** Passed to every watch (default: the client's 5–10 minutes). */
  watchTimeoutSeconds?: number;
  /** false: only the initial LISTs (a one-shot read, e.g. the CLI). Default true. */
  watch?: boolean;
  /** List and watch the namespace locks of runs (default true). */
  leases?: boolean;
}

export interface ClusterCacheStats {
  requests: number;
  bytes: number;
  lists: number;
  relists: number;
  watches: number;
  events: number;
  errors: number;
  objects: number;
}

export const CLUSTER_WIDE: readonly ResourceKind[] = [
  'namespaces', 'pods', 'deployments', 'statefulsets', 'daemonsets',
  'mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
];
/** The big lists (every pod and its workloads): the control plane is shown before they finish. */
export const BULK_KINDS = new Set<ResourceKind>(['pods', 'statefulsets', 'daemonsets']);
export const DISCOVERY_KINDS = new Set<ResourceKind>(['mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'deployments']);

export interface StreamSpec {
  kind: ResourceKind;
  namespace?: string;
  labelSelector?: string;
  /** An owner read: what it reads, for the problem reported when it fails (it never fails the cluster). */
  soft?: string;
}

/** Per Istio namespace: its Services and ConfigMaps, and its Helm release Secrets of live releases. */
export function istioNamespaced(namespace: string): StreamSpec[] {
  return [
    { kind: 'services', namespace },
    { kind: 'configmaps', namespace },
    { kind: 'secrets', namespace, labelSelector: HELM_RELEASE_SELECTOR, soft: helmSecretsWhat(namespace) },
  ];
}

export interface Stream extends StreamSpec {
  resourceVersion: string;
  handle?: WatchHandle;
  timer?: NodeJS.Timeout;
  attempts: number;
  openedAt: number;
  /** The current watch request was accepted (its headers arrived). */
  open: boolean;
  error?: ClusterError;
  closed: boolean;
}
