/**
 * Resuming an interrupted (or failed, or cancelled) migration, restart or rollback: first its writes left without a
 * known outcome are read back (reconcileRun.ts), then the same work is planned again from the cluster as it is now —
 * what is done stays done (relabels are idempotent), and a restart the run had already sent is sent again with the
 * same journaled timestamp, so it is not a second rollout. The old run is marked handled ("resumed by …").
 */
import type { ClusterClient } from '../kube/clusterClient';
import { planMigration, type MigrationPlan, type WorkloadRef } from '../mesh/migrationPlan';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { ControlPlaneCache } from './controlPlaneContext';
import type { Journal, RunRecord } from './journal';
import { resolveWrites } from './journalHistory';
import { runMigration, type MigrateOptions, type MigrationOutcome } from './migrationRunner';
import { reconcileRun, type Reconciled } from './reconcileRun';
import { restartPlan, restartableRefs } from './restartPlan';
import { RESTARTED_AT, resourceOf } from './restartWorkload';
import { planRestore } from './restorePlan';
import { readScopedInventory } from './scopedInventory';
import { UpgradeError } from './upgradeErrors';

export interface ResumePlan {
  run: RunRecord;
  plan: MigrationPlan;
  reconciled: Reconciled[];
  /** Restart timestamps the run journaled, per workload (`deployments/ns/name`). */
  timestamps: Map<string, string>;
  controlPlane: ControlPlaneCache;
}

export const RESUMABLE: ReadonlySet<RunRecord['command']> = new Set(['migrate', 'restart', 'rollback']);

const workloadKey = (ref: WorkloadRef): string => `${resourceOf(ref)}/${ref.namespace}/${ref.name}`;

export async function planResumeRun(client: ClusterClient, journal: Journal, runId: string): Promise<ResumePlan> {
  const run = journal.run(runId);
  if (!run) throw new UpgradeError('refused', `no run ${runId} in the journal ${journal.dir}`);
  if (!RESUMABLE.has(run.command)) throw new UpgradeError('refused', `run ${runId} is a ${run.command} run: only migrate, restart and rollback runs can be resumed`);
  if (run.status === 'completed') throw new UpgradeError('refused', `run ${runId} completed: nothing to resume`);
  const reconciled = await reconcileRun(client, journal, runId);
  const controlPlane = new ControlPlaneCache(client);
  const inventory = await readScopedInventory(client, run.namespaces, { controlPlane });
  let plan: MigrationPlan;
  if (run.command === 'rollback') {
    if (!run.restore?.length) throw new UpgradeError('refused', `rollback run ${runId} recorded no plan (an older journal): roll back its source run${run.rollbackOf ? ` ${run.rollbackOf}` : ''} again instead`);
    plan = planRestore(client.context, inventory, run.restore);
  } else if (run.command === 'restart') {
    const snapshot = buildSnapshot(client.context, inventory);
    plan = restartPlan(snapshot, run.namespaces.map((name) => {
      const ns = snapshot.namespaces.find((n) => n.name === name);
      return { namespace: name, refs: ns ? restartableRefs(ns, 'stale').refs : [] };
    }));
  } else {
    if (!run.target) throw new UpgradeError('refused', `run ${runId} has no target to resume`);
    const planned = planMigration(client.context, inventory, run.namespaces, run.target);
    if (!planned.ok) throw new UpgradeError('refused', `cannot resume run ${runId}: ${planned.error}`);
    plan = planned.plan;
  }
  // Every restart the run sent (or meant to): sending the same value again is no second rollout if it did land after all.
  const timestamps = new Map<string, string>();
  for (const r of resolveWrites(journal.writes(runId))) {
    const at = r.write.after[RESTARTED_AT];
    if (r.write.field === 'spec.template.metadata.annotations' && at) timestamps.set(`${r.write.kind}/${r.write.namespace ?? ''}/${r.write.name}`, at);
  }
  return { run, plan, reconciled, timestamps, controlPlane };
}

/** Runs a resume plan as a new run and marks the old one resumed by it. */
export async function runResume(deps: { client: ClusterClient; journal: Journal }, rp: ResumePlan, o: MigrateOptions = {}): Promise<MigrationOutcome> {
  const { run } = rp;
  const outcome = await runMigration(deps, rp.plan, {
    ...o, command: run.command, controlPlane: rp.controlPlane,
    relabelOnly: run.options?.relabelOnly, concurrency: o.concurrency ?? run.options?.concurrency,
    rollbackOf: run.rollbackOf, restore: run.restore,
    timestampFor: (ref) => rp.timestamps.get(workloadKey(ref)),
  });
  if (outcome.runId) markHandled(deps.journal, run, 'resumed', outcome.runId);
  return outcome;
}

/** An interrupted (or failed) run that was dismissed, resumed or undone: it is not offered again. */
export function markHandled(journal: Journal, run: RunRecord, how: 'dismissed' | 'resumed' | 'undone', by?: string): RunRecord {
  return journal.updateRun(run, { handled: { how, ...(by ? { by } : {}), at: new Date().toISOString() } });
}
