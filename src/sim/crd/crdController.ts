/**
 * The apiextensions controllers in one: a new or changed CRD is served (its type registered, NamesAccepted
 * and Established set); a CRD marked for deletion has its objects deleted, then stops being served and is
 * removed. Runs in the controller queue, so a client sees the type right after its create has returned.
 */
import type { Reconciler } from '../controllers/controllerManager';
import type { ControllerContext } from '../controllers/controllerContext';
import { resourceByName } from '../core/resourceRegistry';
import type { KubeObject, StoreEvent } from '../core/types';
import { deepEqual } from '../util/json';
import { crdResourceType, establishedStatus, isEstablished } from './crdObjects';

const CRDS = resourceByName('customresourcedefinitions');

export class CrdController implements Reconciler {
  constructor(private readonly ctx: ControllerContext) {}

  onEvent(event: StoreEvent, enqueue: (key: string, work: () => void) => void): void {
    if (event.resource !== 'customresourcedefinitions') return;
    const name = event.object.metadata.name;
    if (event.type === 'DELETED') {
      enqueue(`crd|${name}`, () => this.stopServing(event.object));
      return;
    }
    enqueue(`crd|${name}`, () => this.reconcile(name));
  }

  private reconcile(name: string): void {
    const crd = this.ctx.store.get('customresourcedefinitions', undefined, name);
    if (!crd) return;
    if (crd.metadata.deletionTimestamp) {
      this.cleanUp(crd);
      return;
    }
    const type = crdResourceType(crd);
    const served = this.ctx.api.resources;
    const accepted = !!type && !served.nameTaken(type.resource, name);
    if (type && accepted) {
      const current = served.byName(type.resource);
      if (!current || !deepEqual(current, type)) served.register(type);
    }
    if (accepted && isEstablished(crd)) return;
    this.ctx.api.writeInternal(CRDS, { ...crd, status: establishedStatus(crd, accepted, this.ctx.now()) });
  }

  /** customresourcecleanup: every object of the type goes (watchers see DELETED), then the CRD itself. */
  private cleanUp(crd: KubeObject): void {
    const type = crdResourceType(crd);
    if (type && this.ctx.api.resources.byName(type.resource)?.custom?.crdName === crd.metadata.name) {
      for (const obj of this.ctx.store.list(type.resource)) this.ctx.api.removeInternal(type, obj.metadata.namespace, obj.metadata.name);
    }
    this.ctx.api.removeInternal(CRDS, undefined, crd.metadata.name);
  }

  private stopServing(crd: KubeObject): void {
    const type = crdResourceType(crd);
    if (type && this.ctx.api.resources.byName(type.resource)?.custom?.crdName === crd.metadata.name) {
      this.ctx.api.resources.unregister(type.resource);
    }
  }
}
