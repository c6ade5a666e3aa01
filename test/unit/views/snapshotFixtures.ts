import type { MeshSnapshot, NamespaceBinding, Proxy, Revision, Workload } from '../../../src/mesh/model';

export function revision(name: string, version: string, extra: Partial<Revision> = {}): Revision {
  return {
    name, version, versionSource: 'image', istioNamespace: 'istio-system', deployment: `istiod-${name}`,
    readyReplicas: 1, desiredReplicas: 1, external: false, injectorWebhooks: [`istio-sidecar-injector-${name}`],
    services: [`istiod-${name}`], isDefault: false, tags: [], namespaceCount: 0, proxyCount: 0, inUse: [], ...extra,
  };
}

export function proxy(pod: string, ns: string, rev: string | undefined, version: string | undefined, needsRestart = false): Proxy {
  return {
    pod, namespace: ns, phase: 'Running', injected: rev !== undefined, revision: rev,
    revisionSource: rev ? 'annotation' : 'none', proxyVersion: version, pinnedImage: false, needsRestart,
    restartReason: needsRestart ? `injected by ${rev}` : undefined,
  };
}

export function deployment(name: string, ns: string, pods: Proxy[], extra: Partial<Workload> = {}): Workload {
  return { kind: 'Deployment', name, namespace: ns, restartable: true, pods, ...extra };
}

export function namespace(name: string, extra: Partial<NamespaceBinding> = {}): NamespaceBinding {
  return { name, labels: {}, state: 'unlabeled', target: null, reason: 'no injection label', ambient: false, workloads: [], ...extra };
}

export function snapshot(extra: Partial<MeshSnapshot> = {}): MeshSnapshot {
  return { context: 'test', revisions: [], tags: [], namespaces: [], warnings: [], ...extra };
}
