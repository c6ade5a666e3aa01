/**
 * What a GitOps owner's self-heal would change on a live object (istio-model.md M15), as a metadata patch:
 * labels and annotations that are in Git go back to their Git values (Argo CD, Flux); Flux also removes fields
 * whose managedFields owner is a `kubectl*` or `before-first-apply` manager. Opt-outs: the Application's
 * `selfHeal`, Argo CD `ignoreDifferences` json pointers, a suspended Kustomization, `.spec.ignore` paths and the
 * object's `kustomize.toolkit.fluxcd.io/reconcile: disabled`.
 */
import type { KubeObject } from '../core/types';
import { asArray, asObject, isPlainObject } from '../util/json';
import type { GitManifest } from './gitRepository';

export interface MetadataPatch {
  labels: Record<string, string | null>;
  annotations: Record<string, string | null>;
  /** Keys Flux took away from kubectl managers (their managedFields entries lose them). */
  stripped: string[];
}

export interface OwnerSettings {
  /** Argo CD Application / Flux Kustomization as read from the cluster (undefined: not there). */
  ownerObject?: KubeObject;
}

const STRIPPED_MANAGERS = (m: string) => m.startsWith('kubectl') || m === 'before-first-apply';

/** `/metadata/labels/istio.io~1rev` → `istio.io/rev` for label and annotation pointers. */
function pointerKeys(pointers: unknown[], field: 'labels' | 'annotations'): Set<string> {
  const out = new Set<string>();
  const prefix = `/metadata/${field}/`;
  for (const p of pointers) if (typeof p === 'string' && p.startsWith(prefix)) out.add(p.slice(prefix.length).replace(/~1/g, '/').replace(/~0/g, '~'));
  return out;
}

/** Keys the owner was told to ignore on this object's kind. */
function ignored(m: GitManifest, owner: KubeObject | undefined, field: 'labels' | 'annotations'): Set<string> {
  const spec = asObject(owner?.spec);
  const kind = m.resource === 'namespaces' ? 'Namespace' : '';
  if (m.owner.kind === 'argocd') {
    const rules = asArray(spec.ignoreDifferences).filter((r) => isPlainObject(r) && r.kind === kind && (r.name === undefined || r.name === m.name));
    return pointerKeys(rules.flatMap((r) => asArray(asObject(r).jsonPointers)), field);
  }
  const rules = asArray(spec.ignore).filter((r) => isPlainObject(r) && (asObject(r.target).kind ?? kind) === kind);
  return pointerKeys(rules.flatMap((r) => asArray(asObject(r).paths)), field);
}

/** Is self-heal on for this object? */
export function selfHealEnabled(m: GitManifest, live: KubeObject, owner: KubeObject | undefined): boolean {
  if (!owner) return false;
  const spec = asObject(owner.spec);
  if (m.owner.kind === 'argocd') {
    const automated = asObject(asObject(spec.syncPolicy).automated);
    return isPlainObject(asObject(spec.syncPolicy).automated) && automated.enabled !== false && automated.selfHeal === true;
  }
  return spec.suspend !== true && live.metadata.annotations?.['kustomize.toolkit.fluxcd.io/reconcile'] !== 'disabled';
}

/** Label (or annotation) keys whose managedFields owner is a manager Flux strips. */
export function kubectlOwnedKeys(live: KubeObject, field: 'labels' | 'annotations'): string[] {
  const keys = new Set<string>();
  for (const entry of asArray(live.metadata.managedFields)) {
    const e = asObject(entry);
    if (typeof e.manager !== 'string' || !STRIPPED_MANAGERS(e.manager)) continue;
    const fields = asObject(asObject(asObject(e.fieldsV1)['f:metadata'])[`f:${field}`]);
    for (const k of Object.keys(fields)) if (k.startsWith('f:')) keys.add(k.slice(2));
  }
  return [...keys];
}

/** The self-heal patch for `live`, or undefined when nothing would change. */
export function selfHealPatch(m: GitManifest, live: KubeObject, owner: KubeObject | undefined): MetadataPatch | undefined {
  if (!selfHealEnabled(m, live, owner)) return undefined;
  const patch: MetadataPatch = { labels: {}, annotations: {}, stripped: [] };
  for (const field of ['labels', 'annotations'] as const) {
    const skip = ignored(m, owner, field);
    const current = live.metadata[field] ?? {};
    const desired = field === 'labels' ? m.labels : m.annotations;
    for (const [k, v] of Object.entries(desired)) if (!skip.has(k) && current[k] !== v) patch[field][k] = v;
    if (m.owner.kind !== 'flux') continue;
    for (const k of kubectlOwnedKeys(live, field)) {
      if (skip.has(k) || k in desired || current[k] === undefined) continue;
      patch[field][k] = null;
      patch.stripped.push(`${field}/${k}`);
    }
  }
  return Object.keys(patch.labels).length || Object.keys(patch.annotations).length ? patch : undefined;
}

/** managedFields without the stripped keys (an emptied entry goes). */
export function withoutStripped(live: KubeObject, stripped: string[]): unknown[] {
  const out: unknown[] = [];
  for (const entry of asArray(live.metadata.managedFields)) {
    const e = structuredClone(asObject(entry));
    if (typeof e.manager === 'string' && STRIPPED_MANAGERS(e.manager)) {
      const meta = asObject(asObject(e.fieldsV1)['f:metadata']);
      for (const s of stripped) {
        const [field, key] = [s.slice(0, s.indexOf('/')), s.slice(s.indexOf('/') + 1)];
        const fields = asObject(meta[`f:${field}`]);
        delete fields[`f:${key}`];
        if (!Object.keys(fields).filter((k) => k.startsWith('f:')).length) delete meta[`f:${field}`];
      }
      if (!Object.keys(meta).length) delete asObject(e.fieldsV1)['f:metadata'];
      if (!Object.keys(asObject(e.fieldsV1)).length) continue;
    }
    out.push(e);
  }
  return out;
}
