/**
 * Can one workload move to a revision on its own (pod-template `istio.io/rev`)? Only when its namespace has
 * neither injection label: a namespace `istio.io/rev` wins over the pod's, and `istio-injection` wins over
 * both (istio-model.md M5.1–M5.3, istio/istio#42654). Pure.
 */
import type { MeshSnapshot, Workload } from './model';
import { resolveTarget, type MigrationTarget } from './migrationPlan';

export type PodLevelCheck = { ok: true; target: MigrationTarget; workload: Workload } | { ok: false; reason: string };

/** Why this workload cannot be moved on its own, whatever the target; undefined when it can. */
export function podLevelBlocker(snapshot: MeshSnapshot, namespace: string, kind: string, name: string): string | undefined {
  const r = checkWorkload(snapshot, namespace, kind, name);
  return r.ok ? undefined : r.reason;
}

function checkWorkload(snapshot: MeshSnapshot, namespace: string, kind: string, name: string): { ok: true; workload: Workload } | { ok: false; reason: string } {
  const ns = snapshot.namespaces.find((n) => n.name === namespace);
  if (!ns) return { ok: false, reason: `Namespace ${namespace} not found.` };
  const workload = ns.workloads.find((w) => w.kind === kind && w.name === name);
  if (!workload) return { ok: false, reason: `${kind} ${namespace}/${name} not found.` };
  if (workload.kind !== 'Deployment' && workload.kind !== 'StatefulSet' && workload.kind !== 'DaemonSet') {
    return { ok: false, reason: `A ${workload.kind} has no pod template to label: only Deployments, StatefulSets and DaemonSets can be moved one at a time.` };
  }
  const injection = ns.labels['istio-injection'];
  const rev = ns.labels['istio.io/rev'];
  if (injection === 'disabled') return { ok: false, reason: `Namespace ${namespace} has istio-injection=disabled: no webhook matches its pods, so a pod-level istio.io/rev would be ignored.` };
  if (injection !== undefined) return { ok: false, reason: `Namespace ${namespace} has istio-injection=${injection}, which takes precedence over any istio.io/rev: Istio would ignore a pod-level label. Migrate the whole namespace instead, or remove its label first.` };
  if (rev !== undefined) return { ok: false, reason: `Namespace ${namespace} has istio.io/rev=${rev}: the namespace label wins over the pod's, so Istio would ignore a pod-level istio.io/rev. Migrate the whole namespace instead, or remove its label first.` };
  if (workload.paused) return { ok: false, reason: `${kind} ${namespace}/${name} is paused: changing its template would not replace its pods. Resume it first.` };
  return { ok: true, workload };
}

export function checkPodLevelCanary(snapshot: MeshSnapshot, namespace: string, kind: string, name: string, targetName: string): PodLevelCheck {
  const w = checkWorkload(snapshot, namespace, kind, name);
  if (!w.ok) return w;
  const target = resolveTarget(snapshot, targetName);
  if (!target) return { ok: false, reason: `"${targetName}" is neither a revision nor a tag.` };
  return { ok: true, target, workload: w.workload };
}
