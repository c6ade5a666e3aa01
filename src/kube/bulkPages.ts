/**
 * The pages of the cache's big lists (pods, StatefulSets, DaemonSets) go into its store as they arrive during
 * start(), each reported to a listener: the tree fills in pods while the rest of the LIST still streams (issue 17).
 */
import type { ListPage, ResourceKind, ResourceTypes } from './clusterClient';
import type { ObjectStore } from './objectStore';

/** One page of a big list went into the cache. */
export interface ListProgress {
  kind: ResourceKind;
  /** The namespaces of the page's objects; undefined when the pager started over and the kind's objects were dropped. */
  namespaces?: ReadonlySet<string>;
  /** Objects of the big kinds in the cache so far. */
  listed: number;
}
export type ProgressListener = (progress: ListProgress) => void;

export class BulkPages {
  private readonly counts = new Map<ResourceKind, number>();

  constructor(private readonly store: ObjectStore, private readonly listener: ProgressListener) {}

  /** The `onPage` of `kind`'s LIST. */
  onPage<K extends ResourceKind>(kind: K): (items: readonly ResourceTypes[K][], page: ListPage) => void {
    return (items, page) => {
      // A restarted pager lists from the start again: what the earlier pages gave is dropped.
      if (page.restarted) this.store.replace(kind, undefined, items);
      else this.store.addPage(kind, items);
      this.counts.set(kind, (page.restarted ? 0 : this.counts.get(kind) ?? 0) + items.length);
      let listed = 0;
      for (const n of this.counts.values()) listed += n;
      this.listener({ kind, namespaces: page.restarted ? undefined : new Set(items.map((o) => o.metadata.namespace ?? '')), listed });
    };
  }

  /** The store holds exactly the `total` objects `kind`'s LIST returned (a client that calls no onPage did not stream). */
  holdsAll(kind: ResourceKind, total: number): boolean {
    return this.counts.get(kind) === total;
  }
}
