/**
 * Deciding what became of a write (kubernetes-api.md K4). A definite refusal (any 4xx: 409, 422, 403, 429 …) was not
 * applied. Anything else — no answer (client timeout, connection lost after sending, cancelled in flight), 500
 * InternalError, 502/503/504 — may or may not have been: it is "unknown" until the object is read back and compared
 * with the journaled values: ours present → applied; the prior ones → not applied; anything else → someone else
 * changed it (never overwritten).
 */
import { isClusterError } from '../kube/clusterError';
import type { JournalWrite } from './journalTypes';
import { UpgradeError } from './upgradeErrors';

export function isAmbiguous(e: unknown): boolean {
  if (e instanceof UpgradeError) return false;
  if (!isClusterError(e)) return true;
  // The transport knows whether a write was sent (ClusterError.ambiguous); nothing is sent on a refused connection.
  if (e.ambiguous) return true;
  if (e.network === 'refused' || e.network === 'dns' || e.network === 'tls' || e.network === 'connectTimeout') return false;
  if (e.status !== undefined && e.status >= 400 && e.status < 500) return false;
  return e.kind === 'timeout' || e.kind === 'unreachable' || e.kind === 'unknown' || e.kind === 'cancelled' || (e.status ?? 0) >= 500;
}

export type ReadBackVerdict =
  | { state: 'applied'; resourceVersion?: string }
  | { state: 'not-applied'; resourceVersion?: string }
  | { state: 'changed'; found: Record<string, string | null> };

type Values = Record<string, string | null>;
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Maps compared whole (a selector), not key by key (labels, annotations: other keys are not ours). */
const WHOLE_MAPS = new Set(['spec.selector']);

/** The map a journaled field names: `metadata.labels`, `spec.template.metadata.annotations`, `spec.selector` … */
function mapAt(object: unknown, field: string): Obj {
  let cur: unknown = object;
  for (const part of field.split(',')[0].trim().split('.')) cur = isObj(cur) ? cur[part] : undefined;
  return isObj(cur) ? cur : {};
}

function absent(values: Values): boolean {
  return ('exists' in values && values.exists === null) || ('object' in values && values.object === null);
}

function valuesOf(object: unknown, field: string, keys: Iterable<string>): Values {
  if (object === undefined) return { exists: null };
  const map = mapAt(object, field);
  const out: Values = {};
  for (const k of keys) out[k] = typeof map[k] === 'string' ? map[k] as string : null;
  return out;
}

/**
 * Sail writes journal one field as its text, keyed by the field's own path (`{ "spec.version": "v1.25.1" }`,
 * `{ "spec.targetRef": "Istio/default" }`, as sailFieldText renders them): compare that text.
 */
function fieldText(object: unknown, field: string): string | null {
  let cur: unknown = object;
  for (const part of field.split('.')) cur = isObj(cur) ? cur[part] : undefined;
  if (typeof cur === 'string') return cur;
  return isObj(cur) && typeof cur.kind === 'string' && typeof cur.name === 'string' ? `${cur.kind}/${cur.name}` : null;
}

function matches(object: unknown, field: string, values: Values): boolean {
  if (absent(values)) return object === undefined;
  if (object === undefined) return false;
  if (field === 'object') return true;
  const keys = Object.keys(values);
  if (keys.length === 1 && keys[0] === field) return fieldText(object, field) === values[field];
  const map = mapAt(object, field);
  if (WHOLE_MAPS.has(field) && Object.keys(map).length !== Object.keys(values).length) return false;
  return Object.entries(values).every(([k, v]) => (typeof map[k] === 'string' ? map[k] : null) === v);
}

/** `object`: the object as read now (undefined: it does not exist). */
export function judgeReadBack(object: unknown, write: Pick<JournalWrite, 'field' | 'before' | 'after'>): ReadBackVerdict {
  const rv = isObj(object) && isObj(object.metadata) && typeof object.metadata.resourceVersion === 'string' ? object.metadata.resourceVersion : undefined;
  if (matches(object, write.field, write.after)) return { state: 'applied', ...(rv ? { resourceVersion: rv } : {}) };
  if (matches(object, write.field, write.before)) return { state: 'not-applied', ...(rv ? { resourceVersion: rv } : {}) };
  const keys = new Set([...Object.keys(write.before), ...Object.keys(write.after)].filter((k) => k !== 'exists' && k !== 'object'));
  if (keys.size === 1 && keys.has(write.field) && object !== undefined) return { state: 'changed', found: { [write.field]: fieldText(object, write.field) } };
  return { state: 'changed', found: valuesOf(object, write.field, keys) };
}

export function showValues(v: Values): string {
  if (absent(v)) return 'the object absent';
  const parts = Object.entries(v).map(([k, x]) => (x === null ? `${k} unset` : `${k}=${x.length > 60 ? `${x.slice(0, 60)}…` : x}`));
  return parts.join(', ') || 'nothing';
}
