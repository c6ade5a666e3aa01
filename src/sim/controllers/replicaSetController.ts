/** ReplicaSet → pods `<rs>-<5 chars>`, and the RS status the deployment controller sums up. */
import { resourceByName } from '../core/resourceRegistry';
import type { KubeObject, StoreEvent } from '../core/types';
import { asObject } from '../util/json';
import type { Reconciler } from './controllerManager';
import type { ControllerContext } from './controllerContext';
import { controllerOf, isPodReady, isTerminating, omitEmpty, podFromTemplate } from './podFactory';

const RS = resourceByName('replicasets');

interface FailureCondition {
  type: string;
  status: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export class ReplicaSetController implements Reconciler {
  constructor(private readonly ctx: ControllerContext) {}

  onEvent(event: StoreEvent, enqueue: (key: string, work: () => void) => void): void {
    const o = event.object;
    if (event.resource === 'replicasets') {
      if (event.type !== 'DELETED') this.enqueue(o.metadata.namespace ?? '', o.metadata.name, enqueue);
    } else if (event.resource === 'pods') {
      const owner = controllerOf(o);
      if (owner?.kind === 'ReplicaSet') this.enqueue(o.metadata.namespace ?? '', owner.name, enqueue);
    }
  }

  private enqueue(ns: string, name: string, enqueue: (key: string, work: () => void) => void): void {
    enqueue(`rs|${ns}/${name}`, () => this.reconcile(ns, name));
  }

  reconcile(ns: string, name: string): void {
    const key = `rs|${ns}/${name}`;
    const rs = this.ctx.store.get('replicasets', ns, name);
    if (!rs || isTerminating(rs)) {
      this.ctx.failing.delete(key);
      return;
    }
    const spec = asObject(rs.spec);
    const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const pods = this.ctx.ownedPods(rs).filter((p) => !isTerminating(p));
    let failure: string | undefined;
    for (let i = pods.length; i < desired && !failure; i++) {
      failure = this.ctx.createPod(podFromTemplate(spec.template, ns, rs, { generateName: `${name}-` }));
    }
    if (pods.length > desired) {
      const surplus = [...pods].sort((a, b) => Number(isPodReady(a)) - Number(isPodReady(b))).slice(0, pods.length - desired);
      for (const p of surplus) this.ctx.deletePod(p);
    }
    if (failure) this.ctx.failing.set(key, () => this.reconcile(ns, name));
    else this.ctx.failing.delete(key);
    this.writeStatus(ns, name, failure);
  }

  private writeStatus(ns: string, name: string, failure: string | undefined): void {
    const rs = this.ctx.store.get('replicasets', ns, name);
    if (!rs) return;
    const pods = this.ctx.ownedPods(rs).filter((p) => !isTerminating(p));
    const ready = pods.filter(isPodReady).length;
    const old = asObject(rs.status);
    const oldCondition = ((old.conditions ?? []) as FailureCondition[]).find((c) => c.type === 'ReplicaFailure');
    const conditions: FailureCondition[] = failure
      ? [{
        type: 'ReplicaFailure', status: 'True',
        lastTransitionTime: oldCondition?.message === failure ? oldCondition.lastTransitionTime : this.ctx.now(),
        reason: 'FailedCreate', message: failure,
      }]
      : [];
    const status = omitEmpty({
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation,
      conditions,
    }, ['replicas']);
    this.ctx.api.writeInternal(RS, { ...rs, status } as KubeObject);
  }
}
