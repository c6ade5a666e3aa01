/** StatefulSet → pods `<name>-0..n-1` labelled with `controller-revision-hash`; a template change replaces them. */
import { resourceByName } from '../core/resourceRegistry';
import type { StoreEvent } from '../core/types';
import { asObject } from '../util/json';
import type { Reconciler } from './controllerManager';
import type { ControllerContext } from './controllerContext';
import { controllerOf, isPodReady, isTerminating, omitEmpty, podFromTemplate, podTemplateHash } from './podFactory';

const STS = resourceByName('statefulsets');
const REVISION_LABEL = 'controller-revision-hash';

export class StatefulSetController implements Reconciler {
  constructor(private readonly ctx: ControllerContext) {}

  onEvent(event: StoreEvent, enqueue: (key: string, work: () => void) => void): void {
    const o = event.object;
    const ns = o.metadata.namespace ?? '';
    if (event.resource === 'statefulsets' && event.type !== 'DELETED') {
      enqueue(`sts|${ns}/${o.metadata.name}`, () => this.reconcile(ns, o.metadata.name));
    } else if (event.resource === 'pods') {
      const owner = controllerOf(o);
      if (owner?.kind === 'StatefulSet') enqueue(`sts|${ns}/${owner.name}`, () => this.reconcile(ns, owner.name));
    }
  }

  reconcile(ns: string, name: string): void {
    const key = `sts|${ns}/${name}`;
    const sts = this.ctx.store.get('statefulsets', ns, name);
    if (!sts || isTerminating(sts)) {
      this.ctx.failing.delete(key);
      return;
    }
    const spec = asObject(sts.spec);
    const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const revision = `${name}-${podTemplateHash(spec.template)}`;
    const pods = this.ctx.ownedPods(sts);
    // OnDelete: a template change replaces no pod (a deleted one comes back from the new template); a partition
    // keeps the ordinals below it on the old template.
    const strategy = asObject(spec.updateStrategy);
    const onDelete = strategy.type === 'OnDelete';
    const partition = Number(asObject(strategy.rollingUpdate).partition ?? 0) || 0;
    let failure: string | undefined;
    for (let i = 0; i < replicas && !failure; i++) {
      const podName = `${name}-${i}`;
      const existing = pods.find((p) => p.metadata.name === podName);
      if (existing) {
        if (!onDelete && i >= partition && !isTerminating(existing) && existing.metadata.labels?.[REVISION_LABEL] !== revision) this.ctx.deletePod(existing);
        continue;
      }
      failure = this.ctx.createPod(podFromTemplate(spec.template, ns, sts, {
        name: podName,
        labels: { [REVISION_LABEL]: revision, 'statefulset.kubernetes.io/pod-name': podName },
        extraSpec: { hostname: podName, subdomain: spec.serviceName },
      }));
    }
    for (const p of pods) {
      const ordinal = Number(p.metadata.name.slice(name.length + 1));
      if (ordinal >= replicas) this.ctx.deletePod(p);
    }
    if (failure) this.ctx.failing.set(key, () => this.reconcile(ns, name));
    else this.ctx.failing.delete(key);
    this.writeStatus(ns, name, revision);
  }

  private writeStatus(ns: string, name: string, revision: string): void {
    const sts = this.ctx.store.get('statefulsets', ns, name);
    if (!sts) return;
    const pods = this.ctx.ownedPods(sts).filter((p) => !isTerminating(p));
    const updated = pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === revision).length;
    const old = asObject(sts.status);
    const replicas = asObject(sts.spec).replicas as number | undefined ?? 1;
    const currentRevision = updated === replicas ? revision : (old.currentRevision as string | undefined) ?? revision;
    const status = omitEmpty({
      observedGeneration: sts.metadata.generation,
      replicas: pods.length,
      readyReplicas: pods.filter(isPodReady).length,
      currentReplicas: pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === currentRevision).length,
      updatedReplicas: updated,
      currentRevision,
      updateRevision: revision,
      collisionCount: 0,
    }, ['replicas', 'collisionCount']);
    this.ctx.api.writeInternal(STS, { ...sts, status });
  }
}
