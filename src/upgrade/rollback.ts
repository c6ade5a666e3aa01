/**
 * Roll back: put namespaces' injection labels back exactly as the journal recorded them before a run (or
 * before their latest relabel), then restart what is stale and verify. Refuses a namespace whose labels were
 * changed by someone else after our write. The rollback is itself a journaled run, so it can be undone too.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { InjectionLabels } from '../mesh/migrationPlan';
import { planMigration } from '../mesh/migrationPlan';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import type { Journal, JournalWrite, RunRecord } from './journal';
import { ControlPlaneCache } from './controlPlaneContext';
import { readScopedInventory } from './scopedInventory';
import { relabelNamespace } from './relabelNamespace';
import { restartWorkload } from './restartWorkload';
import { waitForRollout } from './waitForRollout';
import { verifyNamespaces } from './verifyNamespaces';
import { UpgradeError, errorMessage, throwIfAborted } from './upgradeErrors';
import type { MigrateOptions, NamespaceOutcome, MigrationOutcome } from './migrationRunner';

export interface RollbackTarget {
  namespace: string;
  /** The labels to restore (from the journal's `before`). */
  restore: InjectionLabels;
  /** The labels our write left (from the journal's `after`): current labels must still be these. */
  expected: InjectionLabels;
  fromRun: string;
}

function toLabels(r: Record<string, string | null>): InjectionLabels {
  const out: InjectionLabels = {};
  if (r['istio-injection'] != null) out['istio-injection'] = r['istio-injection'];
  if (r['istio.io/rev'] != null) out['istio.io/rev'] = r['istio.io/rev'];
  return out;
}

/** Applied namespace relabels of a run (first write per namespace wins: that is the true "before"). */
function relabelsOf(writes: JournalWrite[]): Map<string, { first: JournalWrite; last: JournalWrite }> {
  const out = new Map<string, { first: JournalWrite; last: JournalWrite }>();
  for (const w of writes) {
    if (w.kind !== 'namespaces' || w.phase !== 'applied') continue;
    const seen = out.get(w.name);
    out.set(w.name, { first: seen?.first ?? w, last: w });
  }
  return out;
}

export function rollbackTargets(journal: Journal, sel: { runId?: string; namespaces?: string[]; context: string }): RollbackTarget[] {
  const all = journal.writes().filter((w) => w.context === sel.context);
  if (sel.runId) {
    const run = journal.run(sel.runId);
    if (!run) throw new UpgradeError('refused', `no run ${sel.runId} in the journal`);
    if (run.context !== sel.context) throw new UpgradeError('refused', `run ${sel.runId} was made on ${run.context}, not ${sel.context}`);
    const per = relabelsOf(all.filter((w) => w.runId === sel.runId));
    return [...per.entries()]
      .filter(([ns]) => !sel.namespaces || sel.namespaces.includes(ns))
      .map(([namespace, w]) => ({ namespace, restore: toLabels(w.first.before), expected: toLabels(w.last.after), fromRun: sel.runId as string }));
  }
  const targets: RollbackTarget[] = [];
  for (const namespace of sel.namespaces ?? []) {
    const latest = [...all].reverse().find((w) => w.kind === 'namespaces' && w.phase === 'applied' && w.name === namespace);
    if (!latest) throw new UpgradeError('refused', `the journal has no relabel of namespace ${namespace} on ${sel.context}: nothing to roll back to`);
    targets.push({ namespace, restore: toLabels(latest.before), expected: toLabels(latest.after), fromRun: latest.runId });
  }
  return targets;
}

export async function runRollback(
  deps: { client: ClusterClient; journal: Journal },
  targets: RollbackTarget[],
  o: Omit<MigrateOptions, 'run' | 'command' | 'relabelOnly'> & { rollbackOf?: string } = {},
): Promise<MigrationOutcome> {
  const { client, journal } = deps;
  const controlPlane = o.controlPlane ?? new ControlPlaneCache(client);
  let run: RunRecord | undefined;
  if (!o.dryRun) {
    run = journal.startRun({ command: 'rollback', context: client.context, namespaces: targets.map((t) => t.namespace), rollbackOf: o.rollbackOf });
  }
  const outcomes: NamespaceOutcome[] = [];
  for (const t of targets) {
    const outcome: NamespaceOutcome = { namespace: t.namespace, status: 'not started', restarted: [], stuck: [] };
    outcomes.push(outcome);
    const report = (step: 'relabel' | 'restart' | 'wait' | 'verify' | 'done' | 'failed' | 'cancelled', message: string): void => o.onProgress?.({ namespace: t.namespace, step, message });
    try {
      throwIfAborted(o.signal, `${t.namespace}: restore labels`);
      report('relabel', 'restoring labels');
      outcome.relabel = await relabelNamespace(client, t.namespace, t.expected, t.restore, { journal, run, dryRun: o.dryRun, signal: o.signal });
      // What is stale now is whatever the restored labels say: plan against them to find the restarts.
      const inventory = await readScopedInventory(client, [t.namespace], { controlPlane, signal: o.signal });
      const snapshot = buildSnapshot(client.context, inventory);
      const ns = snapshot.namespaces.find((n) => n.name === t.namespace);
      const restoredTarget = ns?.target?.revision;
      const restarts = ns?.workloads.filter((w) => w.restartable && !w.paused && w.pods.some((p) => p.needsRestart)) ?? [];
      for (const w of restarts) {
        throwIfAborted(o.signal, `${t.namespace}: restart ${w.name}`);
        report('restart', `${w.kind} ${w.name}`);
        const ref = { kind: w.kind as 'Deployment' | 'StatefulSet' | 'DaemonSet', namespace: w.namespace, name: w.name };
        const r = await restartWorkload(client, ref, { journal, run, dryRun: o.dryRun, signal: o.signal });
        outcome.restarted.push(ref);
        if (!o.dryRun) {
          report('wait', `${w.name}`);
          await waitForRollout(client, ref, { timeoutMs: o.rolloutTimeoutMs ?? 300_000, minGeneration: r.generation, signal: o.signal })
            .catch((e: unknown) => outcome.stuck.push(errorMessage(e)));
        }
      }
      if (o.dryRun) {
        outcome.status = 'dry run';
        continue;
      }
      if (restoredTarget) {
        report('verify', 'reading pods');
        [outcome.verdict] = await verifyNamespaces(client, [t.namespace], { expectedRevision: () => restoredTarget, settleMs: o.verifySettleMs ?? 10_000, signal: o.signal, controlPlane });
      }
      const failed = outcome.verdict?.verdict === 'fail' || outcome.stuck.length > 0;
      outcome.status = failed ? 'failed' : 'done';
      if (failed) outcome.error = [outcome.verdict?.reason, ...outcome.stuck].filter(Boolean).join(' · ') || 'verification failed';
      report(failed ? 'failed' : 'done', failed ? outcome.error ?? '' : 'labels restored');
    } catch (e) {
      outcome.status = o.signal?.aborted ? 'cancelled' : 'failed';
      outcome.error = errorMessage(e);
      report(outcome.status === 'cancelled' ? 'cancelled' : 'failed', outcome.error);
      if (o.signal?.aborted) break;
    }
  }
  const anyFailed = outcomes.some((n) => n.status === 'failed');
  const cancelled = outcomes.some((n) => n.status === 'cancelled') || outcomes.length < targets.length;
  const status: MigrationOutcome['status'] = o.dryRun ? 'dry run' : anyFailed ? 'failed' : cancelled ? 'cancelled' : 'completed';
  if (run && status !== 'dry run') journal.updateRun(run, { status, error: outcomes.find((n) => n.error)?.error });
  return { runId: run?.runId, status, namespaces: outcomes };
}

/** Resume = plan the same target again for the namespaces the run did not finish; every step is idempotent. */
export function planResume(client: ClusterClient, run: RunRecord, inventory: Parameters<typeof planMigration>[1]) {
  if (!run.target) throw new UpgradeError('refused', `run ${run.runId} has no target to resume`);
  return planMigration(client.context, inventory, run.namespaces, run.target);
}
