/**
 * Defensive readers for cluster data. Every field of an object read from a cluster is untrusted:
 * metadata may be missing, maps may be null, values may not be strings. These helpers never throw.
 */
import type { StringMap } from './kubeObjects';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Validated copies of frozen maps: src/kube shares one frozen label/annotation map among many objects. */
const validatedFrozen = new WeakMap<object, StringMap>();

/** A string map keeping only string values (frozen when `value` is frozen, and then computed once per map). */
export function stringMap(value: unknown): StringMap {
  if (!isRecord(value)) return {};
  const frozen = Object.isFrozen(value);
  if (frozen) {
    const known = validatedFrozen.get(value);
    if (known) return known;
  }
  const out: StringMap = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
  }
  if (frozen) validatedFrozen.set(value, Object.freeze(out));
  return out;
}

function meta(obj: unknown): Record<string, unknown> {
  if (!isRecord(obj)) return {};
  return isRecord(obj.metadata) ? obj.metadata : {};
}

export function nameOf(obj: unknown): string {
  return str(meta(obj).name) ?? '';
}

export function namespaceOf(obj: unknown): string {
  return str(meta(obj).namespace) ?? '';
}

export function labelsOf(obj: unknown): StringMap {
  return stringMap(meta(obj).labels);
}

export function annotationsOf(obj: unknown): StringMap {
  return stringMap(meta(obj).annotations);
}

export interface Owner {
  kind: string;
  name: string;
}

/** The controlling owner reference (or the first one when none is marked controller). */
export function ownerOf(obj: unknown): Owner | undefined {
  const owners = arr(meta(obj).ownerReferences)
    .filter(isRecord)
    .map((o) => ({ kind: str(o.kind), name: str(o.name), controller: o.controller === true }))
    .filter((o): o is { kind: string; name: string; controller: boolean } => !!o.kind && !!o.name);
  const chosen = owners.find((o) => o.controller) ?? owners[0];
  return chosen ? { kind: chosen.kind, name: chosen.name } : undefined;
}

/** A nested record field, or an empty record. */
export function rec(value: unknown, key: string): Record<string, unknown> {
  if (!isRecord(value)) return {};
  const v = value[key];
  return isRecord(v) ? v : {};
}
