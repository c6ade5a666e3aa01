/**
 * RFC 6902 JSON patch with evanphx/json-patch v4.9 semantics and error texts (what kube-apiserver 1.20
 * vendors): e.g. `add` under a missing parent fails, `replace` of a missing object key acts like add.
 */
import { deepClone, deepEqual, isPlainObject } from '../util/json';

export class JsonPatchError extends Error {}
/** The patch document itself is not a list of operations (a 400 at the server). */
export class JsonPatchDecodeError extends Error {}

interface Operation {
  op?: unknown;
  path?: unknown;
  from?: unknown;
  value?: unknown;
}

const ERR_MISSING = 'missing value';
const ERR_TEST = 'test failed';

function decodePointer(path: string): string[] {
  if (path === '') return [];
  return path.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Walks all but the last segment; undefined if any intermediate is missing. */
function findContainer(doc: { root: unknown }, parts: string[]): { parent: unknown; setParent: (v: unknown) => void } | undefined {
  let cur: unknown = doc.root;
  let set: (v: unknown) => void = (v) => (doc.root = v);
  for (const part of parts.slice(0, -1)) {
    if (isPlainObject(cur)) {
      const holder = cur;
      if (!(part in holder) || holder[part] === null || typeof holder[part] !== 'object') return undefined;
      set = (v) => (holder[part] = v);
      cur = holder[part];
    } else if (Array.isArray(cur)) {
      const arr = cur;
      const idx = Number(part);
      if (!/^\d+$/.test(part) || idx >= arr.length || typeof arr[idx] !== 'object' || arr[idx] === null) return undefined;
      set = (v) => (arr[idx] = v);
      cur = arr[idx];
    } else {
      return undefined;
    }
  }
  return { parent: cur, setParent: set };
}

function arrayIndex(key: string, length: number, forAdd: boolean): number {
  if (forAdd && key === '-') return length;
  if (!/^-?\d+$/.test(key)) throw new JsonPatchError(`strconv.Atoi: parsing ${JSON.stringify(key)}: invalid syntax`);
  const i = Number(key);
  if (i < 0 || i > length || (!forAdd && i === length)) throw new JsonPatchError(`Unable to access invalid index: ${i}: invalid index referenced`);
  return i;
}

function getAt(parent: unknown, key: string): unknown {
  if (isPlainObject(parent)) return parent[key];
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length, false);
    return parent[i];
  }
  return undefined;
}

function addAt(parent: unknown, key: string, value: unknown): void {
  if (isPlainObject(parent)) parent[key] = value;
  else if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, true), 0, value);
}

function removeAt(parent: unknown, key: string): void {
  if (isPlainObject(parent)) {
    if (!(key in parent)) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: ${ERR_MISSING}`);
    delete parent[key];
  } else if (Array.isArray(parent)) {
    parent.splice(arrayIndex(key, parent.length, false), 1);
  }
}

function op(doc: { root: unknown }, o: Operation): void {
  const kind = typeof o.op === 'string' ? o.op : '';
  const path = typeof o.path === 'string' ? o.path : undefined;
  if (path === undefined) throw new JsonPatchError(`${kind} operation failed to decode path`);
  const parts = decodePointer(path);
  const key = parts[parts.length - 1] ?? '';
  const where = findContainer(doc, parts);
  switch (kind) {
    case 'add':
      if (!where) throw new JsonPatchError(`add operation does not apply: doc is missing path: "${path}": ${ERR_MISSING}`);
      if (parts.length === 0) doc.root = deepClone(o.value);
      else wrap(() => addAt(where.parent, key, deepClone(o.value)), `error in add for path: '${path}'`);
      return;
    case 'remove':
      if (!where) throw new JsonPatchError(`remove operation does not apply: doc is missing path: "${path}": ${ERR_MISSING}`);
      wrap(() => removeAt(where.parent, key), `error in remove for path: '${path}'`);
      return;
    case 'replace':
      if (!where) throw new JsonPatchError(`replace operation does not apply: doc is missing path: ${path}: ${ERR_MISSING}`);
      if (Array.isArray(where.parent)) {
        const arr = where.parent;
        const i = wrap(() => arrayIndex(key, arr.length, false), `replace operation does not apply: doc is missing key: ${path}`);
        arr[i] = deepClone(o.value);
      } else if (parts.length === 0) doc.root = deepClone(o.value);
      else addAt(where.parent, key, deepClone(o.value));
      return;
    case 'move':
    case 'copy': {
      const from = typeof o.from === 'string' ? o.from : undefined;
      if (from === undefined) throw new JsonPatchError(`${kind} operation failed to decode from`);
      const fparts = decodePointer(from);
      const fwhere = findContainer(doc, fparts);
      if (!fwhere) throw new JsonPatchError(`${kind} operation does not apply: doc is missing from path: ${from}: ${ERR_MISSING}`);
      const fkey = fparts[fparts.length - 1] ?? '';
      const value = wrap(() => getAt(fwhere.parent, fkey), `error in ${kind} for from: '${from}'`);
      if (value === undefined) throw new JsonPatchError(`error in ${kind} for from: '${from}': ${ERR_MISSING}`);
      if (kind === 'move') wrap(() => removeAt(fwhere.parent, fkey), `error in remove for from: '${from}'`);
      const target = findContainer(doc, parts);
      if (!target) throw new JsonPatchError(`${kind} operation does not apply: doc is missing destination path: ${path}: ${ERR_MISSING}`);
      wrap(() => addAt(target.parent, key, kind === 'copy' ? deepClone(value) : value), `error in add for path: '${path}'`);
      return;
    }
    case 'test': {
      if (!where) throw new JsonPatchError(`test operation does not apply: is missing path: ${path}: ${ERR_MISSING}`);
      const actual = parts.length === 0 ? doc.root : wrap(() => getAt(where.parent, key), `error in test for path: '${path}'`);
      if (actual === undefined || actual === null) {
        if (o.value === undefined || o.value === null) return;
        throw new JsonPatchError(`testing value ${path} failed: ${ERR_TEST}`);
      }
      if (!deepEqual(actual, o.value)) throw new JsonPatchError(`testing value ${path} failed: ${ERR_TEST}`);
      return;
    }
    default:
      throw new JsonPatchError(`Unexpected kind: ${kind}: unknown object type`);
  }
}

function wrap<T>(fn: () => T, context: string): T {
  try {
    return fn();
  } catch (e) {
    throw new JsonPatchError(`${context}: ${(e as Error).message}`);
  }
}

export function decodeJsonPatch(raw: string): Operation[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    throw new JsonPatchDecodeError(`invalid character in JSON patch: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) {
    throw new JsonPatchDecodeError(`json: cannot unmarshal ${isPlainObject(parsed) ? 'object' : typeof parsed} into Go value of type jsonpatch.Patch`);
  }
  return parsed.map((o) => (isPlainObject(o) ? (o as Operation) : {}));
}

/** Applies all operations to a copy of `target`; throws JsonPatchError (→ 422) on the first failure. */
export function applyJsonPatch(target: unknown, operations: Operation[]): unknown {
  const doc = { root: deepClone(target) };
  for (const o of operations) op(doc, o);
  return doc.root;
}
