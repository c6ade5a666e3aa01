/**
 * The small controllers: garbage collection through ownerReferences, namespace finalisation, a
 * LoadBalancer address for Services, and retrying workloads whose pods were rejected by a webhook.
 */
import { resourceByName } from '../core/resourceRegistry';
import { SYSTEM_CONTEXT, type StoreEvent } from '../core/types';
import { asObject } from '../util/json';
import type { Reconciler } from './controllerManager';
import type { ControllerContext } from './controllerContext';

const SERVICES = resourceByName('services');
const NAMESPACES = resourceByName('namespaces');

/** Changes that can make a rejected pod creation succeed on retry. */
const RETRY_TRIGGERS = new Set(['services', 'mutatingwebhookconfigurations', 'namespaces', 'configmaps', 'deployments']);

export class Housekeeping implements Reconciler {
  private lbCounter = 0;

  constructor(private readonly ctx: ControllerContext) {}

  onEvent(event: StoreEvent, enqueue: (key: string, work: () => void) => void): void {
    const o = event.object;
    if (event.type === 'DELETED' && o.metadata.uid) {
      const uid = o.metadata.uid;
      enqueue(`gc|${uid}`, () => this.collect(uid));
    }
    if (event.resource === 'namespaces' && o.metadata.deletionTimestamp && event.type !== 'DELETED') {
      enqueue(`ns|${o.metadata.name}`, () => this.finalizeNamespace(o.metadata.name));
    }
    if (event.resource === 'services' && event.type !== 'DELETED' && asObject(o.spec).type === 'LoadBalancer') {
      const ns = o.metadata.namespace ?? '';
      enqueue(`lb|${ns}/${o.metadata.name}`, () => this.assignLoadBalancer(ns, o.metadata.name));
    }
    if (RETRY_TRIGGERS.has(event.resource) && this.ctx.failing.size) {
      for (const [key, retry] of this.ctx.failing) enqueue(`retry|${key}`, retry);
    }
  }

  private collect(uid: string): void {
    for (const dep of this.ctx.store.dependents(uid)) {
      const type = this.ctx.api.resources.byName(dep.resource);
      if (!type) continue;
      try {
        this.ctx.api.delete(type, dep.obj.metadata.namespace, dep.obj.metadata.name, SYSTEM_CONTEXT);
      } catch {
        // already gone
      }
    }
  }

  private finalizeNamespace(name: string): void {
    const ns = this.ctx.store.get('namespaces', undefined, name);
    if (!ns?.metadata.deletionTimestamp) return;
    for (const type of this.ctx.api.resources.all()) {
      if (!type.namespaced) continue;
      for (const obj of this.ctx.store.list(type.resource, name)) this.ctx.api.removeInternal(type, name, obj.metadata.name);
    }
    this.ctx.api.removeInternal(NAMESPACES, undefined, name);
  }

  private assignLoadBalancer(ns: string, name: string): void {
    const svc = this.ctx.store.get('services', ns, name);
    if (!svc) return;
    const lb = asObject(asObject(svc.status).loadBalancer);
    if (Array.isArray(lb.ingress) && lb.ingress.length) return;
    const ip = `172.18.255.${200 + (this.lbCounter++ % 50)}`;
    this.ctx.api.writeInternal(SERVICES, { ...svc, status: { loadBalancer: { ingress: [{ ip }] } } });
  }
}
