/**
 * Grouping a namespace's pods under their workloads: Deployment (through its ReplicaSet), StatefulSet,
 * DaemonSet, Job, bare Pod, standalone ReplicaSet, or Other (any other owner kind).
 */
import type { Workload, WorkloadKindName } from './model';
import { LABEL_POD_TEMPLATE_HASH, LABEL_REV } from './labels';
import { type PodTemplateMeta, podTemplateMetaOf, workloadTemplateMeta } from './podTemplate';
import { labelsOf, nameOf, ownerOf, rec } from './untrusted';

export interface WorkloadGroup {
  /** Workload without pods; the builder fills `pods`. */
  workload: Workload;
  /** Pod template of the workload object, when it is known (a restart creates pods from it). */
  template?: PodTemplateMeta;
  members: unknown[];
}

export interface NamespaceWorkloadObjects {
  deployments: unknown[];
  statefulSets: unknown[];
  daemonSets: unknown[];
}

/** `<deployment>-<pod-template-hash>` → deployment name (hash from the pod label, else the last segment). */
export function deploymentNameFromReplicaSet(replicaSet: string, podTemplateHash: string | undefined): string | undefined {
  if (podTemplateHash && replicaSet.endsWith(`-${podTemplateHash}`)) return replicaSet.slice(0, -(podTemplateHash.length + 1));
  const dash = replicaSet.lastIndexOf('-');
  return dash > 0 ? replicaSet.slice(0, dash) : undefined;
}

export function groupWorkloads(namespace: string, pods: unknown[], objects: NamespaceWorkloadObjects): WorkloadGroup[] {
  const groups = new Map<string, WorkloadGroup>();
  const objectGroup = (kind: WorkloadKindName, obj: unknown): void => {
    const name = nameOf(obj);
    const template = workloadTemplateMeta(obj);
    const paused = kind === 'Deployment' && rec(obj, 'spec').paused === true;
    // OnDelete: a rollout restart changes the template but replaces no pod (istio-model.md M8.3).
    const onDelete = kind !== 'Deployment' && rec(rec(obj, 'spec'), 'updateStrategy').type === 'OnDelete';
    const workload: Workload = { kind, name, namespace, restartable: !paused && !onDelete, pods: [] };
    if (kind === 'Deployment') workload.paused = paused;
    if (onDelete) workload.onDelete = true;
    const rev = template.labels[LABEL_REV];
    if (rev !== undefined) workload.templateRevision = rev;
    groups.set(`${kind}/${name}`, { workload, template, members: [] });
  };
  for (const d of objects.deployments) objectGroup('Deployment', d);
  for (const s of objects.statefulSets) objectGroup('StatefulSet', s);
  for (const d of objects.daemonSets) objectGroup('DaemonSet', d);

  const ensure = (key: string, kind: WorkloadKindName, name: string, restartable: boolean, ownerKind?: string): WorkloadGroup => {
    let g = groups.get(key);
    if (!g) {
      const workload: Workload = { kind, name, namespace, restartable, pods: [] };
      if (ownerKind) workload.ownerKind = ownerKind;
      g = { workload, members: [] };
      groups.set(key, g);
    }
    return g;
  };

  for (const pod of pods) {
    const owner = ownerOf(pod);
    let group: WorkloadGroup;
    if (!owner) {
      group = ensure(`Pod/${nameOf(pod)}`, 'Pod', nameOf(pod), false);
    } else if (owner.kind === 'ReplicaSet') {
      const dep = deploymentNameFromReplicaSet(owner.name, labelsOf(pod)[LABEL_POD_TEMPLATE_HASH]);
      const existing = dep !== undefined ? groups.get(`Deployment/${dep}`) : undefined;
      group = existing ?? ensure(`ReplicaSet/${owner.name}`, 'ReplicaSet', owner.name, false);
    } else if (owner.kind === 'StatefulSet' || owner.kind === 'DaemonSet') {
      group = ensure(`${owner.kind}/${owner.name}`, owner.kind, owner.name, true);
    } else if (owner.kind === 'Job') {
      group = ensure(`Job/${owner.name}`, 'Job', owner.name, false);
    } else {
      group = ensure(`Other/${owner.kind}/${owner.name}`, 'Other', owner.name, false, owner.kind);
    }
    group.members.push(pod);
  }

  for (const g of groups.values()) {
    g.members.sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
    if (!g.template && g.workload.templateRevision === undefined && g.members.length > 0) {
      const rev = podTemplateMetaOf(g.members[0]).labels[LABEL_REV];
      if (rev !== undefined) g.workload.templateRevision = rev;
    }
  }
  return [...groups.values()].sort((a, b) =>
    a.workload.kind.localeCompare(b.workload.kind) || a.workload.name.localeCompare(b.workload.name)
    || (a.workload.ownerKind ?? '').localeCompare(b.workload.ownerKind ?? ''));
}
