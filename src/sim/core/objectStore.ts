/**
 * The simulator's etcd: objects per resource with a namespace index, an owner index, one global
 * resourceVersion counter and the recent event history. Stored objects are never mutated in place,
 * so lists, events and history can share them; their list JSON is cached per version.
 */
import { EventHistory } from './eventHistory';
import type { KubeObject, StoreEvent, WatchEventType } from './types';

export interface StoredEntry {
  /** `<namespace>/<name>` or `<name>`: the etcd key below the resource prefix, in etcd's order. */
  readonly key: string;
  readonly obj: KubeObject;
  /** The object as a list item (no kind/apiVersion), serialised lazily to UTF-8. */
  itemBytes?: Buffer;
}

class ResourceTable {
  readonly entries = new Map<string, StoredEntry>();
  readonly byNamespace = new Map<string, Map<string, StoredEntry>>();
  private sorted: StoredEntry[] | null = null;

  set(entry: StoredEntry, ns: string | undefined, isNew: boolean): void {
    this.entries.set(entry.key, entry);
    if (ns !== undefined) {
      let m = this.byNamespace.get(ns);
      if (!m) this.byNamespace.set(ns, (m = new Map()));
      m.set(entry.key, entry);
    }
    if (isNew) this.sorted = null;
    else if (this.sorted) {
      const i = lowerBound(this.sorted, entry.key);
      this.sorted[i] = entry;
    }
  }

  remove(key: string, ns: string | undefined): void {
    this.entries.delete(key);
    if (ns !== undefined) {
      const m = this.byNamespace.get(ns);
      m?.delete(key);
      if (m && m.size === 0) this.byNamespace.delete(ns);
    }
    this.sorted = null;
  }

  all(): StoredEntry[] {
    if (!this.sorted) this.sorted = [...this.entries.values()].sort((a, b) => compareKeys(a.key, b.key));
    return this.sorted;
  }

  inNamespace(ns: string): StoredEntry[] {
    const m = this.byNamespace.get(ns);
    return m ? [...m.values()].sort((a, b) => compareKeys(a.key, b.key)) : [];
  }
}

/** The object as a list item (no kind/apiVersion), serialised once per stored version. */
export function itemBytes(entry: StoredEntry): Buffer {
  if (entry.itemBytes === undefined) entry.itemBytes = Buffer.from(JSON.stringify({ ...entry.obj, kind: undefined, apiVersion: undefined }));
  return entry.itemBytes;
}

export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First index whose key is >= `key`. */
export function lowerBound(entries: StoredEntry[], key: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function objectKey(ns: string | undefined, name: string): string {
  return ns ? `${ns}/${name}` : name;
}

export type StoreListener = (event: StoreEvent) => void;

export class ObjectStore {
  private rv: number;
  private readonly tables = new Map<string, ResourceTable>();
  private readonly owners = new Map<string, Set<string>>();
  private readonly listeners = new Set<StoreListener>();
  private readonly history: EventHistory;

  constructor(options: { historySize?: number; initialResourceVersion?: number } = {}) {
    this.history = new EventHistory(options.historySize ?? 5000);
    this.rv = options.initialResourceVersion ?? 1;
  }

  /** The latest resourceVersion, as a number. */
  get currentResourceVersion(): number {
    return this.rv;
  }

  private table(resource: string): ResourceTable {
    let t = this.tables.get(resource);
    if (!t) this.tables.set(resource, (t = new ResourceTable()));
    return t;
  }

  entry(resource: string, ns: string | undefined, name: string): StoredEntry | undefined {
    return this.tables.get(resource)?.entries.get(objectKey(ns, name));
  }

  /** The stored object; treat it as read-only. */
  get(resource: string, ns: string | undefined, name: string): KubeObject | undefined {
    return this.entry(resource, ns, name)?.obj;
  }

  /** Entries in etcd key order; all namespaces when `ns` is undefined. */
  entries(resource: string, ns?: string): StoredEntry[] {
    const t = this.tables.get(resource);
    if (!t) return [];
    return ns === undefined ? t.all() : t.inNamespace(ns);
  }

  list(resource: string, ns?: string): KubeObject[] {
    return this.entries(resource, ns).map((e) => e.obj);
  }

  count(resource: string): number {
    return this.tables.get(resource)?.entries.size ?? 0;
  }

  /** Objects (any resource) whose ownerReferences name `uid`. */
  dependents(uid: string): { resource: string; obj: KubeObject }[] {
    const out: { resource: string; obj: KubeObject }[] = [];
    for (const ref of this.owners.get(uid) ?? []) {
      const sep = ref.indexOf('|');
      const resource = ref.slice(0, sep);
      const e = this.tables.get(resource)?.entries.get(ref.slice(sep + 1));
      if (e) out.push({ resource, obj: e.obj });
    }
    return out;
  }

  create(resource: string, obj: KubeObject): KubeObject {
    return this.write(resource, obj, 'ADDED');
  }

  update(resource: string, obj: KubeObject): KubeObject {
    return this.write(resource, obj, 'MODIFIED');
  }

  delete(resource: string, ns: string | undefined, name: string): KubeObject | undefined {
    const t = this.tables.get(resource);
    const key = objectKey(ns, name);
    const prev = t?.entries.get(key);
    if (!t || !prev) return undefined;
    const rv = ++this.rv;
    const gone: KubeObject = { ...prev.obj, metadata: { ...prev.obj.metadata, resourceVersion: String(rv) } };
    t.remove(key, ns);
    this.indexOwners(resource, key, prev.obj, undefined);
    this.emit({ type: 'DELETED', resource, rv, object: gone, prev: prev.obj });
    return gone;
  }

  private write(resource: string, obj: KubeObject, type: WatchEventType): KubeObject {
    const t = this.table(resource);
    const ns = obj.metadata.namespace || undefined;
    const key = objectKey(ns, obj.metadata.name);
    const prev = t.entries.get(key);
    if (type === 'ADDED' && prev) throw new Error(`store: ${resource} ${key} exists`);
    if (type === 'MODIFIED' && !prev) throw new Error(`store: ${resource} ${key} missing`);
    const rv = ++this.rv;
    const stored: KubeObject = { ...obj, metadata: { ...obj.metadata, resourceVersion: String(rv) } };
    t.set({ key, obj: stored }, ns, !prev);
    this.indexOwners(resource, key, prev?.obj, stored);
    this.emit({ type, resource, rv, object: stored, prev: prev?.obj });
    return stored;
  }

  private indexOwners(resource: string, key: string, before: KubeObject | undefined, after: KubeObject | undefined): void {
    const ref = `${resource}|${key}`;
    for (const o of before?.metadata.ownerReferences ?? []) this.owners.get(o.uid)?.delete(ref);
    for (const o of after?.metadata.ownerReferences ?? []) {
      let s = this.owners.get(o.uid);
      if (!s) this.owners.set(o.uid, (s = new Set()));
      s.add(ref);
    }
  }

  private emit(event: StoreEvent): void {
    this.history.push(event);
    for (const l of this.listeners) l(event);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after `rv`; undefined when `rv` is older than the retained window (→ 410 Expired). */
  eventsAfter(rv: number): StoreEvent[] | undefined {
    return this.history.after(rv);
  }

  /** The resourceVersion the server names in "too old resource version: X (Y)". */
  oldestResumable(): number {
    return this.history.oldestResumable();
  }

  /** Serialises every object's list form ahead of the first LIST (a 40,000-pod list then costs no stringify). */
  warmListCache(): void {
    for (const t of this.tables.values()) for (const e of t.entries.values()) itemBytes(e);
  }

  /** Drops the event history (like an etcd compaction): older watches get 410 Expired. */
  compact(): void {
    this.history.compact(this.rv);
  }
}
