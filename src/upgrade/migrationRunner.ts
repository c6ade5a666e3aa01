/**
 * Executes a migration plan: per namespace relabel → rollout restart → wait → verify, with bounded
 * concurrency, cancellation between steps, a journal of every write, and server-side dry run.
 * A wave (stopOnFailure) starts no further namespace after the first failed verification.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { MigrationPlan, NamespacePlan, WorkloadRef } from '../mesh/migrationPlan';
import type { NamespaceVerdict } from '../mesh/verification';
import { plural } from '../mesh/plural';
import { ControlPlaneCache } from './controlPlaneContext';
import type { Journal, RunRecord, RunStatus } from './journal';
import { relabelNamespace, type RelabelResult } from './relabelNamespace';
import { restartWorkloads } from './restartBatch';
import { waitForRollouts } from './waitForRollout';
import { verifyNamespaces } from './verifyNamespaces';
import { runPool } from './pool';
import { UpgradeError, errorMessage, throwIfAborted } from './upgradeErrors';
import { ownerShort } from '../mesh/owners/ownerText';
import { DEFAULT_REVERT_WINDOW_MS, revertText, watchForRevert, type Reverted, type RevertWatchResult } from './revertWatch';

export type Step = 'relabel' | 'restart' | 'wait' | 'verify' | 'done' | 'failed' | 'cancelled' | 'reverted';

export interface ProgressEvent {
  namespace: string;
  step: Step;
  message: string;
}

export interface MigrateOptions {
  dryRun?: boolean;
  relabelOnly?: boolean;
  concurrency?: number;
  rolloutTimeoutMs?: number;
  verifySettleMs?: number;
  stopOnFailure?: boolean;
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  /** The journal run to use (resume); a new one is started otherwise. */
  run?: RunRecord;
  command?: RunRecord['command'];
  /** Verify also with istiod's /debug/syncz (which control plane each proxy talks to). */
  syncz?: boolean;
  /**
   * The control-plane context the namespaces are verified against (e.g. the one the plan was read with); the run
   * makes its own without it. Shared, it is read once per few seconds for the whole run, not once per namespace.
   */
  controlPlane?: ControlPlaneCache;
  /**
   * A namespace whose owner would revert the relabel (plan.ownerRoute: the user chose "Relabel Anyway" /
   * --ignore-owner) is watched this long after its relabel for the owner putting labels back (0: not watched).
   */
  revertWindowMs?: number;
  revertPollMs?: number;
}

/** `reverted`: our writes were made, then the namespace's owner (GitOps self-heal) put its labels back. */
export type NamespaceStatus = 'done' | 'failed' | 'cancelled' | 'not started' | 'dry run' | 'reverted';

export interface NamespaceOutcome {
  namespace: string;
  status: NamespaceStatus;
  relabel?: RelabelResult;
  restarted: WorkloadRef[];
  stuck: string[];
  verdict?: NamespaceVerdict;
  error?: string;
  /** The owner put the injection labels back after our relabel (not a failure of the run). */
  reverted?: Reverted;
}

export interface MigrationOutcome {
  runId?: string;
  status: RunStatus | 'dry run';
  namespaces: NamespaceOutcome[];
}

export interface EngineDeps {
  client: ClusterClient;
  journal?: Journal;
}

type OnRelabelled = (relabel: RelabelResult) => void;

async function migrateOne(deps: EngineDeps, plan: MigrationPlan, ns: NamespacePlan, o: MigrateOptions, run: RunRecord | undefined, outcome: NamespaceOutcome, onRelabelled?: OnRelabelled): Promise<void> {
  const report = (step: Step, message: string): void => o.onProgress?.({ namespace: ns.namespace, step, message });
  const { client, journal } = deps;
  throwIfAborted(o.signal, `${ns.namespace}: relabel`);
  report('relabel', ns.relabel ? `istio.io/rev=${plan.target.name}` : 'labels already set');
  outcome.relabel = await relabelNamespace(client, ns.namespace, ns.labelsBefore, ns.labelsAfter, { journal, run, dryRun: o.dryRun, signal: o.signal });
  onRelabelled?.(outcome.relabel);
  if (o.relabelOnly) {
    outcome.status = o.dryRun ? 'dry run' : 'done';
    report('done', 'relabelled; pods keep their proxies until they restart');
    return;
  }
  const generations = new Map<WorkloadRef, number | undefined>();
  throwIfAborted(o.signal, `${ns.namespace}: restart`);
  // The namespace's workloads restart together (as `kubectl rollout restart deployment -n NS` does), read with one
  // namespaced LIST per kind, not one GET each. Every restart settles before the namespace fails with the first error.
  for (const ref of ns.restart) report('restart', `${ref.kind} ${ref.name}`);
  const restarts = await restartWorkloads(client, ns.restart, { journal, run, dryRun: o.dryRun, signal: o.signal });
  restarts.forEach((r, i) => {
    if (r.status === 'rejected') return;
    generations.set(ns.restart[i], r.value.generation);
    outcome.restarted.push(ns.restart[i]);
  });
  const failure = restarts.find((r) => r.status === 'rejected');
  if (failure) throw failure.reason;
  if (o.dryRun) {
    outcome.status = 'dry run';
    report('done', `dry run: would relabel${ns.restart.length ? ` and restart ${plural(ns.restart.length, 'workload')}` : ''}`);
    return;
  }
  throwIfAborted(o.signal, `${ns.namespace}: waiting for rollouts`);
  report('wait', plural(ns.restart.length, 'rollout'));
  // One LIST per kind and poll for the whole namespace, not one GET per workload.
  const waits = await waitForRollouts(client, ns.restart.map((ref) => ({ ref, minGeneration: generations.get(ref) })), {
    timeoutMs: o.rolloutTimeoutMs ?? 300_000, signal: o.signal,
  });
  for (const w of waits) if (w.status === 'rejected') outcome.stuck.push(errorMessage(w.reason));
  throwIfAborted(o.signal, `${ns.namespace}: verify`);
  report('verify', 'reading pods');
  const [verdict] = await verifyNamespaces(client, [ns.namespace], {
    expectedRevision: () => plan.target.revision, settleMs: o.verifySettleMs ?? 10_000, signal: o.signal, syncz: o.syncz, controlPlane: o.controlPlane,
  });
  outcome.verdict = verdict;
  const failed = verdict.verdict === 'fail' || outcome.stuck.length > 0;
  outcome.status = failed ? 'failed' : 'done';
  if (failed) outcome.error = [verdict.reason, ...outcome.stuck, ...verdict.workloads.filter((w) => w.verdict === 'fail').map((w) => `${w.name}: ${w.reasons.join('; ')}`)].filter(Boolean).join(' · ');
  report(failed ? 'failed' : 'done', failed ? outcome.error ?? 'verification failed' : `verified on ${plan.target.revision}`);
}

/**
 * The owner's revert is its doing, not a failure of ours: a namespace we relabelled (and, unless our own rollouts
 * got stuck, verified) becomes `reverted`; its error says what the owner did and what verify saw meanwhile.
 */
function applyRevert(outcome: NamespaceOutcome, watched: RevertWatchResult, o: MigrateOptions): void {
  if (!watched.reverted) return;
  outcome.reverted = watched.reverted;
  const text = revertText(watched.reverted);
  if (outcome.status === 'done' || (outcome.status === 'failed' && outcome.stuck.length === 0 && outcome.verdict)) {
    outcome.error = outcome.status === 'failed' ? `${text}; verify then: ${outcome.error ?? 'failed'}` : text;
    outcome.status = 'reverted';
  }
  o.onProgress?.({ namespace: outcome.namespace, step: 'reverted', message: text.replace(/^reverted /, '') });
}

export async function runMigration(deps: EngineDeps, plan: MigrationPlan, options: MigrateOptions = {}): Promise<MigrationOutcome> {
  const { journal } = deps;
  const o: MigrateOptions = { ...options, controlPlane: options.controlPlane ?? new ControlPlaneCache(deps.client) };
  let run = o.run;
  if (!o.dryRun && journal && !run) {
    run = journal.startRun({
      command: o.command ?? 'migrate', context: plan.context, target: plan.target.name,
      namespaces: plan.namespaces.map((n) => n.namespace),
      options: { relabelOnly: o.relabelOnly, concurrency: o.concurrency },
    });
  }
  const outcomes = plan.namespaces.map((n): NamespaceOutcome => ({ namespace: n.namespace, status: 'not started', restarted: [], stuck: [] }));
  const watches = new Map<number, Promise<RevertWatchResult>>();
  let stop = false;
  let stoppedAt: string | undefined;
  await runPool(plan.namespaces, o.concurrency ?? 1, async (ns, i) => {
    const outcome = outcomes[i];
    const watch = (r: RelabelResult): void => {
      const windowMs = o.revertWindowMs ?? DEFAULT_REVERT_WINDOW_MS;
      if (!ns.ownerRoute || !r.changed || r.dryRun || windowMs <= 0) return;
      const by = ownerShort(ns.ownerRoute.owner);
      o.onProgress?.({ namespace: ns.namespace, step: 'relabel', message: `watching for ${by} putting the labels back (${Math.round(windowMs / 1000)} s)` });
      watches.set(i, watchForRevert(deps.client, ns.namespace, r.after, by, { windowMs, pollMs: o.revertPollMs, signal: o.signal }));
    };
    try {
      await migrateOne(deps, plan, ns, o, run, outcome, watch);
    } catch (e) {
      const cancelled = (e instanceof UpgradeError && e.kind === 'cancelled') || o.signal?.aborted;
      outcome.status = cancelled ? 'cancelled' : 'failed';
      outcome.error = errorMessage(e);
      stoppedAt ??= `${ns.namespace}: ${outcome.error}`;
      o.onProgress?.({ namespace: ns.namespace, step: cancelled ? 'cancelled' : 'failed', message: outcome.error });
    }
    if (outcome.status === 'failed' && o.stopOnFailure) stop = true;
  }, () => stop || !!o.signal?.aborted);
  for (const [i, watched] of watches) applyRevert(outcomes[i], await watched, o);

  const anyFailed = outcomes.some((n) => n.status === 'failed');
  const anyCancelled = outcomes.some((n) => n.status === 'cancelled' || n.status === 'not started');
  const status: MigrationOutcome['status'] = o.dryRun ? 'dry run' : anyFailed ? 'failed' : anyCancelled ? 'cancelled' : 'completed';
  if (run && journal && status !== 'dry run') {
    const firstError = outcomes.find((n) => n.error && n.status !== 'reverted')?.error;
    run = journal.updateRun(run, { status, stoppedAt: status === 'completed' ? undefined : stoppedAt ?? firstError, error: firstError });
  }
  return { runId: run?.runId, status, namespaces: outcomes };
}
