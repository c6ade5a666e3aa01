/** The typed face of one cluster. Only src/kube implements it with client-node; the simulator is reached through it too. */
import type {
  KConfigMap, KHelmReleaseSecret, KHorizontalPodAutoscaler, KJob, KNamespace, KPod, KPodDisruptionBudget, KSailIstio,
  KSailRevision, KSailRevisionTag, KService, KWebhookConfiguration, KWorkload,
} from '../mesh/kubeObjects';
import type { KLease } from '../mesh/leaseObject';
import type { ClusterError } from './clusterError';

export interface ResourceTypes {
  namespaces: KNamespace;
  pods: KPod;
  deployments: KWorkload;
  statefulsets: KWorkload;
  daemonsets: KWorkload;
  replicasets: KWorkload;
  mutatingwebhookconfigurations: KWebhookConfiguration;
  validatingwebhookconfigurations: KWebhookConfiguration;
  services: KService;
  configmaps: KConfigMap;
  // Owners (issue 13): Helm release Secrets — always trimmed, so their data never leaves src/kube — and Sail's kinds.
  secrets: KHelmReleaseSecret;
  istios: KSailIstio;
  istiorevisions: KSailRevision;
  istiorevisiontags: KSailRevisionTag;
  /** coordination.k8s.io/v1: the namespace locks of runs (src/upgrade/namespaceLocks.ts). */
  leases: KLease;
  // Blast radius (issue 16): read per plan, in the planned namespaces only. PDBs and HPAs are served at other
  // versions by older clusters (policy/v1beta1 before 1.21, autoscaling/v1): ListOptions.version picks one.
  poddisruptionbudgets: KPodDisruptionBudget;
  horizontalpodautoscalers: KHorizontalPodAutoscaler;
  jobs: KJob;
}

export type ResourceKind = keyof ResourceTypes;

export const CLUSTER_SCOPED: ReadonlySet<ResourceKind> = new Set<ResourceKind>([
  'namespaces', 'mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
  'istios', 'istiorevisions', 'istiorevisiontags',
]);

/** What a LIST page callback is told besides the page's items. */
export interface ListPage {
  /**
   * The pager started over (its continue token expired, 410) and this is the first page of the new pass: drop
   * every item the earlier pages gave.
   */
  restarted: boolean;
}

export interface ListOptions<T = unknown> {
  /** Omit for all namespaces (or for cluster-scoped kinds). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** LIST page size (limit/continue). */
  pageSize?: number;
  /** Keep only the fields the mesh model reads, page by page (a 40,000-pod list never sits in memory whole). */
  trim?: boolean;
  signal?: AbortSignal;
  /** Another version of the kind's API group, e.g. `v1beta1` for PodDisruptionBudgets on Kubernetes 1.20. */
  version?: string;
  /**
   * Each decoded (and trimmed) page in order, as it arrives: a consumer can show the first pods before the last
   * page is in. The items are the ones the result will hold (the same objects); the result is unchanged.
   */
  onPage?: (items: readonly T[], page: ListPage) => void;
}

/** A Service reached through the API server's service proxy: `[scheme:]name[:port]`. */
export interface ServiceProxyTarget {
  name: string;
  /** Port name or number (default: the Service's only port). */
  port?: string | number;
  /** Default http. */
  scheme?: 'http' | 'https';
}

export interface ListResult<T> {
  items: T[];
  /** The list's resourceVersion, to start a watch from. */
  resourceVersion: string;
  /** HTTP requests the list took (one per page). */
  requests: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  resourceVersion: string;
  /** Server-side watch duration (`timeoutSeconds`); the server then closes the stream normally (onClose). */
  timeoutSeconds?: number;
}

export interface WatchHandlers<T> {
  onEvent(type: WatchEventType, object: T): void;
  /** The server accepted the watch (response headers arrived). */
  onOpen?(): void;
  /** A BOOKMARK event: nothing changed, but resume from this resourceVersion. */
  onBookmark?(resourceVersion: string): void;
  /** The stream ended with an error (410 Gone arrives as kind 'gone'): the caller relists. */
  onError(error: ClusterError): void;
  /** The server closed the stream normally (timeout); the caller may resume from the last resourceVersion. */
  onClose?(): void;
}

export interface WatchHandle {
  stop(): void;
}

export type PatchType = 'merge' | 'json' | 'strategic';

/** The field manager every write names (istio-model.md M15): managedFields then show our writes as ours. */
export const FIELD_MANAGER = 'istio-canary-upgrades';

export interface WriteOptions {
  /** Server-side dry run (`dryRun=All`): validated and admitted, nothing persisted. */
  dryRun?: boolean;
  /** Default FIELD_MANAGER (`istio-canary-upgrades`). */
  fieldManager?: string;
  signal?: AbortSignal;
}

export interface ClusterClient {
  readonly context: string;
  list<K extends ResourceKind>(kind: K, options?: ListOptions<ResourceTypes[K]>): Promise<ListResult<ResourceTypes[K]>>;
  get<K extends ResourceKind>(kind: K, name: string, namespace?: string, signal?: AbortSignal): Promise<ResourceTypes[K]>;
  watch<K extends ResourceKind>(kind: K, options: WatchOptions, handlers: WatchHandlers<ResourceTypes[K]>): WatchHandle;
  patch<K extends ResourceKind>(
    kind: K, name: string, namespace: string | undefined, type: PatchType, body: unknown, options?: WriteOptions,
  ): Promise<ResourceTypes[K]>;
  create<K extends ResourceKind>(kind: K, object: ResourceTypes[K], options?: WriteOptions): Promise<ResourceTypes[K]>;
  delete(kind: ResourceKind, name: string, namespace?: string, options?: WriteOptions): Promise<void>;
  /** PUT the whole object (its metadata.resourceVersion guards against lost updates). */
  replace?<K extends ResourceKind>(kind: K, object: ResourceTypes[K], options?: WriteOptions): Promise<ResourceTypes[K]>;
  /**
   * GET through the API server's pod proxy (`pods/<name>:<port>/proxy/<path>`): how we reach istiod's monitoring
   * port (:15014, `debug/syncz`, `version`) without a port-forward. JSON bodies are parsed, others returned as text.
   */
  proxyGet(namespace: string, pod: string, port: number, path: string, signal?: AbortSignal): Promise<unknown>;
  /**
   * GET through the API server's service proxy (`services/<scheme:name:port>/proxy/<path>?<query>`): how Prometheus
   * is reached without a port-forward (needs `get` on `services/proxy`). JSON bodies are parsed, others returned as
   * text; a non-2xx answer throws a ClusterError carrying the body's message. Optional: a client without it cannot.
   */
  serviceProxyGet?(namespace: string, service: ServiceProxyTarget, path: string, query?: Record<string, string>, signal?: AbortSignal): Promise<unknown>;
  /**
   * Discovery of one API group version (`GET /apis/<group>/<version>`): the resource names it serves, or
   * undefined when the server does not serve it (404). Optional: a client without it cannot tell (owners unknown).
   */
  discover?(group: string, version: string, signal?: AbortSignal): Promise<string[] | undefined>;
  /** Server version, e.g. { major: "1", minor: "20", gitVersion: "v1.20.2" }. */
  version(signal?: AbortSignal): Promise<{ major: string; minor: string; gitVersion: string }>;
  /** Requests and bytes so far, for logs and benchmarks. */
  stats(): { requests: number; bytes: number };
}

/** Where every cluster call is reported (the extension's LogOutputChannel, the CLI's stderr in verbose mode). */
export interface CallLogger {
  call(context: string, method: string, path: string, status: number | 'error', ms: number): void;
  warn(message: string): void;
}
