/**
 * Simulated Argo CD self-heal and Flux kustomize-controller drift correction: when an object the Git repository
 * tracks drifts (see gitopsDrift.ts), the owner puts it back after `delayMs` — a merge patch of labels and
 * annotations written under the controller's own identity. The Application / Kustomization is read from the
 * cluster (argoproj.io, kustomize.toolkit.fluxcd.io) to honour selfHeal, suspend and ignore rules.
 */
import type { KubeObject, RequestContext, StoreEvent } from '../core/types';
import type { Reconciler } from './controllerManager';
import type { ControllerContext } from './controllerContext';
import { selfHealPatch, withoutStripped } from './gitopsDrift';
import type { GitManifest, GitOwner, GitRepository } from './gitRepository';

export interface SelfHealOptions {
  /** How long after a drift the owner restores Git's values (default 2000 ms, Argo CD's first self-heal backoff). */
  delayMs: number;
}

const CONTROLLERS: Record<GitOwner['kind'], RequestContext> = {
  argocd: { user: 'system:serviceaccount:argocd:argocd-application-controller' },
  flux: { user: 'system:serviceaccount:flux-system:kustomize-controller' },
};

export class GitOpsSelfHeal implements Reconciler {
  private readonly pending = new Set<string>();

  constructor(private readonly ctx: ControllerContext, private readonly git: GitRepository, private readonly options: SelfHealOptions) {}

  onEvent(event: StoreEvent, enqueue: (key: string, work: () => void) => void): void {
    if (event.type !== 'MODIFIED') return;
    const { namespace, name } = event.object.metadata;
    const manifest = this.git.get(event.resource, namespace, name);
    if (!manifest) return;
    enqueue(`gitops|${event.resource}|${namespace ?? ''}/${name}`, () => {
      if (this.patchFor(manifest)) this.schedule(manifest);
    });
  }

  /** The Application or Kustomization that owns the manifest, as it is in the cluster now. */
  private ownerObject(owner: GitOwner): KubeObject | undefined {
    return owner.kind === 'argocd'
      ? this.ctx.store.get('applications', owner.appNamespace, owner.app)
      : this.ctx.store.get('kustomizations', owner.namespace, owner.name);
  }

  private patchFor(m: GitManifest) {
    const live = this.ctx.store.get(m.resource, m.namespace, m.name);
    return live ? { live, patch: selfHealPatch(m, live, this.ownerObject(m.owner)) } : undefined;
  }

  private schedule(m: GitManifest): void {
    const key = `${m.resource}|${m.namespace ?? ''}|${m.name}`;
    if (this.pending.has(key)) return;
    this.pending.add(key);
    this.ctx.later(this.options.delayMs, () => {
      this.pending.delete(key);
      this.heal(m.resource, m.namespace, m.name);
    });
  }

  private heal(resource: string, namespace: string | undefined, name: string): void {
    const m = this.git.get(resource, namespace, name);
    const found = m && this.patchFor(m);
    const type = this.ctx.api.resources.byName(resource);
    if (!m || !found?.patch || !type) return;
    const { labels, annotations, stripped } = found.patch;
    const metadata: Record<string, unknown> = {};
    if (Object.keys(labels).length) metadata.labels = labels;
    if (Object.keys(annotations).length) metadata.annotations = annotations;
    if (stripped.length) metadata.managedFields = withoutStripped(found.live, stripped);
    this.ctx.api.patch(type, namespace, name, 'merge', JSON.stringify({ metadata }), CONTROLLERS[m.owner.kind]);
  }
}
