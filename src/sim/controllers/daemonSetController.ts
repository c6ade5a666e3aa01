/** DaemonSet → one pod per simulated node, replaced when the template changes. */
import { resourceByName } from '../core/resourceRegistry';
import type { KubeObject, StoreEvent } from '../core/types';
import { asObject } from '../util/json';
import type { Reconciler } from './controllerManager';
import { NODE_NAMES, type ControllerContext } from './controllerContext';
import { controllerOf, isPodReady, isTerminating, omitEmpty, podFromTemplate, podTemplateHash } from './podFactory';

const DS = resourceByName('daemonsets');
const REVISION_LABEL = 'controller-revision-hash';

function nodeOf(pod: KubeObject): string | undefined {
  return asObject(pod.spec).nodeName as string | undefined;
}

export class DaemonSetController implements Reconciler {
  constructor(private readonly ctx: ControllerContext) {}

  onEvent(event: StoreEvent, enqueue: (key: string, work: () => void) => void): void {
    const o = event.object;
    const ns = o.metadata.namespace ?? '';
    if (event.resource === 'daemonsets' && event.type !== 'DELETED') {
      enqueue(`ds|${ns}/${o.metadata.name}`, () => this.reconcile(ns, o.metadata.name));
    } else if (event.resource === 'pods') {
      const owner = controllerOf(o);
      if (owner?.kind === 'DaemonSet') enqueue(`ds|${ns}/${owner.name}`, () => this.reconcile(ns, owner.name));
    }
  }

  reconcile(ns: string, name: string): void {
    const key = `ds|${ns}/${name}`;
    const ds = this.ctx.store.get('daemonsets', ns, name);
    if (!ds || isTerminating(ds)) {
      this.ctx.failing.delete(key);
      return;
    }
    const spec = asObject(ds.spec);
    const hash = podTemplateHash(spec.template);
    const pods = this.ctx.ownedPods(ds);
    let failure: string | undefined;
    for (const node of NODE_NAMES) {
      if (failure) break;
      const onNode = pods.filter((p) => nodeOf(p) === node);
      // OnDelete: a template change replaces no pod; a deleted one comes back from the new template.
      const onDelete = asObject(spec.updateStrategy).type === 'OnDelete';
      for (const p of onNode) if (!onDelete && !isTerminating(p) && p.metadata.labels?.[REVISION_LABEL] !== hash) this.ctx.deletePod(p);
      if (onNode.length) continue;
      failure = this.ctx.createPod(podFromTemplate(spec.template, ns, ds, {
        generateName: `${name}-`,
        nodeName: node,
        labels: { [REVISION_LABEL]: hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
      }));
    }
    if (failure) this.ctx.failing.set(key, () => this.reconcile(ns, name));
    else this.ctx.failing.delete(key);
    this.writeStatus(ns, name, hash);
  }

  private writeStatus(ns: string, name: string, hash: string): void {
    const ds = this.ctx.store.get('daemonsets', ns, name);
    if (!ds) return;
    const pods = this.ctx.ownedPods(ds).filter((p) => !isTerminating(p));
    const ready = pods.filter(isPodReady).length;
    const status = omitEmpty({
      currentNumberScheduled: pods.length,
      numberMisscheduled: 0,
      desiredNumberScheduled: NODE_NAMES.length,
      numberReady: ready,
      observedGeneration: ds.metadata.generation,
      updatedNumberScheduled: pods.filter((p) => p.metadata.labels?.[REVISION_LABEL] === hash).length,
      numberAvailable: ready,
      numberUnavailable: NODE_NAMES.length - ready,
    }, ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady']);
    this.ctx.api.writeInternal(DS, { ...ds, status });
  }
}
