/** REST paths of the resource kinds the extension reads and writes. */
import { CLUSTER_SCOPED, type ResourceKind } from './clusterClient';

export interface KindInfo {
  /** '' for the core group. */
  group: string;
  version: string;
  /** The object's `kind`, e.g. "Deployment". */
  kind: string;
}

export const KIND_INFO: Readonly<Record<ResourceKind, KindInfo>> = {
  namespaces: { group: '', version: 'v1', kind: 'Namespace' },
  pods: { group: '', version: 'v1', kind: 'Pod' },
  services: { group: '', version: 'v1', kind: 'Service' },
  configmaps: { group: '', version: 'v1', kind: 'ConfigMap' },
  deployments: { group: 'apps', version: 'v1', kind: 'Deployment' },
  statefulsets: { group: 'apps', version: 'v1', kind: 'StatefulSet' },
  daemonsets: { group: 'apps', version: 'v1', kind: 'DaemonSet' },
  replicasets: { group: 'apps', version: 'v1', kind: 'ReplicaSet' },
  mutatingwebhookconfigurations: { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingWebhookConfiguration' },
  validatingwebhookconfigurations: { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration' },
  // Owners (issue 13).
  secrets: { group: '', version: 'v1', kind: 'Secret' },
  istios: { group: 'sailoperator.io', version: 'v1', kind: 'Istio' },
  istiorevisions: { group: 'sailoperator.io', version: 'v1', kind: 'IstioRevision' },
  istiorevisiontags: { group: 'sailoperator.io', version: 'v1', kind: 'IstioRevisionTag' },
  leases: { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
  // Blast radius (issue 16): the newest version; ListOptions.version reads an older one where only that is served.
  poddisruptionbudgets: { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' },
  horizontalpodautoscalers: { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' },
  jobs: { group: 'batch', version: 'v1', kind: 'Job' },
};

/**
 * `/api/v1/namespaces/ns/pods[/name]`, `/apis/apps/v1/deployments`, … (namespace ignored for cluster-scoped kinds);
 * `version` replaces the kind's default version of its group (policy/v1beta1 on an old cluster).
 */
export function resourcePath(kind: ResourceKind, namespace?: string, name?: string, version?: string): string {
  const info = KIND_INFO[kind];
  const v = version ?? info.version;
  const base = info.group === '' ? `/api/${v}` : `/apis/${info.group}/${v}`;
  const ns = namespace && !CLUSTER_SCOPED.has(kind) ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const item = name !== undefined ? `/${encodeURIComponent(name)}` : '';
  return `${base}${ns}/${kind}${item}`;
}

/** kubectl's spelling of a resource in RBAC messages: `pods`, `deployments.apps`. */
export function qualifiedResource(kind: ResourceKind): string {
  const group = KIND_INFO[kind].group;
  return group === '' ? kind : `${kind}.${group}`;
}

export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const s = search.toString();
  return s === '' ? '' : `?${s}`;
}
