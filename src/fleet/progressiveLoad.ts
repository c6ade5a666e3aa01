/**
 * The first load of a big cluster, painted in steps (issue 17): revisions, tags and namespaces once the control
 * plane is listed, then partial snapshots while the pods' pages stream in — throttled, one at a time, each
 * rebuilding only the namespaces the pages touched. Every one is marked countingProxies (nothing may be planned
 * from it). When the last LIST is in, the updater goes to the Fleet with what it has not seen yet, so the final
 * snapshot is one more incremental update rather than a build from scratch.
 */
import type { ListProgress } from '../kube/clusterCache';
import type { ClusterInventory } from '../mesh/kubeObjects';
import type { MeshSnapshot } from '../mesh/model';
import { SnapshotUpdater, type InventoryChange } from '../mesh/snapshotBuilder';

/**
 * Quiet time between two partial snapshots while the pods stream in (from the end of one to the start of the
 * next, so decoding the pages keeps most of the thread). Measured at 40,000 pods: 250 ms made ~20 partial
 * snapshots and delayed the final one by ~2 s under load; 500 ms makes 3–4, for ~3% more CPU than none.
 */
export const PROGRESS_INTERVAL_MS = 500;

export interface ProgressiveLoadHost {
  context: string;
  inventory(): ClusterInventory;
  /** A partial snapshot (already marked countingProxies) to show. */
  show(snapshot: MeshSnapshot): void;
  signal: AbortSignal;
  intervalMs?: number;
}

/** A copy of a snapshot built while the pods are still listed, every revision and namespace marked as still counting its proxies. */
export function countingProxies(s: MeshSnapshot): MeshSnapshot {
  return {
    ...s, countingProxies: true,
    revisions: s.revisions.map((r) => ({ ...r, countingProxies: true })),
    namespaces: s.namespaces.map((n) => ({ ...n, countingProxies: true })),
  };
}

export class ProgressiveLoad {
  private updater?: SnapshotUpdater;
  private kinds = new Set<string>();
  /** undefined: a page said nothing about its namespaces (a restarted LIST), so everything is rebuilt. */
  private namespaces: Set<string> | undefined = new Set();
  private running?: Promise<void>;
  private timer?: ReturnType<typeof setTimeout>;
  private lastEnd = 0;
  private finished = false;

  constructor(private readonly host: ProgressiveLoadHost) {}

  /** The control plane is listed: the first paint (with the pods listed so far). */
  controlPlane(): void {
    if (this.finished || this.updater) return;
    const updater = new SnapshotUpdater(this.host.context);
    this.updater = updater;
    this.run(() => updater.buildSliced(this.take().inventory));
  }

  /** A page of a big list went into the cache. */
  page(progress: ListProgress): void {
    this.kinds.add(progress.kind);
    if (!progress.namespaces) this.namespaces = undefined;
    else if (this.namespaces) for (const n of progress.namespaces) this.namespaces.add(n);
    this.schedule();
  }

  /**
   * Every LIST is in: waits for the partial snapshot in flight, then hands over the updater and the changes it has
   * not seen — undefined when there was no first paint (the Fleet builds from scratch).
   */
  async finish(): Promise<{ updater: SnapshotUpdater; change: InventoryChange } | undefined> {
    this.finished = true;
    clearTimeout(this.timer);
    await this.running;
    if (!this.updater) return undefined;
    return { updater: this.updater, change: { kinds: [...this.kinds], namespaces: this.namespaces } };
  }

  /** The inventory now and the changes since the last read (pages arriving while a build runs count for the next). */
  private take(): { inventory: ClusterInventory; change: InventoryChange } {
    const change = { kinds: [...this.kinds], namespaces: this.namespaces };
    this.kinds = new Set();
    this.namespaces = new Set();
    return { inventory: this.host.inventory(), change };
  }

  private schedule(): void {
    if (this.finished || this.host.signal.aborted || !this.updater || this.running || this.timer || this.kinds.size === 0) return;
    const wait = Math.max(0, this.lastEnd + (this.host.intervalMs ?? PROGRESS_INTERVAL_MS) - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const updater = this.updater;
      if (this.finished || this.host.signal.aborted || !updater) return;
      this.run(() => {
        const { inventory, change } = this.take();
        return updater.updateSliced(inventory, change);
      });
    }, wait);
  }

  /** One build at a time; a failed partial only costs its paint (the final snapshot is built either way). */
  private run(build: () => Promise<MeshSnapshot>): void {
    // Started from the cache's callbacks: nothing thrown here may reach them.
    this.running = Promise.resolve().then(build).then((snapshot) => {
      if (!this.host.signal.aborted) this.host.show(countingProxies(snapshot));
    }).catch(() => {
      // What it took is not in the updater for sure: the next build redoes every namespace.
      this.namespaces = undefined;
    }).finally(() => {
      this.running = undefined;
      this.lastEnd = performance.now();
      this.schedule();
    });
  }
}
