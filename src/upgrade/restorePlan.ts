/**
 * A rollback as a migration plan (pure): per namespace, from the labels our run left (or, when its last write's
 * outcome is unknown, the labels before it) back to the journaled labels before the run; the workloads that are
 * stale once they are back restart, and verify expects each namespace's restored revision. The plan is made from
 * the cluster as it is now: a namespace someone else relabelled since is flagged and left alone at run time.
 */
import type { ClusterInventory, KNamespace } from '../mesh/kubeObjects';
import {
  classify, injectionLabelsOf, labelPatch, withLabels, type BlockedWorkload, type InjectionLabels, type MigrationPlan, type NamespacePlan,
  type PlanWarning, type WorkloadRef,
} from '../mesh/migrationPlan';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import type { RestoreTarget } from './journal';

export function sameLabels(a: InjectionLabels, b: InjectionLabels): boolean {
  return a['istio-injection'] === b['istio-injection'] && a['istio.io/rev'] === b['istio.io/rev'];
}

export function showLabels(l: InjectionLabels): string {
  return Object.entries(l).map(([k, v]) => `${k}=${v}`).join(', ') || 'no injection labels';
}

/** The target name a rollback plan carries (it has one revision per namespace, not one target). */
export const RESTORE_TARGET = 'the journaled labels';

export function planRestore(context: string, inventory: ClusterInventory, targets: readonly RestoreTarget[]): MigrationPlan {
  const warnings: PlanWarning[] = [];
  const present = new Map(inventory.namespaces.map((n: KNamespace) => [n.metadata.name, n]));
  const kept = targets.filter((t) => {
    if (present.has(t.namespace)) return true;
    warnings.push({ severity: 'error', namespace: t.namespace, message: `${t.namespace} no longer exists in ${context}: nothing to restore.` });
    return false;
  });
  const changes = new Map(kept.map((t) => [t.namespace, t.restore]));
  const after = buildSnapshot(context, withLabels(inventory, changes));
  const now = buildSnapshot(context, inventory);
  const namespaces: NamespacePlan[] = [];
  const kubectl: string[] = [];
  for (const t of kept) {
    const current = injectionLabelsOf(present.get(t.namespace)?.metadata.labels);
    const ours = [t.restore, t.expected, ...(t.alsoAccept ? [t.alsoAccept] : [])].some((l) => sameLabels(current, l));
    if (!ours) {
      warnings.push({ severity: 'error', namespace: t.namespace, message: `${t.namespace}: its injection labels changed since run ${t.fromRun} (expected ${showLabels(t.expected)}, found ${showLabels(current)}); not overwriting someone else's change.` });
    }
    const labelsBefore = ours ? current : t.expected;
    const patch = labelPatch(labelsBefore, t.restore);
    const relabel = Object.keys(patch.metadata.labels).length > 0;
    const next = after.namespaces.find((n) => n.name === t.namespace);
    const old = now.namespaces.find((n) => n.name === t.namespace);
    const restart: WorkloadRef[] = [];
    const blocked: BlockedWorkload[] = [];
    for (const w of next?.workloads ?? []) {
      const c = classify(w);
      if (c.restart) restart.push(c.restart);
      if (c.blocked) blocked.push(c.blocked);
    }
    for (const b of blocked) warnings.push({ severity: 'warning', namespace: t.namespace, message: `${t.namespace}/${b.name}: ${b.reason}. ${b.advice}` });
    namespaces.push({
      namespace: t.namespace, labelsBefore, labelsAfter: t.restore, relabel, patch, restart, blocked,
      proxies: old?.workloads.reduce((n, w) => n + w.pods.filter((p) => p.injected).length, 0) ?? 0,
      staleAfter: next?.workloads.reduce((n, w) => n + w.pods.filter((p) => p.needsRestart).length, 0) ?? 0,
      verifyRevision: next?.target?.revision ?? null,
    });
    if (relabel) {
      const parts = Object.entries(patch.metadata.labels).map(([k, v]) => (v === null ? `${k}-` : `${k}=${v}`));
      kubectl.push(`kubectl --context ${context} label namespace ${t.namespace} ${parts.join(' ')} --overwrite`);
    }
    for (const r of restart) kubectl.push(`kubectl --context ${context} rollout restart ${r.kind.toLowerCase()}/${r.name} -n ${t.namespace}`);
  }
  return { context, target: { name: RESTORE_TARGET, kind: 'revision', revision: '' }, namespaces, warnings, kubectl };
}
