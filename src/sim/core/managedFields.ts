/**
 * metadata.managedFields, minimally (kubernetes-api.md K1): who last set each label and annotation, which is what
 * tells "who last changed this namespace's injection label". A real server tracks every field; the simulator
 * tracks labels and annotations only and keeps whatever else an entry lists as it is. A changed key moves to the
 * manager that wrote it; a removed key leaves every entry; an entry left with nothing is dropped.
 */
import { asObject, isPlainObject, type JsonObject } from '../util/json';
import type { StringMap } from '../../mesh/kubeObjects';
import type { KubeObject } from './types';

export interface FieldManagerInfo {
  manager: string;
  operation: 'Update' | 'Apply';
  apiVersion: string;
  /** RFC 3339, seconds. */
  time: string;
}

interface Entry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: JsonObject;
  [k: string]: unknown;
}

const MAPS = ['labels', 'annotations'] as const;
type MapName = (typeof MAPS)[number];

/** The manager of a request: `fieldManager`, else the User-Agent up to its first `/` (as kube-apiserver does). */
export function managerOf(fieldManager: string | null | undefined, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  const ua = (userAgent ?? '').split('/')[0].replace(/[^\x20-\x7e]/g, '').slice(0, 128);
  return ua || 'unknown';
}

function keysOf(entry: Entry, map: MapName): Set<string> {
  const owned = asObject(asObject(asObject(entry.fieldsV1)['f:metadata'])[`f:${map}`]);
  return new Set(Object.keys(owned).filter((k) => k.startsWith('f:')).map((k) => k.slice(2)));
}

function withKeys(entry: Entry, keys: Record<MapName, Set<string>>): Entry {
  const fields = { ...asObject(entry.fieldsV1) };
  const meta = { ...asObject(fields['f:metadata']) };
  for (const map of MAPS) {
    const rest = Object.fromEntries(Object.entries(asObject(meta[`f:${map}`])).filter(([k]) => !k.startsWith('f:')));
    const owned = Object.fromEntries([...keys[map]].sort().map((k) => [`f:${k}`, {}]));
    if (keys[map].size > 0) meta[`f:${map}`] = { ...rest, ...owned };
    else delete meta[`f:${map}`];
  }
  if (Object.keys(meta).length > 0) fields['f:metadata'] = meta;
  else delete fields['f:metadata'];
  return { ...entry, fieldsType: 'FieldsV1', fieldsV1: fields };
}

function changedKeys(prev: StringMap | undefined, next: StringMap | undefined): { set: Set<string>; removed: Set<string> } {
  const set = new Set(Object.entries(next ?? {}).filter(([k, v]) => prev?.[k] !== v).map(([k]) => k));
  const removed = new Set(Object.keys(prev ?? {}).filter((k) => !(k in (next ?? {}))));
  return { set, removed };
}

/** Sets `next.metadata.managedFields` for a create (`prev` undefined) or an update by `who`. */
export function recordManagedFields(prev: KubeObject | undefined, next: KubeObject, who: FieldManagerInfo): void {
  const given = next.metadata.managedFields;
  const base: Entry[] = (Array.isArray(given) ? given : Array.isArray(prev?.metadata.managedFields) ? prev.metadata.managedFields : [])
    .filter(isPlainObject) as Entry[];
  const changes = Object.fromEntries(MAPS.map((m) => [m, changedKeys(prev?.metadata[m], next.metadata[m])])) as Record<MapName, ReturnType<typeof changedKeys>>;
  const same = (e: Entry) => e.manager === who.manager && e.operation === who.operation && e.apiVersion === who.apiVersion;
  const out: Entry[] = [];
  let mine: Entry | undefined;
  for (const entry of base) {
    const keys = Object.fromEntries(MAPS.map((m) => {
      const k = keysOf(entry, m);
      for (const key of [...changes[m].removed, ...(same(entry) ? [] : changes[m].set)]) k.delete(key);
      if (same(entry)) for (const key of changes[m].set) k.add(key);
      return [m, k];
    })) as Record<MapName, Set<string>>;
    const updated = withKeys(entry, keys);
    if (same(entry)) mine = updated;
    if (Object.keys(asObject(updated.fieldsV1)).length > 0 || same(entry)) out.push(updated);
  }
  const wrote = MAPS.some((m) => changes[m].set.size > 0);
  if (!mine && wrote) {
    mine = withKeys({ manager: who.manager, operation: who.operation, apiVersion: who.apiVersion }, {
      labels: changes.labels.set, annotations: changes.annotations.set,
    });
    out.push(mine);
  }
  if (mine) mine.time = who.time;
  const kept = out.filter((e) => Object.keys(asObject(e.fieldsV1)).length > 0);
  if (kept.length > 0) next.metadata.managedFields = kept;
  else delete next.metadata.managedFields;
}
