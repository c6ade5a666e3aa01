/**
 * Object metadata trimmed to what the mesh model reads, with repeated strings and maps shared (interner.ts):
 * the part every trimmer (trimObjects.ts, trimOwnerObjects.ts) has in common.
 */
import { Interner } from './interner';
import type { ObjectMeta, OwnerReference, StringMap } from '../mesh/kubeObjects';

export type Raw = Record<string, unknown>;

export const shared = new Interner();

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? shared.string(v) : undefined;
}

/** A key part for `shared.shape`: distinguishes absent, non-string and string values. */
export function part(v: unknown): string {
  return typeof v === 'string' ? `s${v}` : v === undefined ? 'u' : `j${JSON.stringify(v)}`;
}

export function rec(v: unknown): Raw | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : undefined;
}

export function arr(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

export function pick<T extends object>(source: Raw | undefined, keys: readonly string[]): T | undefined {
  if (!source) return undefined;
  const out: Raw = {};
  let any = false;
  for (const k of keys) {
    if (source[k] !== undefined) {
      out[k] = source[k];
      any = true;
    }
  }
  return any ? (out as T) : undefined;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Labels/annotations: string values only (what the API allows), shared with every equal map. */
export function stringMap(v: unknown, drop?: string): StringMap | undefined {
  const m = rec(v);
  return m ? shared.stringMap(m, drop) : undefined;
}

const OWNER_KEYS = ['apiVersion', 'kind', 'name', 'uid', 'controller'] as const;

function trimOwners(owners: unknown[]): OwnerReference[] {
  const records = owners.map((o) => rec(o) ?? {});
  const key = records.map((o) => OWNER_KEYS.map((k) => part(o[k])).join('\u0000')).join('\u0001');
  return shared.shape(`o${key}`, () => records.map((o) => {
    const owner: Raw = {};
    for (const k of OWNER_KEYS) if (o[k] !== undefined) owner[k] = str(o[k]) ?? o[k];
    return Object.freeze(owner) as unknown as OwnerReference;
  }));
}

/** `identity: false` (Pods) drops uid, resourceVersion and creationTimestamp, which nothing reads for a Pod. */
export function trimMeta(v: unknown, identity = true): ObjectMeta {
  const m = rec(v) ?? {};
  const name = String(m.name ?? '');
  const labels = stringMap(m.labels);
  const all = stringMap(m.annotations, LAST_APPLIED);
  const annotations = all && Object.keys(all).length > 0 ? all : undefined;
  const owners = arr(m.ownerReferences);
  const ownerReferences = owners ? trimOwners(owners) : undefined;
  if (!identity && typeof m.namespace === 'string' && labels && annotations && ownerReferences && m.generation === undefined && m.deletionTimestamp === undefined) {
    // The usual Pod, in one literal: its five properties stay inside the object (see trimPod).
    return { name, namespace: shared.string(m.namespace), labels, annotations, ownerReferences };
  }
  const meta: ObjectMeta = { name };
  if (m.namespace !== undefined) meta.namespace = str(m.namespace) ?? (m.namespace as string);
  if (identity) {
    if (m.uid !== undefined) meta.uid = m.uid as string;
    if (m.resourceVersion !== undefined) meta.resourceVersion = m.resourceVersion as string;
    if (m.creationTimestamp !== undefined) meta.creationTimestamp = str(m.creationTimestamp) ?? (m.creationTimestamp as string);
  }
  if (m.generation !== undefined) meta.generation = m.generation as number;
  if (m.deletionTimestamp !== undefined) meta.deletionTimestamp = m.deletionTimestamp as string;
  if (labels) meta.labels = labels;
  if (annotations) meta.annotations = annotations;
  if (ownerReferences) meta.ownerReferences = ownerReferences;
  return meta;
}
