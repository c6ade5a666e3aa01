/**
 * The simulator plays the Sail Operator (istio-model.md M13, M15) while its CRDs are served and its Deployment
 * (sail-operator/sail-operator) exists — without it, Sail resources just sit there, as on a cluster whose
 * operator is not running (and as on the real API server of the contract suite). Istio →
 * IstioRevision → Helm releases; IstioRevisionTag → its tag webhook, re-rendered when its target moves; a direct
 * edit or deletion of an object it owns is undone after `revertDelayMs` (unless annotated
 * `sailoperator.io/ignore: "true"`); InUse is kept current; inactive revisions are pruned after their grace period.
 */
import { StatusError } from '../core/errors';
import type { KubeObject, StoreEvent } from '../core/types';
import { withHelmMarks } from '../helm/helmReleases';
import { threeWayMerge } from '../helm/threeWayMerge';
import type { Reconciler } from './controllerManager';
import type { ControllerContext } from './controllerContext';
import { revisionReleases, tagReleases } from './sailRender';
import { SailReconciler, SAIL_CONTEXT } from './sailReconciler';
import { sailController, SAIL_IGNORE_ANNOTATION, SAIL_OPERATOR_DEPLOYMENT, SAIL_OPERATOR_NAMESPACE, targetRef } from './sailResources';

/** What the operator watches and re-applies (pkg/watches/istiod.go, the subset the simulator serves). */
const OWNED = new Set(['mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'deployments', 'services', 'configmaps']);
const USAGE_INPUTS = new Set(['namespaces', 'pods', 'deployments']);

export interface SailOperatorOptions {
  /** Delay before a direct edit of an owned object is reverted (default 300 ms). */
  revertDelayMs: number;
}

type Enqueue = (key: string, work: () => void) => void;

export class SailOperator implements Reconciler {
  private readonly reconciler: SailReconciler;
  private readonly reverts = new Set<string>();
  private readonly pruneChecks = new Set<string>();

  constructor(private readonly ctx: ControllerContext, private readonly options: SailOperatorOptions) {
    this.reconciler = new SailReconciler(ctx.api);
  }

  private installed(): boolean {
    return !!this.ctx.api.resources.byName('istiorevisions') && !!this.ctx.store.get('deployments', SAIL_OPERATOR_NAMESPACE, SAIL_OPERATOR_DEPLOYMENT);
  }

  /** The operator starting up: everything is reconciled once. */
  private startUp(enqueue: Enqueue): void {
    for (const i of this.ctx.store.list('istios')) enqueue(`sail|istio|${i.metadata.name}`, () => this.reconciler.istio(i.metadata.name));
    for (const r of this.ctx.store.list('istiorevisions')) enqueue(`sail|istiorevisions|${r.metadata.name}`, () => this.reconciler.revision(r.metadata.name, false));
    for (const t of this.ctx.store.list('istiorevisiontags')) enqueue(`sail|istiorevisiontags|${t.metadata.name}`, () => this.reconciler.tag(t.metadata.name, false));
  }

  private active(): boolean {
    return this.installed() && (this.ctx.store.count('istiorevisions') > 0 || this.ctx.store.count('istiorevisiontags') > 0);
  }

  onEvent(event: StoreEvent, enqueue: Enqueue): void {
    if (!this.installed()) return;
    const name = event.object.metadata.name;
    if (event.type === 'ADDED' && event.resource === 'deployments' && event.object.metadata.namespace === SAIL_OPERATOR_NAMESPACE && name === SAIL_OPERATOR_DEPLOYMENT) {
      this.startUp(enqueue);
    }
    switch (event.resource) {
      case 'istios':
        if (event.type !== 'DELETED') enqueue(`sail|istio|${name}`, () => this.reconciler.istio(name));
        this.enqueueTags(enqueue, 'Istio', name);
        break;
      case 'istiorevisions':
      case 'istiorevisiontags': {
        const isRev = event.resource === 'istiorevisions';
        if (event.type === 'DELETED') enqueue(`sail|uninstall|${event.resource}|${name}`, () => this.reconciler.uninstall(event.object));
        else enqueue(`sail|${event.resource}|${name}`, () => (isRev ? this.reconciler.revision(name, false) : this.reconciler.tag(name, false)));
        if (isRev) this.enqueueTags(enqueue, 'IstioRevision', name);
        break;
      }
      default:
        break;
    }
    if (OWNED.has(event.resource) && event.type !== 'ADDED') this.watchOwned(event, enqueue);
    if ((USAGE_INPUTS.has(event.resource) || event.resource.startsWith('istio')) && this.active()) {
      enqueue('sail|status', () => this.statusPass());
    }
  }

  private enqueueTags(enqueue: Enqueue, kind: string, name: string): void {
    for (const tag of this.ctx.store.list('istiorevisiontags')) {
      const ref = targetRef(tag);
      if (ref.kind === kind && ref.name === name) enqueue(`sail|istiorevisiontags|${tag.metadata.name}`, () => this.reconciler.tag(tag.metadata.name, false));
    }
  }

  private watchOwned(event: StoreEvent, enqueue: Enqueue): void {
    const owner = sailController(event.prev ?? event.object);
    if (!owner) return;
    const { namespace, name } = event.object.metadata;
    enqueue(`sail|drift|${event.resource}|${namespace ?? ''}/${name}`, () => this.checkDrift(event.resource, namespace, name, owner));
  }

  /** The owner's chart rendering of one object, with Helm's and the post-renderer's marks. */
  private rendered(owner: { kind: string; name: string }, kind: string, name: string): KubeObject | undefined {
    const store = this.ctx.store;
    const opNs = !!store.get('namespaces', undefined, SAIL_OPERATOR_NAMESPACE);
    let releases;
    if (owner.kind === 'IstioRevision') {
      const rev = store.get('istiorevisions', undefined, owner.name);
      releases = rev ? revisionReleases(rev, opNs) : [];
    } else {
      const tag = store.get('istiorevisiontags', undefined, owner.name);
      const rev = tag ? store.get('istiorevisions', undefined, String((tag.status as { istioRevision?: string } | undefined)?.istioRevision ?? '')) : undefined;
      releases = tag && rev ? tagReleases(tag, rev, opNs) : [];
    }
    for (const r of releases) {
      const found = r.objects.find((o) => o.object.kind === kind && o.object.metadata.name === name);
      if (found) return withHelmMarks(r.postRender ? r.postRender(found.object) : found.object, r.name, r.namespace);
    }
    return undefined;
  }

  /** Deleted, or no longer what the chart renders (a dry-run of the Helm merge changes it): revert later. */
  private checkDrift(resource: string, namespace: string | undefined, name: string, owner: { kind: string; name: string }): void {
    const type = this.ctx.api.resources.byName(resource);
    if (!type) return;
    const live = this.ctx.store.get(resource, namespace, name);
    if (live?.metadata.annotations?.[SAIL_IGNORE_ANNOTATION] === 'true') return;
    if (live) {
      const desired = this.rendered(owner, type.kind, name);
      if (!desired) return;
      try {
        const merged = this.ctx.api.update(type, namespace, name, threeWayMerge(live, desired), { ...SAIL_CONTEXT, dryRun: true });
        if (merged === live) return;
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
      }
    }
    this.scheduleRevert(owner);
  }

  private scheduleRevert(owner: { kind: string; name: string }): void {
    const key = `${owner.kind}/${owner.name}`;
    if (this.reverts.has(key)) return;
    this.reverts.add(key);
    this.ctx.later(this.options.revertDelayMs, () => {
      this.reverts.delete(key);
      if (owner.kind === 'IstioRevision') this.reconciler.revision(owner.name, true);
      else this.reconciler.tag(owner.name, true);
    });
  }

  private statusPass(): void {
    for (const c of this.reconciler.statusPass()) {
      if (c.remainingMs <= 0) {
        this.reconciler.prune(c.revision);
      } else if (!this.pruneChecks.has(c.revision)) {
        this.pruneChecks.add(c.revision);
        this.ctx.later(c.remainingMs, () => {
          this.pruneChecks.delete(c.revision);
          this.statusPass();
        });
      }
    }
  }
}
