/**
 * Deployment → ReplicaSet `<deploy>-<pod-template-hash>`. A template change makes a new ReplicaSet at
 * full scale and scales the old ones to 0 (Recreate-like, all at once); `spec.paused` stops rollouts.
 */
import { resourceByName } from '../core/resourceRegistry';
import { SYSTEM_CONTEXT, type KubeObject, type StoreEvent } from '../core/types';
import { asObject, deepClone } from '../util/json';
import { carryCondition, type WorkloadCondition } from './conditions';
import type { Reconciler } from './controllerManager';
import type { ControllerContext } from './controllerContext';
import { controllerOf, controllerRef, isTerminating, omitEmpty, podTemplateHash } from './podFactory';

const DEPLOYMENTS = resourceByName('deployments');
const RS = resourceByName('replicasets');
const REVISION = 'deployment.kubernetes.io/revision';

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0);
}

function replicasOf(obj: KubeObject): number {
  const r = asObject(obj.spec).replicas;
  return typeof r === 'number' ? r : 1;
}

function statusNumber(obj: KubeObject | undefined, field: string): number {
  const v = obj ? asObject(obj.status)[field] : undefined;
  return typeof v === 'number' ? v : 0;
}

export class DeploymentController implements Reconciler {
  constructor(private readonly ctx: ControllerContext) {}

  onEvent(event: StoreEvent, enqueue: (key: string, work: () => void) => void): void {
    const o = event.object;
    const ns = o.metadata.namespace ?? '';
    if (event.resource === 'deployments' && event.type !== 'DELETED') {
      enqueue(`deploy|${ns}/${o.metadata.name}`, () => this.reconcile(ns, o.metadata.name));
    } else if (event.resource === 'replicasets') {
      const owner = controllerOf(o);
      if (owner?.kind === 'Deployment') enqueue(`deploy|${ns}/${owner.name}`, () => this.reconcile(ns, owner.name));
    }
  }

  private ownedReplicaSets(d: KubeObject): KubeObject[] {
    return this.ctx.store.dependents(d.metadata.uid ?? '')
      .filter((x) => x.resource === 'replicasets' && controllerOf(x.obj)?.uid === d.metadata.uid)
      .map((x) => x.obj);
  }

  reconcile(ns: string, name: string): void {
    const d = this.ctx.store.get('deployments', ns, name);
    if (!d || isTerminating(d)) return;
    const spec = asObject(d.spec);
    const replicas = replicasOf(d);
    const hash = podTemplateHash(spec.template);
    let sets = this.ownedReplicaSets(d);
    const maxRevision = Math.max(0, ...sets.map(revisionOf));
    let newRs = sets.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    if (!spec.paused) {
      if (!newRs) newRs = this.createReplicaSet(d, hash, replicas, maxRevision + 1);
      else if (revisionOf(newRs) < maxRevision) newRs = this.annotateRevision(newRs, maxRevision + 1);
      if (newRs) this.scale(newRs, replicas);
      for (const rs of sets) if (rs.metadata.uid !== newRs?.metadata.uid) this.scale(rs, 0);
    } else {
      const current = newRs ?? [...sets].sort((a, b) => revisionOf(b) - revisionOf(a))[0];
      if (current) this.scale(current, replicas);
    }
    sets = this.ownedReplicaSets(d);
    newRs = sets.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    this.writeStatus(d, sets, newRs, replicas);
  }

  private createReplicaSet(d: KubeObject, hash: string, replicas: number, revision: number): KubeObject | undefined {
    const spec = asObject(d.spec);
    const template = deepClone(asObject(spec.template));
    const tMeta = asObject(template.metadata);
    const labels = { ...(tMeta.labels as Record<string, string>), 'pod-template-hash': hash };
    template.metadata = { ...tMeta, labels };
    const selector = asObject(spec.selector);
    const body: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels,
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(replicas),
          'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)),
          [REVISION]: String(revision),
        },
        ownerReferences: [controllerRef(d)],
      },
      spec: {
        replicas,
        selector: { ...selector, matchLabels: { ...(selector.matchLabels as Record<string, string>), 'pod-template-hash': hash } },
        template,
      },
    };
    try {
      return this.ctx.api.create(RS, d.metadata.namespace, body, SYSTEM_CONTEXT);
    } catch {
      return undefined;
    }
  }

  private annotateRevision(rs: KubeObject, revision: number): KubeObject {
    const annotations = { ...rs.metadata.annotations, [REVISION]: String(revision) };
    return this.ctx.api.writeInternal(RS, { ...rs, metadata: { ...rs.metadata, annotations } });
  }

  private scale(rs: KubeObject, replicas: number): void {
    if (replicasOf(rs) === replicas) return;
    const annotations = { ...rs.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': String(replicas) };
    const metadata = { ...rs.metadata, annotations, generation: (rs.metadata.generation ?? 1) + 1 };
    this.ctx.api.writeInternal(RS, { ...rs, metadata, spec: { ...asObject(rs.spec), replicas } });
  }

  private writeStatus(d: KubeObject, sets: KubeObject[], newRs: KubeObject | undefined, replicas: number): void {
    const spec = asObject(d.spec);
    const total = sets.reduce((n, rs) => n + statusNumber(rs, 'replicas'), 0);
    const ready = sets.reduce((n, rs) => n + statusNumber(rs, 'readyReplicas'), 0);
    const available = sets.reduce((n, rs) => n + statusNumber(rs, 'availableReplicas'), 0);
    const updated = statusNumber(newRs, 'replicas');
    const old = asObject(d.status).conditions as WorkloadCondition[] | undefined;
    const now = this.ctx.now();
    const maxUnavailable = Math.floor(replicas / 4);
    const conditions: WorkloadCondition[] = [
      carryCondition(old, available >= replicas - maxUnavailable
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }, now, true),
    ];
    const rsName = newRs?.metadata.name ?? '';
    const complete = !!newRs && updated === replicas && available === replicas && total === replicas;
    const progressing = spec.paused
      ? { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' }
      : complete
        ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` }
        : { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rsName}" is progressing.` };
    conditions.push(carryCondition(old, progressing, now, true));
    const failure = newRs ? ((asObject(newRs.status).conditions ?? []) as WorkloadCondition[]).find((c) => c.type === 'ReplicaFailure') : undefined;
    if (failure) conditions.push(carryCondition(old, { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: failure.message }, now, true));
    const status = omitEmpty({
      observedGeneration: d.metadata.generation,
      replicas: total,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicas - available),
      conditions,
    });
    const annotations = newRs ? { ...d.metadata.annotations, [REVISION]: newRs.metadata.annotations?.[REVISION] ?? '1' } : d.metadata.annotations;
    this.ctx.api.writeInternal(DEPLOYMENTS, { ...d, metadata: { ...d.metadata, annotations }, status });
  }
}
