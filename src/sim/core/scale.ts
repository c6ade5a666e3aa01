/** The `/scale` subresource (autoscaling/v1 Scale) of Deployments, StatefulSets and ReplicaSets. */
import { asObject, isPlainObject } from '../util/json';
import type { KubeObject } from './types';

export function toScale(obj: KubeObject): KubeObject {
  const spec = asObject(obj.spec);
  const selector = asObject(spec.selector);
  const labels = asObject(selector.matchLabels) as Record<string, string>;
  const text = Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: { replicas: Number(asObject(obj.status).replicas ?? 0), selector: text },
  };
}

/** The merge patch that applies a (possibly edited) Scale to its object. */
export function scalePatch(scale: unknown): string {
  const s = isPlainObject(scale) ? scale : {};
  const replicas = asObject(s.spec).replicas;
  const rv = asObject(s.metadata).resourceVersion;
  return JSON.stringify({ metadata: rv ? { resourceVersion: rv } : {}, spec: { replicas: typeof replicas === 'number' ? replicas : 0 } });
}
