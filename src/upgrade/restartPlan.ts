/**
 * A restart is a migration onto the labels a namespace already has: no relabel, the chosen workloads
 * restarted, then verified against the namespace's current target. Sharing the runner keeps one code path
 * for journaling, cancellation and verification.
 */
import type { MeshSnapshot, NamespaceBinding } from '../mesh/model';
import type { InjectionLabels, MigrationPlan, NamespacePlan, WorkloadRef } from '../mesh/migrationPlan';
import { injectionLabelsOf } from '../mesh/migrationPlan';

export type RestartScope = 'stale' | 'all';

export function restartableRefs(ns: NamespaceBinding, scope: RestartScope, only?: ReadonlySet<string>): { refs: WorkloadRef[]; paused: string[] } {
  const refs: WorkloadRef[] = [];
  const paused: string[] = [];
  for (const w of ns.workloads) {
    if (only && !only.has(`${w.kind}/${w.name}`)) continue;
    if (w.kind !== 'Deployment' && w.kind !== 'StatefulSet' && w.kind !== 'DaemonSet') continue;
    if (scope === 'stale' && !only && !w.pods.some((p) => p.needsRestart)) continue;
    if (w.paused) {
      paused.push(w.name);
      continue;
    }
    if (!w.restartable) continue;
    refs.push({ kind: w.kind, namespace: ns.name, name: w.name });
  }
  return { refs, paused };
}

export function restartPlan(snapshot: MeshSnapshot, selections: { namespace: string; refs: WorkloadRef[] }[]): MigrationPlan {
  const namespaces: NamespacePlan[] = [];
  let target: MigrationPlan['target'] = { name: '', kind: 'revision', revision: '' };
  for (const sel of selections) {
    const ns = snapshot.namespaces.find((n) => n.name === sel.namespace);
    const labels: InjectionLabels = injectionLabelsOf(ns?.labels);
    if (ns?.target && selections.length === 1) {
      const rev = snapshot.revisions.find((r) => r.name === ns.target?.revision);
      target = { name: ns.target.tag ?? ns.target.revision, kind: ns.target.tag ? 'tag' : 'revision', revision: ns.target.revision, version: rev?.version };
    }
    namespaces.push({
      namespace: sel.namespace, labelsBefore: labels, labelsAfter: labels, relabel: false,
      patch: { metadata: { labels: {} } }, restart: sel.refs, blocked: [], proxies: 0, staleAfter: 0,
    });
  }
  return { context: snapshot.context, target, namespaces, warnings: [], kubectl: [] };
}
