/**
 * Roll back: choose from the journal what to restore (per namespace: the labels before the run, and the labels the
 * run left — or, when its last write there got no answer, either of the two), then run that as a plan
 * (restorePlan.ts) with the same runner as a migration: relabel, restart what is stale, wait, verify. Writes of a
 * run that ended without knowing their outcome (killed, no answer) are read back first (reconcileRun.ts), so the
 * rollback acts on what the cluster shows. A namespace whose journal history is inconsistent (an outcome without
 * its intent — a hand edit —, a namespace not among its run's namespaces, a run that is not in the journal) is
 * flagged and left out unless asked for.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { InjectionLabels } from '../mesh/migrationPlan';
import type { Journal, JournalWrite, RestoreTarget, RunRecord } from './journal';
import { resolveWrites, type ResolvedWrite } from './journalHistory';
import { ControlPlaneCache } from './controlPlaneContext';
import { readScopedInventory } from './scopedInventory';
import { reconcileRun, type Reconciled } from './reconcileRun';
import { planRestore } from './restorePlan';
import { runMigration, type MigrateOptions, type MigrationOutcome } from './migrationRunner';
import { UpgradeError } from './upgradeErrors';

/** A namespace a rollback would touch, with what is doubtful about it. */
export interface RollbackCandidate extends RestoreTarget {
  /** Why its journal history is inconsistent (empty: consistent). Such namespaces are left out unless forced. */
  problems: string[];
  /** The run's last write here has no known outcome: the cluster decides. */
  maybe: boolean;
}

export interface RollbackSelection {
  candidates: RollbackCandidate[];
  /** Journal lines that were skipped (wrong shape). */
  journalWarnings: string[];
}

function toLabels(r: Record<string, string | null>): InjectionLabels {
  const out: InjectionLabels = {};
  if (r['istio-injection'] != null) out['istio-injection'] = r['istio-injection'];
  if (r['istio.io/rev'] != null) out['istio.io/rev'] = r['istio.io/rev'];
  return out;
}

/** One namespace's relabels within one run: restore the first `before`, expect the last `after`. */
function candidate(namespace: string, runId: string, run: RunRecord | undefined, history: ResolvedWrite[]): RollbackCandidate {
  const first = history[0];
  const last = history[history.length - 1];
  const problems: string[] = [];
  if (!run) problems.push(`its run ${runId} is not in the journal`);
  else if (!run.namespaces.includes(namespace)) problems.push(`not among run ${runId}'s namespaces (${run.namespaces.join(', ') || 'none'})`);
  if (history.some((h) => h.noIntent)) problems.push('the journal has an outcome line without its intent (edited by hand?)');
  const maybe = last.fate === 'maybe';
  return {
    namespace, fromRun: runId, restore: toLabels(first.write.before), expected: toLabels(last.write.after),
    ...(maybe ? { alsoAccept: toLabels(last.write.before) } : {}), problems, maybe,
  };
}

/** Relabels of namespaces, per namespace, that may have changed the cluster (applied or unknown), in order. */
function relabels(writes: readonly JournalWrite[]): Map<string, ResolvedWrite[]> {
  const out = new Map<string, ResolvedWrite[]>();
  for (const r of resolveWrites(writes)) {
    if (r.write.kind !== 'namespaces' || r.fate === 'failed') continue;
    out.set(r.write.name, [...(out.get(r.write.name) ?? []), r]);
  }
  return out;
}

export function selectRollback(journal: Journal, sel: { runId?: string; namespaces?: string[]; context: string }): RollbackSelection {
  const journalWarnings = journal.warnings();
  const runs = new Map(journal.runs().map((r) => [r.runId, r]));
  const all = journal.writes().filter((w) => w.context === sel.context);
  if (sel.runId) {
    const run = runs.get(sel.runId);
    if (!run) throw new UpgradeError('refused', `no run ${sel.runId} in the journal`);
    if (run.context !== sel.context) throw new UpgradeError('refused', `run ${sel.runId} was made on ${run.context}, not ${sel.context}`);
    if (run.status === 'running') throw new UpgradeError('refused', `run ${sel.runId} is still running${run.owner ? ` (pid ${run.owner.pid} on ${run.owner.host})` : ''}: let it end first`);
    const candidates = [...relabels(all.filter((w) => w.runId === sel.runId)).entries()]
      .filter(([ns]) => !sel.namespaces || sel.namespaces.includes(ns))
      .map(([ns, history]) => candidate(ns, sel.runId as string, run, history));
    return { candidates, journalWarnings };
  }
  const candidates: RollbackCandidate[] = [];
  for (const namespace of sel.namespaces ?? []) {
    const latest = [...all].reverse().find((w) => w.kind === 'namespaces' && w.name === namespace && w.phase !== 'failed');
    const history = latest && relabels(all.filter((w) => w.runId === latest.runId)).get(namespace);
    if (!latest || !history?.length) throw new UpgradeError('refused', `the journal has no relabel of namespace ${namespace} on ${sel.context}: nothing to roll back to`);
    candidates.push(candidate(namespace, latest.runId, runs.get(latest.runId), history));
  }
  return { candidates, journalWarnings };
}

/** Reads back what the runs involved left unknown, then selects: what the rollback front ends preview. */
export async function prepareRollback(client: ClusterClient, journal: Journal, sel: { runId?: string; namespaces?: string[] }): Promise<RollbackSelection & { reconciled: Reconciled[] }> {
  const first = selectRollback(journal, { ...sel, context: client.context });
  const runIds = [...new Set(sel.runId ? [sel.runId] : first.candidates.map((c) => c.fromRun))];
  const reconciled: Reconciled[] = [];
  for (const id of runIds) {
    if (journal.run(id)?.status !== 'running') reconciled.push(...await reconcileRun(client, journal, id));
  }
  return { ...(reconciled.length ? selectRollback(journal, { ...sel, context: client.context }) : first), reconciled };
}

/** The restore targets a rollback runs: the consistent candidates, or all with `includeFlagged`. */
export function targetsOf(selection: RollbackSelection, includeFlagged = false): RestoreTarget[] {
  return selection.candidates
    .filter((c) => includeFlagged || c.problems.length === 0)
    .map(({ namespace, restore, expected, alsoAccept, fromRun }) => ({ namespace, restore, expected, fromRun, ...(alsoAccept ? { alsoAccept } : {}) }));
}

/** The consistent targets straight from the journal (no read-back): for runs that ended knowing every outcome. */
export function rollbackTargets(journal: Journal, sel: { runId?: string; namespaces?: string[]; context: string }): RestoreTarget[] {
  return targetsOf(selectRollback(journal, sel));
}

export async function runRollback(
  deps: { client: ClusterClient; journal: Journal },
  targets: RestoreTarget[],
  o: Omit<MigrateOptions, 'command' | 'relabelOnly' | 'restore'> & { rollbackOf?: string } = {},
): Promise<MigrationOutcome> {
  const controlPlane = o.controlPlane ?? new ControlPlaneCache(deps.client);
  const inventory = await readScopedInventory(deps.client, targets.map((t) => t.namespace), { controlPlane, signal: o.signal });
  const plan = planRestore(deps.client.context, inventory, targets);
  return runMigration(deps, plan, { ...o, controlPlane, command: 'rollback', restore: targets });
}
