/**
 * The simulated Sail Operator's reconcile steps (istio-model.md M13, M15): an Istio keeps its active IstioRevision, a
 * revision and a tag keep their Helm releases installed, and one status pass computes Ready, InUse and the
 * Istio's revision counts, returning the inactive revisions that are due for pruning.
 */
import type { ClusterApi } from '../core/clusterApi';
import type { ResourceType } from '../core/resourceRegistry';
import type { KubeObject, RequestContext } from '../core/types';
import { helmUninstall, helmUpgradeInstall, releaseHistory } from '../helm/helmReleases';
import { istiodName } from '../scenarios/istioObjects';
import { asObject, deepEqual, type JsonObject } from '../util/json';
import { computeUsage } from './sailInUse';
import { revisionControlPlane, revisionReleases, tagReleases } from './sailRender';
import {
  activeRevisionName, condition, conditionsOf, enablesNamespacesByDefault, istioSpec, mergeConditions, revisionNamespace,
  sailOwnerReference, SAIL_API_VERSION, SAIL_OPERATOR_NAMESPACE, targetRef, type SailCondition,
} from './sailResources';

export const SAIL_CONTEXT: RequestContext = { user: 'system:serviceaccount:sail-operator:sail-operator' };

export interface PruneCandidate {
  revision: string;
  /** Milliseconds until the grace period ends (≤ 0: due now). */
  remainingMs: number;
}

const RECONCILED: SailCondition = { type: 'Reconciled', status: 'True', reason: '', message: '' };

export class SailReconciler {
  constructor(private readonly api: ClusterApi) {}

  private type(resource: string): ResourceType | undefined {
    return this.api.resources.byName(resource);
  }

  private list(resource: string): KubeObject[] {
    return this.api.store.list(resource);
  }

  private get(resource: string, name: string): KubeObject | undefined {
    return this.api.store.get(resource, undefined, name);
  }

  private writeStatus(resource: string, obj: KubeObject, status: JsonObject): void {
    const type = this.type(resource);
    if (type) this.api.writeInternal(type, { ...obj, status });
  }

  private operatorNamespaceExists(): boolean {
    return !!this.api.store.get('namespaces', undefined, SAIL_OPERATOR_NAMESPACE);
  }

  /** Creates or updates the Istio's active IstioRevision and records it as active. */
  istio(name: string): void {
    const istio = this.get('istios', name);
    const revType = this.type('istiorevisions');
    if (!istio || !revType || istio.metadata.deletionTimestamp) return;
    const spec = istioSpec(istio);
    if (!spec.version) return;
    const active = activeRevisionName(istio);
    const values = { ...spec.values, revision: active === 'default' ? '' : active };
    const desired = { version: spec.version, namespace: spec.namespace, values };
    const existing = this.get('istiorevisions', active);
    if (!existing) {
      this.api.create(revType, undefined, {
        apiVersion: SAIL_API_VERSION, kind: 'IstioRevision',
        metadata: { name: active, ownerReferences: [sailOwnerReference(istio)] }, spec: desired,
      }, SAIL_CONTEXT);
    } else if (!deepEqual(existing.spec, desired)) {
      this.api.update(revType, undefined, active, { ...existing, spec: desired }, SAIL_CONTEXT);
    }
    const status = asObject(istio.status);
    this.writeStatus('istios', istio, { ...status, observedGeneration: istio.metadata.generation, activeRevisionName: active });
  }

  /** Installs (or, with `force` or a new generation, upgrades) the revision's releases. */
  revision(name: string, force: boolean): void {
    const rev = this.get('istiorevisions', name);
    if (!rev || rev.metadata.deletionTimestamp) return;
    const releases = revisionReleases(rev, this.operatorNamespaceExists());
    const status = asObject(rev.status);
    const stale = status.observedGeneration !== rev.metadata.generation;
    for (const r of releases) {
      if (force || stale || !releaseHistory(this.api, r.name, r.namespace).length) helmUpgradeInstall(this.api, r, SAIL_CONTEXT);
    }
    const now = this.get('istiorevisions', name) ?? rev;
    this.writeStatus('istiorevisions', now, {
      ...asObject(now.status), observedGeneration: rev.metadata.generation,
      conditions: mergeConditions(conditionsOf(now), [RECONCILED, ...conditionsOf(now).filter((c) => c.type !== 'Reconciled')], this.api.timestamp()),
    });
  }

  /** The revision a tag resolves to, or why it does not. */
  private resolve(tag: KubeObject): { rev: KubeObject } | { reason: string; message: string } {
    if (this.get('istiorevisions', tag.metadata.name)) return { reason: 'NameAlreadyExists', message: 'there is an IstioRevision with this name' };
    const ref = targetRef(tag);
    let revName = ref.name;
    if (ref.kind === 'Istio') {
      const istio = this.get('istios', ref.name);
      if (!istio) return { reason: 'RefNotFound', message: 'referenced Istio resource does not exist' };
      revName = String(asObject(istio.status).activeRevisionName ?? '');
    } else if (ref.kind !== 'IstioRevision') {
      return { reason: 'ReconcileError', message: 'error reconciling resource: unknown targetRef.kind' };
    }
    const rev = revName ? this.get('istiorevisions', revName) : undefined;
    return rev ? { rev } : { reason: 'RefNotFound', message: 'referenced IstioRevision resource does not exist' };
  }

  /** Renders the tag's webhook for the revision it resolves to (again when the target or spec changed). */
  tag(name: string, force: boolean): void {
    const tag = this.get('istiorevisiontags', name);
    if (!tag || tag.metadata.deletionTimestamp) return;
    const status = asObject(tag.status);
    const resolved = this.resolve(tag);
    const now = this.api.timestamp();
    if (!('rev' in resolved)) {
      const reconciled: SailCondition = { type: 'Reconciled', status: 'False', reason: resolved.reason, message: resolved.message };
      const others = conditionsOf(tag).filter((c) => c.type !== 'Reconciled');
      this.writeStatus('istiorevisiontags', tag, { ...status, observedGeneration: tag.metadata.generation, conditions: mergeConditions(conditionsOf(tag), [reconciled, ...others], now), state: resolved.reason });
      return;
    }
    const rev = resolved.rev;
    const changed = force || status.observedGeneration !== tag.metadata.generation || status.istioRevision !== rev.metadata.name;
    for (const r of tagReleases(tag, rev, this.operatorNamespaceExists())) {
      if (changed || !releaseHistory(this.api, r.name, r.namespace).length) helmUpgradeInstall(this.api, r, SAIL_CONTEXT);
    }
    const fresh = this.get('istiorevisiontags', name) ?? tag;
    const others = conditionsOf(fresh).filter((c) => c.type !== 'Reconciled');
    this.writeStatus('istiorevisiontags', fresh, {
      ...asObject(fresh.status), observedGeneration: tag.metadata.generation, istioRevision: rev.metadata.name, istiodNamespace: revisionNamespace(rev),
      conditions: mergeConditions(conditionsOf(fresh), [RECONCILED, ...others], now),
    });
  }

  /** The finalizer's work: `helm uninstall` of the owner's releases. */
  uninstall(owner: KubeObject): void {
    const name = owner.metadata.name;
    if (owner.kind === 'IstioRevision') helmUninstall(this.api, `${name}-istiod`, revisionNamespace(owner), SAIL_CONTEXT);
    else helmUninstall(this.api, `${name}-revisiontags`, String(asObject(owner.status).istiodNamespace ?? 'istio-system'), SAIL_CONTEXT);
    if (name === 'default') helmUninstall(this.api, `${name}-base`, SAIL_OPERATOR_NAMESPACE, SAIL_CONTEXT);
  }

  private revisionReady(rev: KubeObject): boolean {
    const cp = revisionControlPlane(rev, '');
    const d = this.api.store.get('deployments', revisionNamespace(rev), istiodName(cp));
    const want = Number(asObject(d?.spec).replicas ?? 1);
    return !!d && want > 0 && Number(asObject(d.status).readyReplicas ?? 0) >= want;
  }

  /** Ready/InUse of every revision and tag, the Istios' counts; returns the inactive revisions past or in their grace period. */
  statusPass(): PruneCandidate[] {
    const revisions = this.list('istiorevisions');
    const tags = this.list('istiorevisiontags');
    const now = this.api.timestamp();
    const usage = computeUsage({
      namespaces: this.list('namespaces'),
      pods: this.list('pods'),
      tagTargets: new Map(tags.map((t) => [t.metadata.name, String(asObject(t.status).istioRevision ?? '')])),
      autoInjecting: new Set(revisions.filter(enablesNamespacesByDefault).map((r) => r.metadata.name)),
    });
    const inUse = (yes: boolean): SailCondition => yes
      ? { type: 'InUse', status: 'True', reason: 'ReferencedByWorkloads', message: 'Referenced by at least one pod or namespace' }
      : { type: 'InUse', status: 'False', reason: 'NotReferencedByAnything', message: 'Not referenced by any pod or namespace' };
    for (const rev of revisions) {
      const ready: SailCondition = this.revisionReady(rev)
        ? { type: 'Ready', status: 'True', reason: 'Healthy', message: '' }
        : { type: 'Ready', status: 'False', reason: 'IstiodNotReady', message: 'istiod Deployment is not ready' };
      const reconciled = condition(rev, 'Reconciled') ?? RECONCILED;
      this.writeStatus('istiorevisions', rev, {
        ...asObject(rev.status),
        conditions: mergeConditions(conditionsOf(rev), [reconciled, ready, inUse(usage.revisionInUse(rev.metadata.name))], now),
        state: ready.reason,
      });
    }
    for (const tag of tags) {
      const reconciled = condition(tag, 'Reconciled') ?? RECONCILED;
      const used = inUse(usage.tagInUse(tag.metadata.name));
      const state = reconciled.status !== 'True' ? reconciled.reason : used.status !== 'True' ? used.reason : 'Healthy';
      this.writeStatus('istiorevisiontags', tag, { ...asObject(tag.status), conditions: mergeConditions(conditionsOf(tag), [reconciled, used], now), state });
    }
    return this.list('istios').flatMap((istio) => this.istioStatus(istio, now));
  }

  private istioStatus(istio: KubeObject, now: string): PruneCandidate[] {
    const owned = this.list('istiorevisions').filter((r) => (r.metadata.ownerReferences ?? []).some((o) => o.uid === istio.metadata.uid));
    const active = String(asObject(istio.status).activeRevisionName ?? '');
    const activeRev = owned.find((r) => r.metadata.name === active);
    const isTrue = (r: KubeObject, type: string) => condition(r, type)?.status === 'True';
    const ready: SailCondition = !activeRev
      ? { type: 'Ready', status: 'False', reason: 'ActiveRevisionNotFound', message: 'active IstioRevision not found' }
      : isTrue(activeRev, 'Ready') ? { type: 'Ready', status: 'True', reason: 'Healthy', message: '' }
        : { type: 'Ready', status: 'False', reason: 'IstiodNotReady', message: 'active revision is not ready' };
    this.writeStatus('istios', istio, {
      ...asObject(istio.status),
      revisions: { total: owned.length, ready: owned.filter((r) => isTrue(r, 'Ready')).length, inUse: owned.filter((r) => isTrue(r, 'InUse')).length },
      conditions: mergeConditions(conditionsOf(istio), [RECONCILED, ready], now),
      state: ready.reason,
    });
    const spec = istioSpec(istio);
    if (spec.strategy !== 'RevisionBased') return [];
    return owned.filter((r) => r.metadata.name !== active && condition(r, 'InUse')?.status === 'False').map((r) => ({
      revision: r.metadata.name,
      remainingMs: Date.parse(condition(r, 'InUse')?.lastTransitionTime ?? now) + spec.graceSeconds * 1000 - this.api.now().getTime(),
    }));
  }

  /** Pruning: the operator deletes an inactive revision nothing uses once its grace period is over. */
  prune(revision: string): void {
    const type = this.type('istiorevisions');
    if (type && this.get('istiorevisions', revision)) this.api.delete(type, undefined, revision, SAIL_CONTEXT);
  }
}
