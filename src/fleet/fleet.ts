/**
 * All kubeconfig contexts at once: one ClusterCache per context, loaded concurrently, each rebuilt into a
 * MeshSnapshot when its watches report changes. A failing cluster becomes an error state; the others go on.
 * No vscode here: the extension and the CLI share it.
 */
import { SnapshotUpdater, type InventoryChange } from '../mesh/snapshotBuilder';
import { findGateways } from '../mesh/gateways';
import { runPrecheckSliced } from '../mesh/precheck';
import { breathe } from '../mesh/timeSlice';
import type { CallLogger, ClusterClient } from '../kube/clusterClient';
import { ClusterError } from '../kube/clusterError';
import { redactSecrets } from '../kube/errorMapping';
import { lockOf, type NamespaceLock } from '../mesh/leaseObject';
import { loadKubeconfigs, type LoadedKubeconfigs } from '../kube/kubeconfigLoader';
import type { ClusterCache } from '../kube/clusterCache';
import { openClusterSession } from '../kube/clusterSession';
import { authHint } from '../kube/authHint';
import type { RetrySettings } from '../kube/retryPolicy';
import type { ClusterFailure, ClusterState, KubeconfigFileError } from './clusterState';
import { ProgressiveLoad } from './progressiveLoad';

export interface FleetOptions {
  paths: string[];
  logger?: CallLogger;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  pageSize?: number;
  execTimeoutMs?: number;
  retry?: RetrySettings;
  istioNamespaces?: string[];
  /** Keep watching after the first load (the extension); false for one-shot reads (the CLI). */
  watch: boolean;
  /** Only these contexts (empty or undefined = all). */
  contexts?: string[];
  /** Coalesce bursts of watch events into one snapshot rebuild. */
  rebuildDelayMs?: number;
  /** While the pods of a first load stream in: the quiet time between two partial snapshots (default PROGRESS_INTERVAL_MS). */
  progressIntervalMs?: number;
  /**
   * Which contexts connect on load; the others stay `idle` until connect(). Default: all (the CLI, which is
   * told its contexts by flags). The extension connects the current context only, unless configured otherwise.
   */
  connectOnLoad?: (context: string, isCurrent: boolean) => boolean;
}

type Listener = (contexts: string[]) => void;

interface Session {
  cache?: ClusterCache;
  client?: ClusterClient;
  dispose?: () => void;
  abort: AbortController;
  timer?: ReturnType<typeof setTimeout>;
  /** Rebuilds only the namespaces the watches touched. */
  updater?: SnapshotUpdater;
  changedKinds: Set<string>;
  /** undefined = a change whose namespaces are unknown: rebuild everything. */
  changedNamespaces?: Set<string>;
  /** Precheck and gateways trail the snapshot: they are not needed for the tree to move. */
  analysisTimer?: ReturnType<typeof setTimeout>;
  /** The rebuild in flight (rebuilds are sliced, so they run one after another). */
  publishing?: Promise<void>;
}

function locksOf(cache: ClusterCache): NamespaceLock[] {
  return cache.leases().map(lockOf).filter((l): l is NamespaceLock => l !== undefined);
}

export function toFailure(e: unknown): ClusterFailure {
  if (e instanceof ClusterError) return { kind: e.kind, message: e.message, remedy: e.remedy };
  return { kind: 'unknown', message: redactSecrets(e instanceof Error ? e.message : String(e)) };
}

export class Fleet {
  private readonly states = new Map<string, ClusterState>();
  private readonly sessions = new Map<string, Session>();
  private readonly listeners = new Set<Listener>();
  private loaded?: LoadedKubeconfigs;
  private firstLoad: Promise<void> = Promise.resolve();
  fileErrors: KubeconfigFileError[] = [];

  constructor(private readonly options: FleetOptions) {}

  /** The kubeconfig files this fleet reads (KUBECONFIG-style), e.g. for a terminal that runs helm against the same contexts. */
  get kubeconfigPaths(): readonly string[] {
    return this.options.paths;
  }

  onDidChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** (Re)reads the kubeconfig files and (re)loads every context. Resolves when each has loaded or failed. */
  load(): Promise<void> {
    this.stopAll();
    this.states.clear();
    this.loaded = loadKubeconfigs(this.options.paths);
    this.fileErrors = this.loaded.fileErrors;
    const wanted = this.options.contexts?.length ? new Set(this.options.contexts) : undefined;
    const contexts = this.loaded.contexts.filter((c) => !wanted || wanted.has(c.name));
    const connectNow = this.options.connectOnLoad ?? (() => true);
    const connecting: string[] = [];
    for (const c of contexts) {
      const isCurrent = c.name === this.loaded.currentContext;
      const connect = !c.error && connectNow(c.name, isCurrent);
      if (connect) connecting.push(c.name);
      this.states.set(c.name, {
        context: c.name, sourceFile: c.sourceFile, server: c.server, authHint: authHint(this.loaded, c.name), isCurrent,
        status: c.error ? 'error' : connect ? 'loading' : 'idle',
        error: c.error ? { kind: 'badConfig', message: c.error } : undefined,
      });
    }
    this.emit([...this.states.keys()]);
    this.firstLoad = Promise.all(connecting.map((c) => this.loadContext(c))).then(() => undefined);
    return this.firstLoad;
  }

  /** Connects an idle context (expanded in the tree, or Connect). Resolves when it has loaded or failed. */
  connect(context: string): Promise<void> {
    const state = this.states.get(context);
    if (!state || state.status !== 'idle') return Promise.resolve();
    return this.reload(context);
  }

  /** Stops a context's watches and forgets its data; it is listed as not connected again. */
  disconnect(context: string): void {
    const state = this.states.get(context);
    if (!state || state.status === 'idle' || state.error?.kind === 'badConfig') return;
    this.stopSession(context);
    this.states.set(context, {
      context: state.context, sourceFile: state.sourceFile, server: state.server, authHint: state.authHint,
      isCurrent: state.isCurrent, status: 'idle',
    });
    this.emit([context]);
  }

  /** Reloads one context (e.g. the Retry action on an error node). */
  reload(context: string): Promise<void> {
    const state = this.states.get(context);
    if (!state || !this.loaded) return Promise.resolve();
    this.stopSession(context);
    this.states.set(context, { ...state, status: 'loading', error: undefined, degraded: undefined });
    this.emit([context]);
    return this.loadContext(context);
  }

  whenIdle(): Promise<void> {
    return this.firstLoad;
  }

  clusters(): ClusterState[] {
    return [...this.states.values()];
  }

  cluster(context: string): ClusterState | undefined {
    return this.states.get(context);
  }

  /** The live cache of a context (for writes and verification later on). */
  cache(context: string): ClusterCache | undefined {
    return this.sessions.get(context)?.cache;
  }

  /** The client of a loaded context, for writes (migrate, restart, verify). */
  client(context: string): ClusterClient | undefined {
    return this.sessions.get(context)?.client;
  }

  dispose(): void {
    this.stopAll();
    this.listeners.clear();
  }

  private async loadContext(context: string): Promise<void> {
    const session: Session = { abort: new AbortController(), changedKinds: new Set(), changedNamespaces: new Set() };
    this.sessions.set(context, session);
    const started = Date.now();
    try {
      if (!this.loaded) throw new Error('kubeconfig not loaded');
      const opened = openClusterSession(this.loaded, context, {
        logger: this.options.logger,
        requestTimeoutMs: this.options.requestTimeoutMs,
        connectTimeoutMs: this.options.connectTimeoutMs,
        pageSize: this.options.pageSize,
        execTimeoutMs: this.options.execTimeoutMs,
        retry: this.options.retry,
        istioNamespaces: this.options.istioNamespaces,
        watch: this.options.watch,
      });
      session.client = opened.client;
      session.dispose = opened.dispose;
      const cache = opened.cache;
      session.cache = cache;
      // The first paint of a big cluster: revisions, tags and namespaces as soon as they are listed, then the pods
      // as their pages stream in (the extension only: the CLI prints once).
      const progressive = this.options.watch ? new ProgressiveLoad({
        context, signal: session.abort.signal, intervalMs: this.options.progressIntervalMs,
        inventory: () => cache.inventory(),
        show: (snapshot) => {
          if (!session.updater) this.update(context, { status: 'ready', snapshot, pending: 'proxies', locks: locksOf(cache) });
        },
      }) : undefined;
      await cache.start(session.abort.signal, progressive && (() => progressive.controlPlane()), progressive && ((p) => progressive.page(p)));
      const primed = await progressive?.finish();
      if (session.abort.signal.aborted) return;
      session.updater = primed?.updater ?? new SnapshotUpdater(context);
      await this.publish(context, session, Date.now() - started, primed?.change);
      if (session.abort.signal.aborted) return;
      cache.onChange((kinds, namespaces) => this.scheduleRebuild(context, kinds, namespaces));
      cache.onError((e) => this.markDegraded(context, e));
    } catch (e) {
      if (session.abort.signal.aborted) return;
      this.stopSession(context);
      this.update(context, { status: 'error', error: toFailure(e), snapshot: undefined, findings: undefined, gateways: undefined, loadMs: Date.now() - started });
    }
  }

  private scheduleRebuild(context: string, kinds: readonly string[], namespaces?: ReadonlySet<string>): void {
    const session = this.sessions.get(context);
    if (!session?.cache) return;
    // A lock taken, renewed or released changes no snapshot: only the state's locks.
    if (kinds.includes('leases')) this.update(context, { locks: locksOf(session.cache) });
    kinds = kinds.filter((k) => k !== 'leases');
    if (kinds.length === 0) return;
    for (const k of kinds) session.changedKinds.add(k);
    if (!namespaces) session.changedNamespaces = undefined;
    else if (session.changedNamespaces) for (const n of namespaces) session.changedNamespaces.add(n);
    if (session.timer) return;
    session.timer = setTimeout(() => {
      session.timer = undefined;
      this.publish(context, session).catch((e: unknown) => this.update(context, { degraded: toFailure(e) }));
    }, this.options.rebuildDelayMs ?? 50);
  }

  /** Rebuilds one after another: a later one takes every change noted until it starts. */
  private publish(context: string, session: Session, loadMs?: number, primed?: InventoryChange): Promise<void> {
    const run = (session.publishing ?? Promise.resolve()).then(() => this.publishNow(context, session, loadMs, primed));
    const tracked: Promise<void> = run.catch(() => undefined).finally(() => {
      if (session.publishing === tracked) session.publishing = undefined;
    });
    session.publishing = tracked;
    return run;
  }

  /** `primed`: the first load's updater already holds the partial snapshots' namespaces; these changed since. */
  private async publishNow(context: string, session: Session, loadMs?: number, primed?: InventoryChange): Promise<void> {
    const { cache, updater } = session;
    if (!cache || !updater || session.abort.signal.aborted) return;
    const inventory = cache.inventory();
    const first = loadMs !== undefined;
    const change = primed ?? { kinds: [...session.changedKinds], namespaces: session.changedNamespaces };
    session.changedKinds = new Set();
    session.changedNamespaces = new Set();
    const snapshot = first && !primed ? await updater.buildSliced(inventory) : await updater.updateSliced(inventory, change);
    if (session.abort.signal.aborted) return;
    const patch: Partial<ClusterState> = { status: 'ready', snapshot, error: undefined, degraded: undefined, locks: locksOf(cache), pending: undefined };
    if (first) {
      patch.loadMs = loadMs;
      Object.assign(patch, await this.analyse(inventory, snapshot));
      if (session.abort.signal.aborted) return;
    } else {
      if (session.analysisTimer) clearTimeout(session.analysisTimer);
      session.analysisTimer = setTimeout(() => {
        session.analysisTimer = undefined;
        const current = this.states.get(context)?.snapshot;
        if (!current || !session.cache) return;
        void this.analyse(session.cache.inventory(), current).then((analysis) => {
          // A newer snapshot is analysed by its own timer.
          if (!session.abort.signal.aborted && this.states.get(context)?.snapshot === current) this.update(context, analysis);
        });
      }, 250);
    }
    this.update(context, patch);
  }

  private async analyse(inventory: ReturnType<ClusterCache['inventory']>, snapshot: NonNullable<ClusterState['snapshot']>): Promise<Partial<ClusterState>> {
    const findings = await runPrecheckSliced(inventory, snapshot);
    await breathe();
    return { findings, gateways: findGateways(inventory, snapshot) };
  }

  private markDegraded(context: string, e: ClusterError): void {
    this.update(context, { degraded: toFailure(e) });
  }

  private update(context: string, patch: Partial<ClusterState>): void {
    const state = this.states.get(context);
    if (!state) return;
    this.states.set(context, { ...state, ...patch });
    this.emit([context]);
  }

  private emit(contexts: string[]): void {
    for (const l of this.listeners) l(contexts);
  }

  private stopSession(context: string): void {
    const s = this.sessions.get(context);
    if (!s) return;
    s.abort.abort();
    if (s.timer) clearTimeout(s.timer);
    if (s.analysisTimer) clearTimeout(s.analysisTimer);
    if (s.dispose) s.dispose();
    else s.cache?.stop();
    this.sessions.delete(context);
  }

  private stopAll(): void {
    for (const context of [...this.sessions.keys()]) this.stopSession(context);
  }
}
