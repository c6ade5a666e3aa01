/**
 * Strategic merge patch, reduced to what our objects need: a merge patch where the lists Kubernetes
 * declares `patchStrategy: merge` are merged by their key (containers by name, ports by port, …) and
 * `$patch: delete` removes a list element. Directives we do not model (`$setElementOrder/…`,
 * `$retainKeys`) are ignored.
 */
import { isPlainObject } from '../util/json';

const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  volumes: 'name',
  env: 'name',
  imagePullSecrets: 'name',
  webhooks: 'name',
  volumeMounts: 'mountPath',
  conditions: 'type',
  ownerReferences: 'uid',
};

const PRIMITIVE_SET_LISTS = new Set(['finalizers']);

function mergeKeyFor(field: string, items: unknown[]): string | undefined {
  if (field === 'ports') {
    return items.some((i) => isPlainObject(i) && 'containerPort' in i) ? 'containerPort' : 'port';
  }
  return MERGE_KEYS[field];
}

function isDirective(key: string): boolean {
  return key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/') || key.startsWith('$deleteFromPrimitiveList/');
}

function mergeList(field: string, current: unknown, patch: unknown[]): unknown[] {
  const base = Array.isArray(current) ? [...current] : [];
  if (PRIMITIVE_SET_LISTS.has(field)) {
    for (const v of patch) if (!base.includes(v)) base.push(v);
    return base;
  }
  const key = mergeKeyFor(field, [...base, ...patch]);
  if (!key) return patch.filter((i) => !(isPlainObject(i) && i.$patch === 'delete'));
  for (const item of patch) {
    if (!isPlainObject(item)) continue;
    const idx = base.findIndex((b) => isPlainObject(b) && b[key] === item[key]);
    if (item.$patch === 'delete') {
      if (idx >= 0) base.splice(idx, 1);
    } else if (idx >= 0) {
      base[idx] = applyStrategicMergePatch(base[idx], item);
    } else {
      base.push(applyStrategicMergePatch(undefined, item));
    }
  }
  return base;
}

export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    void _ignored;
    return rest;
  }
  if (patch.$patch === 'delete') return undefined;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (isDirective(key)) continue;
    if (value === null) {
      delete result[key];
    } else if (Array.isArray(value)) {
      result[key] = mergeList(key, result[key], value);
    } else if (isPlainObject(value)) {
      const merged = applyStrategicMergePatch(result[key], value);
      if (merged === undefined) delete result[key];
      else result[key] = merged;
    } else {
      result[key] = value;
    }
  }
  return result;
}
