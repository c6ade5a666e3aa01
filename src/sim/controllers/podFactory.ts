/** Pods from a workload's pod template, and the template hash the controllers label them with. */
import type { KubeObject, StoredOwnerReference } from '../core/types';
import { asObject, deepClone, stableStringify } from '../util/json';
import { fnv32a, safeEncodeString } from '../util/random';

/** Like Kubernetes' `pod-template-hash`: fnv32a of the template, digits mapped onto the safe alphabet. */
const hashCache = new WeakMap<object, string>();

export function podTemplateHash(template: unknown, collisionCount = 0): string {
  // Stored objects are immutable, so a template object always hashes the same.
  const cacheable = collisionCount === 0 && typeof template === 'object' && template !== null;
  const cached = cacheable ? hashCache.get(template) : undefined;
  if (cached) return cached;
  const hash = safeEncodeString(String(fnv32a(`${stableStringify(template)}#${collisionCount}`)));
  if (cacheable) hashCache.set(template, hash);
  return hash;
}

export function controllerRef(owner: KubeObject): StoredOwnerReference {
  return {
    apiVersion: owner.apiVersion ?? 'apps/v1',
    kind: owner.kind ?? '',
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controllerOf(obj: KubeObject): StoredOwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

export interface PodIdentity {
  name?: string;
  generateName?: string;
  labels?: Record<string, string>;
  nodeName?: string;
  extraSpec?: Record<string, unknown>;
}

export function podFromTemplate(template: unknown, namespace: string, owner: KubeObject, id: PodIdentity): KubeObject {
  const t = asObject(template);
  const tMeta = asObject(t.metadata);
  const labels = { ...(tMeta.labels as Record<string, string> | undefined), ...id.labels };
  const annotations = tMeta.annotations as Record<string, string> | undefined;
  const spec = { ...deepClone(asObject(t.spec)), ...id.extraSpec };
  if (id.nodeName) spec.nodeName = id.nodeName;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: id.name ?? '',
      generateName: id.generateName,
      namespace,
      labels,
      annotations: annotations ? { ...annotations } : undefined,
      ownerReferences: [controllerRef(owner)],
    },
    spec,
  };
}

export function isPodReady(pod: KubeObject): boolean {
  const conditions = (asObject(pod.status).conditions ?? []) as { type: string; status: string }[];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

export function isTerminating(obj: KubeObject): boolean {
  return !!obj.metadata.deletionTimestamp;
}

/** Drops zero/empty fields the way Go's `omitempty` would, keeping the listed ones. */
export function omitEmpty<T extends Record<string, unknown>>(status: T, keep: string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(status)) {
    if (keep.includes(k) || !(v === 0 || v === undefined || v === '' || (Array.isArray(v) && v.length === 0))) out[k] = v;
  }
  return out as T;
}
