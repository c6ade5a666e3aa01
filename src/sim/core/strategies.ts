/** Per-kind PrepareForCreate / PrepareForUpdate: what the server owns in status and generation. */
import { initialCrdStatus } from '../crd/crdObjects';
import { asArray, asObject, deepEqual, getPath, isPlainObject } from '../util/json';
import type { ResourceType } from './resourceRegistry';
import type { KubeObject } from './types';

export interface ServiceAddressAllocator {
  clusterIP(): string;
  nodePort(): number;
}

function podQosClass(obj: KubeObject): string {
  const containers = asArray(asObject(obj.spec).containers);
  const hasResources = containers.some((c) => {
    const r = asObject(asObject(c).resources);
    return Object.keys(asObject(r.requests)).length > 0 || Object.keys(asObject(r.limits)).length > 0;
  });
  return hasResources ? 'Burstable' : 'BestEffort';
}

export function prepareForCreate(type: ResourceType, obj: KubeObject, alloc: ServiceAddressAllocator): void {
  if (type.generationFields.length || type.custom) obj.metadata.generation = 1;
  else delete obj.metadata.generation;
  if (type.custom && type.subresources.includes('status')) delete obj.status;
  switch (type.kind) {
    case 'Pod':
      obj.status = { phase: 'Pending', qosClass: podQosClass(obj) };
      break;
    case 'Namespace':
      obj.status = { phase: 'Active' };
      break;
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      obj.status = {};
      break;
    case 'Service': {
      const spec = asObject(obj.spec);
      obj.spec = spec;
      if (spec.type !== 'ExternalName') {
        if (!spec.clusterIP) spec.clusterIP = alloc.clusterIP();
        spec.clusterIPs = [spec.clusterIP];
        spec.ipFamilies = ['IPv4'];
        spec.ipFamilyPolicy = 'SingleStack';
      }
      if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
        for (const p of asArray(spec.ports)) if (isPlainObject(p) && !p.nodePort) p.nodePort = alloc.nodePort();
      }
      obj.status = { loadBalancer: {} };
      break;
    }
    case 'CustomResourceDefinition':
      obj.status = initialCrdStatus(obj);
      break;
    default:
      break;
  }
}

/** A custom resource's generation follows every change outside metadata (and status, when it is a subresource). */
function customBodyChanged(type: ResourceType, next: KubeObject, prev: KubeObject): boolean {
  if (!type.custom) return false;
  const body = (o: KubeObject) => ({ ...o, metadata: undefined, status: type.subresources.includes('status') ? undefined : o.status });
  return !deepEqual(body(next), body(prev));
}

function fieldValue(obj: KubeObject, path: string): unknown {
  return getPath(obj, path.split('.'));
}

/** Copies what a write to the main resource (or to /status) may not change, and bumps generation. */
export function prepareForUpdate(type: ResourceType, next: KubeObject, prev: KubeObject, subresource: string | undefined): KubeObject {
  let obj = next;
  if (subresource === 'status') {
    obj = { ...prev, metadata: { ...prev.metadata, resourceVersion: next.metadata.resourceVersion }, status: next.status };
    if (type.kind === 'Pod') obj.metadata = { ...obj.metadata, labels: next.metadata.labels, annotations: next.metadata.annotations };
  } else if (type.subresources.includes('status')) {
    obj = { ...next, status: prev.status };
  }
  if (type.kind === 'Namespace' && subresource !== 'status') {
    obj = { ...obj, spec: { ...asObject(obj.spec), finalizers: asObject(prev.spec).finalizers } };
  }
  if (type.kind === 'Service') {
    const spec = { ...asObject(obj.spec) };
    const old = asObject(prev.spec);
    if (!spec.clusterIP) spec.clusterIP = old.clusterIP;
    for (const k of ['clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) if (spec[k] === undefined) spec[k] = old[k];
    obj = { ...obj, spec };
  }
  const meta = { ...obj.metadata };
  if (!meta.uid) meta.uid = prev.metadata.uid;
  meta.creationTimestamp = prev.metadata.creationTimestamp;
  meta.deletionTimestamp = prev.metadata.deletionTimestamp;
  meta.deletionGracePeriodSeconds = prev.metadata.deletionGracePeriodSeconds;
  meta.generation = prev.metadata.generation;
  if (subresource !== 'status' && (type.generationFields.some((f) => !deepEqual(fieldValue(obj, f), fieldValue(prev, f))) || customBodyChanged(type, obj, prev))) {
    meta.generation = (prev.metadata.generation ?? 0) + 1;
  }
  if (meta.generation === undefined) delete meta.generation;
  return { ...obj, metadata: meta };
}
