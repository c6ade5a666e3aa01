/** What every controller needs: the API to write through and a place to park failed pod creations. */
import type { ClusterApi } from '../core/clusterApi';
import { StatusError } from '../core/errors';
import type { ObjectStore } from '../core/objectStore';
import { resourceByName } from '../core/resourceRegistry';
import { SYSTEM_CONTEXT, type KubeObject } from '../core/types';

export const NODE_NAMES = ['sim-node-1', 'sim-node-2', 'sim-node-3'];

export class ControllerContext {
  /** Workloads whose last pod creation failed; retried when webhooks, services or namespaces change. */
  readonly failing = new Map<string, () => void>();
  readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(readonly api: ClusterApi, readonly store: ObjectStore, readonly podReadyDelayMs: number) {}

  /** Pods owned (any ownerReference) by `owner`. */
  ownedPods(owner: KubeObject): KubeObject[] {
    return this.store.dependents(owner.metadata.uid ?? '').filter((d) => d.resource === 'pods').map((d) => d.obj);
  }

  /** Creates a pod through admission; returns the error message when admission rejects it. */
  createPod(pod: KubeObject): string | undefined {
    try {
      this.api.create(resourceByName('pods'), pod.metadata.namespace, pod, SYSTEM_CONTEXT);
      return undefined;
    } catch (e) {
      if (e instanceof StatusError) return e.status.message ?? 'pod creation failed';
      throw e;
    }
  }

  deletePod(pod: KubeObject): void {
    if (pod.metadata.deletionTimestamp) return;
    this.api.delete(resourceByName('pods'), pod.metadata.namespace, pod.metadata.name, SYSTEM_CONTEXT);
  }

  later(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) this.api.batch(fn);
    }, ms);
    this.timers.add(t);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  now(): string {
    return this.api.timestamp();
  }
}
