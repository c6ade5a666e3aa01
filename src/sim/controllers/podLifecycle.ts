/**
 * Scheduler + kubelet in one: binds pods to a simulated node, makes them Running/Ready after
 * `podReadyDelayMs`, and finishes graceful deletions at once.
 */
import { createHash } from 'node:crypto';
import { resourceByName } from '../core/resourceRegistry';
import type { KubeObject, StoreEvent } from '../core/types';
import { asArray, asObject } from '../util/json';
import type { Reconciler } from './controllerManager';
import { NODE_NAMES, type ControllerContext } from './controllerContext';

const PODS = resourceByName('pods');

const digests = new Map<string, string>();

function imageDigest(image: string): string {
  let d = digests.get(image);
  if (!d) digests.set(image, (d = createHash('sha256').update(image).digest('hex')));
  return d;
}

export function nodeIP(node: string): string {
  return `172.18.0.${NODE_NAMES.indexOf(node) + 2}`;
}

export class PodLifecycle implements Reconciler {
  private nextNode = 0;
  private ipCounter = 0;

  constructor(private readonly ctx: ControllerContext) {}

  onEvent(event: StoreEvent, enqueue: (key: string, work: () => void) => void): void {
    if (event.resource !== 'pods' || event.type === 'DELETED') return;
    const o = event.object;
    const phase = asObject(o.status).phase;
    if (o.metadata.deletionTimestamp || !asObject(o.spec).nodeName || phase === 'Pending' || phase === undefined) {
      const ns = o.metadata.namespace ?? '';
      enqueue(`pod|${ns}/${o.metadata.name}`, () => this.reconcile(ns, o.metadata.name));
    }
  }

  private reconcile(ns: string, name: string): void {
    const pod = this.ctx.store.get('pods', ns, name);
    if (!pod) return;
    if (pod.metadata.deletionTimestamp) {
      this.ctx.api.removeInternal(PODS, ns, name);
      return;
    }
    const spec = asObject(pod.spec);
    if (!spec.nodeName) {
      const node = NODE_NAMES[this.nextNode++ % NODE_NAMES.length];
      const bound = { ...pod, spec: { ...spec, nodeName: node } };
      // With no readiness delay, binding and start-up are one write.
      if (this.ctx.podReadyDelayMs <= 0) this.markRunning(bound);
      else this.bind(pod, node);
      return;
    }
    if (asObject(pod.status).phase !== 'Pending') return;
    if (this.ctx.podReadyDelayMs <= 0) {
      this.markRunning(pod);
    } else {
      const uid = pod.metadata.uid;
      this.ctx.later(this.ctx.podReadyDelayMs, () => {
        const latest = this.ctx.store.get('pods', ns, name);
        if (latest && latest.metadata.uid === uid && !latest.metadata.deletionTimestamp) this.markRunning(latest);
      });
    }
  }

  private bind(pod: KubeObject, node: string): void {
    const now = this.ctx.now();
    const status = {
      ...asObject(pod.status),
      conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }],
    };
    this.ctx.api.writeInternal(PODS, { ...pod, spec: { ...asObject(pod.spec), nodeName: node }, status });
  }

  private containerStatus(c: Record<string, unknown>, now: string, init: boolean): Record<string, unknown> {
    const image = String(c.image ?? '');
    const repo = image.replace(/:[^/:]+$/, '');
    return {
      name: c.name,
      state: init
        ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: now, finishedAt: now } }
        : { running: { startedAt: now } },
      lastState: {},
      ready: !init,
      restartCount: 0,
      image,
      imageID: `${repo}@sha256:${imageDigest(image)}`,
      started: !init,
    };
  }

  private markRunning(pod: KubeObject): void {
    const now = this.ctx.now();
    const spec = asObject(pod.spec);
    const node = String(spec.nodeName);
    const n = this.ipCounter++;
    const podIP = spec.hostNetwork ? nodeIP(node) : `10.244.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
    const byName = (a: unknown, b: unknown) => String(asObject(a).name).localeCompare(String(asObject(b).name));
    const cond = (type: string) => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: now });
    const old = asObject(pod.status);
    const status: Record<string, unknown> = {
      phase: 'Running',
      conditions: [cond('Initialized'), cond('Ready'), cond('ContainersReady'), cond('PodScheduled')],
      hostIP: nodeIP(node),
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: now,
    };
    const inits = asArray(spec.initContainers);
    if (inits.length) status.initContainerStatuses = inits.map((c) => this.containerStatus(asObject(c), now, true));
    status.containerStatuses = [...asArray(spec.containers)].sort(byName).map((c) => this.containerStatus(asObject(c), now, false));
    status.qosClass = old.qosClass ?? 'BestEffort';
    this.ctx.api.writeInternal(PODS, { ...pod, status });
  }
}
