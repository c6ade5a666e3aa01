/** The Sail Operator's API as the simulated operator reads it (sailoperator.io/v1, istio-model.md M13, M15). */
import type { KubeObject, StoredOwnerReference } from '../core/types';
import { asArray, asObject, type JsonObject } from '../util/json';

export const SAIL_GROUP = 'sailoperator.io';
export const SAIL_VERSION = 'v1';
export const SAIL_API_VERSION = `${SAIL_GROUP}/${SAIL_VERSION}`;
/** Label the operator's post-renderer puts on everything it installs (bare key, istio-model.md M13, M15). */
export const SAIL_MANAGED_BY = 'managed-by';
export const SAIL_MANAGED_BY_VALUE = 'sail-operator';
/** On an owned object: the operator ignores updates to it (istio-model.md M13, M15). */
export const SAIL_IGNORE_ANNOTATION = 'sailoperator.io/ignore';
export const SAIL_OPERATOR_NAMESPACE = 'sail-operator';
/** The simulated operator acts only while this Deployment exists in SAIL_OPERATOR_NAMESPACE. */
export const SAIL_OPERATOR_DEPLOYMENT = 'sail-operator';
export const DEFAULT_GRACE_SECONDS = 30;

export interface IstioSpec {
  version: string;
  namespace: string;
  strategy: 'InPlace' | 'RevisionBased';
  graceSeconds: number;
  values: JsonObject;
}

export function istioSpec(istio: KubeObject): IstioSpec {
  const spec = asObject(istio.spec);
  const strategy = asObject(spec.updateStrategy);
  const grace = strategy.inactiveRevisionDeletionGracePeriodSeconds;
  return {
    version: typeof spec.version === 'string' ? spec.version : '',
    namespace: typeof spec.namespace === 'string' && spec.namespace ? spec.namespace : 'istio-system',
    strategy: strategy.type === 'RevisionBased' ? 'RevisionBased' : 'InPlace',
    graceSeconds: typeof grace === 'number' && grace >= 0 ? grace : DEFAULT_GRACE_SECONDS,
    values: asObject(spec.values),
  };
}

/** `getActiveRevisionName`: InPlace → the Istio's name; RevisionBased → `<name>-<version, dots → dashes>`. */
export function activeRevisionName(istio: KubeObject): string {
  const spec = istioSpec(istio);
  return spec.strategy === 'RevisionBased' ? `${istio.metadata.name}-${spec.version.replace(/\./g, '-')}` : istio.metadata.name;
}

export function revisionVersion(rev: KubeObject): string {
  const v = asObject(rev.spec).version;
  return typeof v === 'string' ? v.replace(/^v/, '') : '';
}

export function revisionNamespace(rev: KubeObject): string {
  const ns = asObject(rev.spec).namespace;
  return typeof ns === 'string' && ns ? ns : 'istio-system';
}

export function targetRef(tag: KubeObject): { kind: string; name: string } {
  const ref = asObject(asObject(tag.spec).targetRef);
  return { kind: String(ref.kind ?? ''), name: String(ref.name ?? '') };
}

export function enablesNamespacesByDefault(rev: KubeObject): boolean {
  return asObject(asObject(asObject(rev.spec).values).sidecarInjectorWebhook).enableNamespacesByDefault === true;
}

export interface SailCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime?: string;
}

export function conditionsOf(obj: KubeObject): SailCondition[] {
  return asArray(asObject(obj.status).conditions) as SailCondition[];
}

export function condition(obj: KubeObject, type: string): SailCondition | undefined {
  return conditionsOf(obj).find((c) => c.type === type);
}

/** Conditions with `lastTransitionTime` kept while the status stays the same. */
export function mergeConditions(previous: SailCondition[], next: SailCondition[], now: string): SailCondition[] {
  return next.map((c) => {
    const old = previous.find((p) => p.type === c.type);
    return { type: c.type, status: c.status, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now, reason: c.reason, message: c.message };
  });
}

/** The controller ownerReference the operator's post-renderer adds (istio-model.md M13, M15). */
export function sailOwnerReference(owner: KubeObject): StoredOwnerReference {
  return { apiVersion: SAIL_API_VERSION, kind: owner.kind ?? '', name: owner.metadata.name, uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

/** The IstioRevision or IstioRevisionTag that controls `obj`, if any. */
export function sailController(obj: KubeObject): { kind: string; name: string } | undefined {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r.controller && r.apiVersion === SAIL_API_VERSION && (r.kind === 'IstioRevision' || r.kind === 'IstioRevisionTag'));
  return ref ? { kind: ref.kind, name: ref.name } : undefined;
}
