/**
 * An informer-style cache of one cluster (client-go's idea): one LIST per kind, then one WATCH per kind from
 * the list's resourceVersion. 410 Gone → relist that kind; a normal close or a running stream that drops →
 * rewatch from the last resourceVersion; other watch errors → reported, retried with capped backoff. Services,
 * ConfigMaps and Helm release Secrets are read only in the Istio namespace(s), which follow the webhooks and
 * istiod Deployments as they change. Owner reads (Helm release Secrets, the Sail kinds when discovery shows
 * them) are soft: a 403 or 404 leaves the owners unknown and is reported in the inventory's `ownerReads`,
 * never as a failure of the cluster. The namespace locks of runs (our Leases, by their label) are one more LIST +
 * watch, outside the inventory; a cluster that forbids them just shows none.
 */
import type { ClusterClient, ResourceKind, ResourceTypes, WatchEventType } from './clusterClient';
import { ClusterError, isClusterError } from './clusterError';
import type { ClusterInventory, OwnerReadStatus } from '../mesh/kubeObjects';
import { LOCK_SELECTOR, type KLease } from '../mesh/leaseObject';
import { discoverIstioNamespaces, gatewayNamespaces } from './istioNamespaces';
import { ObjectStore } from './objectStore';
import { SAIL_KINDS, SAIL_WHAT, ownerReadProblem, sailServed } from './ownerReads';
import { trimObject } from './trimObjects';
import { BULK_KINDS, CLUSTER_WIDE, DISCOVERY_KINDS, istioNamespaced, type ClusterCacheOptions, type ClusterCacheStats, type Stream, type StreamSpec } from './clusterCacheStreams';
import { BulkPages, type ProgressListener } from './bulkPages';

export type { ClusterCacheOptions, ClusterCacheStats } from './clusterCacheStreams';
export type { ListProgress, ProgressListener } from './bulkPages';

/** `namespaces`: the namespaces the batched events touched; undefined when unknown (relists, cluster-scoped kinds). */
export type ChangeListener = (kinds: ResourceKind[], namespaces?: ReadonlySet<string>) => void;
export type ErrorListener = (error: ClusterError, kind: ResourceKind) => void;

export class ClusterCache {
  private readonly store = new ObjectStore();
  private readonly streams = new Map<string, Stream>();
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly errorListeners = new Set<ErrorListener>();
  private readonly abort = new AbortController();
  private readonly pending = new Set<ResourceKind>();
  private pendingNamespaces = new Set<string>();
  private pendingAll = false;
  private flushTimer?: NodeJS.Timeout;
  private istioNs: string[] = [];
  private locksUnavailable?: ClusterError;
  private sail: OwnerReadStatus['sail'] = 'unknown';
  /** Failed owner reads by stream key (or 'discovery'). */
  private readonly ownerProblems = new Map<string, string>();
  private started = false;
  private stopped = false;
  private readonly counters = { lists: 0, relists: 0, watches: 0, events: 0, errors: 0 };

  constructor(private readonly client: ClusterClient, private readonly options: ClusterCacheOptions = {}) {}

  /**
   * Lists everything (rejects with the first ClusterError, e.g. a 403 on pods), then starts the watches.
   * `onControlPlane` runs once everything but the pods and their workloads is listed (webhooks, Deployments,
   * Namespaces, the Istio namespaces' objects): enough to show revisions, tags and namespaces while the big lists
   * still stream. All LISTs start together either way. With `onProgress`, the pages of those big lists go into
   * the cache as they arrive (inventory() holds what is listed so far) and each is reported; the watches still
   * start only once every LIST is in, from the LISTs' resourceVersions.
   */
  async start(signal?: AbortSignal, onControlPlane?: () => void, onProgress?: ProgressListener): Promise<void> {
    const listSignal = signal ? AbortSignal.any([signal, this.abort.signal]) : this.abort.signal;
    try {
      const controlPlane = async () => {
        await Promise.all([
          ...CLUSTER_WIDE.filter((kind) => !BULK_KINDS.has(kind)).map((kind) => this.initialList({ kind }, listSignal)),
          ...(this.options.leases === false ? [] : [this.initialList({ kind: 'leases', labelSelector: LOCK_SELECTOR }, listSignal).catch((e: unknown) => {
            // Locks are shown when they can be read; an RBAC refusal must not hide the whole cluster.
            this.locksUnavailable = isClusterError(e) ? e : new ClusterError({ kind: 'unknown', context: this.client.context, message: String(e) });
          })]),
        ]);
        this.istioNs = this.wantedIstioNamespaces();
        await Promise.all([
          ...this.istioNs.flatMap((ns) => istioNamespaced(ns).map((spec) => this.initialList(spec, listSignal))),
          this.startSail(listSignal),
        ]);
      };
      const streamed = onProgress && new BulkPages(this.store, onProgress);
      const bulk = Promise.all(CLUSTER_WIDE.filter((kind) => BULK_KINDS.has(kind)).map((kind) => this.initialList({ kind }, listSignal, streamed)));
      let bulkDone = false;
      await Promise.all([bulk.then(() => { bulkDone = true; }), controlPlane().then(() => {
        if (!bulkDone && !listSignal.aborted) onControlPlane?.();
      })]);
    } catch (e) {
      this.stop();
      throw isClusterError(e) ? e : new ClusterError({ kind: 'unknown', context: this.client.context, message: String(e) });
    }
    if (this.stopped) return;
    this.started = true;
    if (this.options.watch === false) return;
    for (const stream of this.streams.values()) this.watch(stream);
  }

  /** Current objects. Arrays are shared with the cache: read them, never modify them. */
  inventory(): ClusterInventory {
    return { ...this.store.inventory(), ownerReads: { sail: this.sail, problems: [...new Set(this.ownerProblems.values())] } };
  }

  /** Runs' namespace locks (our Leases), as last listed or watched. */
  leases(): KLease[] {
    return this.store.list('leases');
  }

  /** Why the locks could not be read (e.g. forbidden), if they could not. */
  leasesUnavailable(): ClusterError | undefined {
    return this.locksUnavailable;
  }

  /** The Istio namespaces whose Services and ConfigMaps are cached. */
  istioNamespaces(): readonly string[] {
    return this.istioNs;
  }

  onChange(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** A watch or relist failed; the cache keeps retrying. Also see degraded(). */
  onError(listener: ErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** The error of a stream that has not recovered yet (the inventory may be stale), if any. */
  degraded(): ClusterError | undefined {
    for (const s of this.streams.values()) {
      if (s.error) return s.error;
    }
    return undefined;
  }

  stats(): ClusterCacheStats {
    return { ...this.client.stats(), ...this.counters, objects: this.store.size() };
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    for (const s of this.streams.values()) this.closeStream(s);
    clearTimeout(this.flushTimer);
  }

  private async initialList(spec: StreamSpec, signal: AbortSignal, pages?: BulkPages): Promise<void> {
    this.counters.lists++;
    const { kind, namespace, labelSelector } = spec;
    let result: Awaited<ReturnType<ClusterClient['list']>>;
    try {
      result = await this.client.list(kind, { namespace, labelSelector, signal, trim: true, onPage: pages?.onPage(kind) });
    } catch (e) {
      if (!spec.soft || signal.aborted) throw e;
      this.ownerProblems.set(streamKey(kind, namespace), ownerReadProblem(spec.soft, e));
      return;
    }
    // Streamed pages are in the store already, in the LIST's order.
    if (!pages?.holdsAll(kind, result.items.length)) this.store.replace(kind, namespace, result.items);
    this.streams.set(streamKey(kind, namespace), { ...spec, resourceVersion: result.resourceVersion, attempts: 0, openedAt: 0, open: false, closed: false });
  }

  /** Discovery, then (only when the cluster serves sailoperator.io/v1) one LIST per Sail kind. */
  private async startSail(signal: AbortSignal): Promise<void> {
    const found = await sailServed(this.client, signal);
    this.sail = found.sail;
    if (found.problem) this.ownerProblems.set('discovery', found.problem);
    if (found.sail !== 'served') return;
    await Promise.all(SAIL_KINDS.map((kind) => this.initialList({ kind, soft: SAIL_WHAT }, signal)));
  }

  private watch(stream: Stream): void {
    if (this.stopped || stream.closed) return;
    this.counters.watches++;
    stream.openedAt = Date.now();
    stream.open = false;
    const { kind } = stream;
    stream.handle = this.client.watch(kind, {
      namespace: stream.namespace, labelSelector: stream.labelSelector, resourceVersion: stream.resourceVersion,
      timeoutSeconds: this.options.watchTimeoutSeconds,
    }, {
      onOpen: () => {
        stream.open = true;
        this.recovered(stream);
      },
      onEvent: (type, object) => this.onEvent(stream, type, object),
      onBookmark: (rv) => {
        stream.resourceVersion = rv;
      },
      onError: (error) => {
        stream.handle = undefined;
        if (error.kind === 'gone') {
          void this.relist(stream);
        } else if (stream.open && error.network === 'reset') {
          // A stream that was running dropped (proxy, load balancer, API server restart): resume from the last
          // resourceVersion like after a normal close; only a failure to reopen it is reported.
          this.rewatch(stream);
        } else {
          this.failed(stream, error);
          this.retry(stream, () => this.watch(stream));
        }
      },
      onClose: () => {
        stream.handle = undefined;
        this.rewatch(stream);
      },
    });
  }

  private rewatch(stream: Stream): void {
    // A server that closes at once would make us spin: back off unless the watch lived a while.
    if (Date.now() - stream.openedAt < 1000) this.retry(stream, () => this.watch(stream));
    else this.watch(stream);
  }

  private onEvent<K extends ResourceKind>(stream: Stream, type: WatchEventType, object: ResourceTypes[K]): void {
    this.counters.events++;
    const trimmed = trimObject(stream.kind, object);
    if (trimmed.metadata.resourceVersion) stream.resourceVersion = trimmed.metadata.resourceVersion;
    this.store.apply(stream.kind, type, trimmed);
    const ns = stream.kind === 'namespaces' ? trimmed.metadata.name : trimmed.metadata.namespace;
    this.changed(stream.kind, stream.kind !== 'deployments' || this.mayBeIstiod(trimmed.metadata), ns);
  }

  /** Most Deployment events (rollouts) cannot move the Istio namespaces; skip rediscovery for those. */
  private mayBeIstiod(meta: { namespace?: string; labels?: Record<string, string> }): boolean {
    return meta.labels?.app === 'istiod' || (meta.namespace !== undefined && this.istioNs.includes(meta.namespace));
  }

  private async relist(stream: Stream, count: 'lists' | 'relists' = 'relists'): Promise<void> {
    if (this.stopped || stream.closed) return;
    this.counters[count]++;
    const key = streamKey(stream.kind, stream.namespace);
    try {
      const { namespace, labelSelector } = stream;
      const result = await this.client.list(stream.kind, { namespace, labelSelector, signal: this.abort.signal, trim: true });
      if (this.stopped || stream.closed) return;
      this.store.replace(stream.kind, stream.namespace, result.items);
      stream.resourceVersion = result.resourceVersion;
      this.ownerProblems.delete(key);
      this.recovered(stream);
      this.changed(stream.kind);
      this.watch(stream);
    } catch (e) {
      if (this.stopped || stream.closed) return;
      const error = isClusterError(e) ? e : new ClusterError({ kind: 'unknown', context: this.client.context, message: String(e) });
      if (stream.soft) {
        this.ownerProblems.set(key, ownerReadProblem(stream.soft, error));
        this.changed(stream.kind);
        // RBAC or a missing API will not heal by itself: a Refresh reads again.
        if (error.kind === 'forbidden' || error.kind === 'notFound') return this.closeStream(stream);
      } else {
        this.failed(stream, error);
      }
      this.retry(stream, () => void this.relist(stream));
    }
  }

  private retry(stream: Stream, action: () => void): void {
    if (this.stopped || stream.closed) return;
    const base = this.options.relistBackoffMs ?? 1000;
    const delay = Math.min(base * 2 ** stream.attempts, this.options.maxBackoffMs ?? 30000);
    stream.attempts++;
    stream.timer = setTimeout(action, delay);
  }

  private failed(stream: Stream, error: ClusterError): void {
    this.counters.errors++;
    stream.error = error;
    for (const listener of this.errorListeners) listener(error, stream.kind);
  }

  private recovered(stream: Stream): void {
    stream.attempts = 0;
    if (stream.error) {
      stream.error = undefined;
      this.changed(stream.kind);
    }
  }

  private changed(kind: ResourceKind, rediscover = true, namespace?: string): void {
    if (!this.started || this.stopped) return;
    this.pending.add(kind);
    if (namespace === undefined) this.pendingAll = true;
    else this.pendingNamespaces.add(namespace);
    if (rediscover && DISCOVERY_KINDS.has(kind)) this.followIstioNamespaces();
    if (this.flushTimer === undefined) {
      this.flushTimer = setTimeout(() => this.flush(), this.options.batchMs ?? 50);
    }
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (this.stopped || this.pending.size === 0) return;
    const kinds = [...this.pending];
    const namespaces = this.pendingAll ? undefined : this.pendingNamespaces;
    this.pending.clear();
    this.pendingNamespaces = new Set();
    this.pendingAll = false;
    for (const listener of this.changeListeners) listener(kinds, namespaces);
  }

  private wantedIstioNamespaces(): string[] {
    if (this.options.istioNamespaces && this.options.istioNamespaces.length > 0) return [...this.options.istioNamespaces];
    const webhooks = [...this.store.list('mutatingwebhookconfigurations'), ...this.store.list('validatingwebhookconfigurations')];
    const deployments = this.store.list('deployments');
    const istio = discoverIstioNamespaces(webhooks, deployments);
    return [...istio, ...gatewayNamespaces(deployments, istio)].sort();
  }

  /** Starts (list + watch) or drops the Services/ConfigMaps/Helm Secrets of namespaces that became (ir)relevant. */
  private followIstioNamespaces(): void {
    const wanted = this.wantedIstioNamespaces();
    if (wanted.join('\n') === this.istioNs.join('\n')) return;
    const added = wanted.filter((ns) => !this.istioNs.includes(ns));
    const removed = this.istioNs.filter((ns) => !wanted.includes(ns));
    this.istioNs = wanted;
    for (const ns of removed) {
      for (const { kind } of istioNamespaced(ns)) {
        const key = streamKey(kind, ns);
        const stream = this.streams.get(key);
        if (stream) this.closeStream(stream);
        this.streams.delete(key);
        this.ownerProblems.delete(key);
        this.store.removeNamespace(kind, ns);
        this.pending.add(kind);
        this.pendingAll = true;
      }
    }
    for (const ns of added) {
      for (const spec of istioNamespaced(ns)) {
        const stream: Stream = { ...spec, resourceVersion: '', attempts: 0, openedAt: 0, open: false, closed: false };
        this.streams.set(streamKey(spec.kind, ns), stream);
        void this.relist(stream, 'lists');
      }
    }
  }

  private closeStream(stream: Stream): void {
    stream.closed = true;
    clearTimeout(stream.timer);
    stream.handle?.stop();
    stream.handle = undefined;
  }
}

function streamKey(kind: ResourceKind, namespace: string | undefined): string {
  return namespace === undefined ? kind : `${kind}@${namespace}`;
}
