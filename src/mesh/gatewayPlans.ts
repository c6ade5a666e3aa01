/**
 * Gateway upgrade plans (pure), the two models of istio-model.md M9.3: in place (set the pod-template `istio.io/rev`; the template
 * change rolls the pods) and blue/green (point the LoadBalancer Service's selector at the new gateway Deployment).
 */
import type { ClusterInventory, KService, StringMap } from './kubeObjects';
import type { ManagedBy, MeshSnapshot } from './model';
import { ownerContextOf, ownerOfObject } from './owners/writeOwners';
import { byCount, plural } from './plural';
import type { WorkloadRef } from './migrationPlan';
import { findGateways, selectsLabels, type GatewayInfo, type GatewayRef } from './gateways';
import { shellCommand } from './shellQuote';

export type Planned<T> = { ok: true; plan: T } | { ok: false; error: string };

export interface GatewayInPlacePlan {
  context: string;
  gateway: GatewayInfo;
  ref: WorkloadRef;
  /** Value to set on the pod template: a revision or a tag. */
  target: string;
  targetRevision: string;
  targetVersion?: string;
  before: string | null;
  kubectl: string;
}


export interface GatewaySwitchPlan {
  context: string;
  service: GatewayRef;
  serviceType?: string;
  /** resourceVersion the plan was made against (the executor re-reads anyway). */
  resourceVersion?: string;
  from: GatewayInfo;
  to: GatewayInfo;
  selectorBefore: StringMap;
  selectorAfter: StringMap;
  /** Keys whose value changes, e.g. { version: ['1-9-7', '1-10-4'] }. */
  changes: Record<string, [string | null, string]>;
  kubectl: string;
  /** Who keeps the Service (a Helm gateway release…), when known. */
  serviceOwner?: ManagedBy;
}

const ref = (r: GatewayRef): string => `${r.namespace}/${r.name}`;

export function planGatewayInPlace(inv: ClusterInventory, snapshot: MeshSnapshot, gateway: GatewayRef, revisionOrTag: string): Planned<GatewayInPlacePlan> {
  const g = findGateways(inv, snapshot).find((x) => x.namespace === gateway.namespace && x.name === gateway.name);
  if (!g) return { ok: false, error: `${ref(gateway)} is not a gateway Deployment in ${snapshot.context}.` };
  const tag = snapshot.tags.find((t) => t.name === revisionOrTag);
  const targetRevision = tag?.revision ?? snapshot.revisions.find((r) => r.name === revisionOrTag)?.name;
  if (!targetRevision) return { ok: false, error: `No revision or tag named "${revisionOrTag}" in ${snapshot.context}.` };
  if (g.style === 'waypoint') {
    return { ok: false, error: `${ref(gateway)} is rendered by istiod from its Gateway resource: set istio.io/rev on the Gateway (or move the tag it uses); a change to this Deployment would be overwritten.` };
  }
  if (g.revisionSource === 'namespace') {
    return { ok: false, error: `${ref(gateway)}: namespace ${g.namespace} is bound to ${g.selectedBy ?? g.revision} and a namespace binding wins over a pod-template istio.io/rev (istio-model.md M5.3). Move the namespace instead, or remove its injection label first.` };
  }
  if (g.templateRevision === revisionOrTag) return { ok: false, error: `${ref(gateway)} already has istio.io/rev=${revisionOrTag} on its pod template.` };
  const target = snapshot.revisions.find((r) => r.name === targetRevision);
  const plan: GatewayInPlacePlan = {
    context: snapshot.context, gateway: g, ref: { kind: 'Deployment', namespace: g.namespace, name: g.name },
    target: revisionOrTag, targetRevision, before: g.templateRevision ?? null,
    kubectl: shellCommand(['kubectl', 'patch', 'deployment', g.name, '-n', g.namespace, '--type', 'strategic', '-p', JSON.stringify({ spec: { template: { metadata: { labels: { 'istio.io/rev': revisionOrTag } } } } })]),
  };
  if (target?.version) plan.targetVersion = target.version;
  return { ok: true, plan };
}

/** Label keys whose values differ between two pod templates (present in `to`), sorted. */
export function distinguishingKeys(from: StringMap, to: StringMap): string[] {
  return Object.keys(to).filter((k) => from[k] !== to[k]).sort();
}

const PREFERRED_KEYS = ['version', 'istio.io/rev', 'app', 'istio'];

/** The selector after the switch: every selector key re-valued from `to`; a distinguishing key added if needed. */
export function switchedSelector(selector: StringMap, from: StringMap, to: StringMap): Planned<StringMap> {
  const next: StringMap = {};
  for (const [k, v] of Object.entries(selector)) {
    if (to[k] === undefined) return { ok: false, error: `the new gateway's pods have no "${k}" label, which the Service selects on (${k}=${v}).` };
    next[k] = to[k];
  }
  if (!selectsLabels(next, from)) return { ok: true, plan: next };
  const keys = distinguishingKeys(from, to);
  if (keys.length === 0) return { ok: false, error: 'the two gateways have the same pod-template labels: no selector can tell them apart.' };
  const key = PREFERRED_KEYS.find((k) => keys.includes(k)) ?? keys[0];
  return { ok: true, plan: { ...next, [key]: to[key] } };
}

export function planGatewaySwitch(inv: ClusterInventory, snapshot: MeshSnapshot, service: GatewayRef, toDeployment: GatewayRef): Planned<GatewaySwitchPlan> {
  const svc: KService | undefined = (inv.services ?? []).find((s) => s.metadata.namespace === service.namespace && s.metadata.name === service.name);
  if (!svc) return { ok: false, error: `Service ${ref(service)} not found.` };
  const selector = svc.spec?.selector ?? {};
  if (Object.keys(selector).length === 0) return { ok: false, error: `Service ${ref(service)} has no selector (its endpoints are managed by hand): nothing to switch.` };
  if (toDeployment.namespace !== service.namespace) return { ok: false, error: `A Service only selects pods of its own namespace: ${ref(toDeployment)} is not in ${service.namespace}.` };
  const gateways = findGateways(inv, snapshot).filter((g) => g.namespace === service.namespace);
  const to = gateways.find((g) => g.name === toDeployment.name);
  if (!to) return { ok: false, error: `${ref(toDeployment)} is not a gateway Deployment.` };
  if (selectsLabels(selector, to.templateLabels)) return { ok: false, error: `Service ${ref(service)} already selects ${to.name}.` };
  const current = gateways.filter((g) => g.name !== to.name && selectsLabels(selector, g.templateLabels));
  if (current.length !== 1) {
    return { ok: false, error: current.length === 0
      ? `Service ${ref(service)} selects no gateway Deployment now (selector ${JSON.stringify(selector)}): nothing to switch from.`
      : `Service ${ref(service)} selects ${current.map((g) => g.name).join(', ')}: switch only when it selects exactly one gateway.` };
  }
  const from = current[0];
  if (!to.ready) return { ok: false, error: `${ref(toDeployment)} is not ready (${to.readyReplicas}/${to.replicas} ready): scale it up and wait before switching traffic to it.` };
  if (to.pods === 0 || to.podsWithProxy < to.pods) {
    return { ok: false, error: `${ref(toDeployment)}: ${to.podsWithProxy} of ${plural(to.pods, 'pod')} ${byCount(to.podsWithProxy, 'carries', 'carry')} an istio-proxy: a gateway pod without its proxy cannot serve traffic.` };
  }
  const next = switchedSelector(selector, from.templateLabels, to.templateLabels);
  if (!next.ok) return { ok: false, error: `Cannot switch ${ref(service)}: ${next.error}` };
  const changes: Record<string, [string | null, string]> = {};
  for (const [k, v] of Object.entries(next.plan)) if (selector[k] !== v) changes[k] = [selector[k] ?? null, v];
  const patch = { spec: { selector: Object.fromEntries(Object.entries(changes).map(([k, [, v]]) => [k, v])) } };
  const plan: GatewaySwitchPlan = {
    context: snapshot.context, service, from, to, selectorBefore: { ...selector }, selectorAfter: next.plan, changes,
    kubectl: shellCommand(['kubectl', 'patch', 'service', service.name, '-n', service.namespace, '--type', 'merge', '-p', JSON.stringify(patch)]),
  };
  if (svc.spec?.type) plan.serviceType = svc.spec.type;
  const owner = ownerOfObject(svc, 'Service', ownerContextOf(inv));
  if (owner) plan.serviceOwner = owner;
  if (svc.metadata.resourceVersion) plan.resourceVersion = svc.metadata.resourceVersion;
  return { ok: true, plan };
}

/** The merge patch turning selector `a` into `b` (null removes a key). */
export function selectorPatch(a: StringMap, b: StringMap): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const k of Object.keys(a)) if (!(k in b)) out[k] = null;
  for (const [k, v] of Object.entries(b)) if (a[k] !== v) out[k] = v;
  return out;
}

export function sameSelector(a: StringMap, b: StringMap): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}
