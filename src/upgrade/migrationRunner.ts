/**
 * Executes a migration plan inside a run scope (runScope.ts): per namespace relabel → rollout restart → wait →
 * verify, with bounded concurrency, cancellation between steps, a journal of every write, and server-side dry run.
 * A wave (stopOnFailure) starts no further namespace after the first failed verification. Restarts and rollbacks
 * are plans too (restartPlan.ts, restorePlan.ts), so all of them share this one path.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { MigrationPlan, NamespacePlan, WorkloadRef } from '../mesh/migrationPlan';
import type { NamespaceVerdict } from '../mesh/verification';
import { plural } from '../mesh/plural';
import { ControlPlaneCache } from './controlPlaneContext';
import type { Journal, RestoreTarget, RunRecord, RunStatus } from './journal';
import type { LockConfig } from './namespaceLocks';
import { relabelNamespace, type RelabelResult } from './relabelNamespace';
import { restartWorkloads } from './restartBatch';
import { showLabels } from './restorePlan';
import { inRunScope, type RunContext } from './runScope';
import { waitForRollouts } from './waitForRollout';
import { verifyNamespaces } from './verifyNamespaces';
import { runPool } from './pool';
import { UpgradeError, errorMessage, throwIfAborted } from './upgradeErrors';
import { ownerShort } from '../mesh/owners/ownerText';
import { DEFAULT_REVERT_WINDOW_MS, revertText, watchForRevert, type Reverted, type RevertWatchResult } from './revertWatch';
import type { NamespaceGateResult } from '../mesh/trafficGate';
import type { NamespaceGate } from './trafficGate';
import { gateBaselineStep, gateJudgeStep } from './gateStep';

export type Step = 'relabel' | 'restart' | 'wait' | 'verify' | 'gate' | 'done' | 'failed' | 'cancelled' | 'reverted';

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
  command?: RunRecord['command'];
  /** A rollback: the run it undoes, and its plan (kept with the run so an interrupted rollback can be resumed). */
  rollbackOf?: string;
  restore?: RestoreTarget[];
  /** Verify also with istiod's /debug/syncz (which control plane each proxy talks to). */
  syncz?: boolean;
  /**
   * The control-plane context the namespaces are verified against (e.g. the one the plan was read with); the run
   * makes its own without it. Shared, it is read once per few seconds for the whole run, not once per namespace.
   */
  controlPlane?: ControlPlaneCache;
  /** A restart a journaled run already chose a timestamp for (resume): that timestamp is sent again. */
  timestampFor?: (ref: WorkloadRef) => string | undefined;
  /** Cross-user namespace locks (default on). */
  locks?: LockConfig | false;
  /** Said as the run goes (waiting on a lock, running without one). */
  onNotice?: (message: string) => void;
  /**
   * A namespace whose owner would revert the relabel (plan.ownerRoute: the user chose "Relabel Anyway" /
   * --ignore-owner) is watched this long after its relabel for the owner putting labels back (0: not watched).
   */
  revertWindowMs?: number;
  revertPollMs?: number;
  /** The traffic gate (trafficGate.ts): a baseline before each namespace, a judgement after its verified rollouts. */
  gate?: NamespaceGate;
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
  /** What the traffic gate saw, when it ran. */
  gate?: NamespaceGateResult;
  error?: string;
  /** The owner put the injection labels back after our relabel (not a failure of the run). */
  reverted?: Reverted;
}

export interface MigrationOutcome {
  runId?: string;
  status: RunStatus | 'dry run';
  namespaces: NamespaceOutcome[];
  /** Said with the result: e.g. a namespace run without a cross-user lock. */
  warnings?: string[];
}

export interface EngineDeps {
  client: ClusterClient;
  journal?: Journal;
}

function labelsText(ns: NamespacePlan): string {
  const a = ns.labelsAfter;
  return a['istio.io/rev'] !== undefined && a['istio-injection'] === undefined ? `istio.io/rev=${a['istio.io/rev']}` : showLabels(a);
}

type OnRelabelled = (relabel: RelabelResult) => void;

async function migrateOne(deps: EngineDeps, plan: MigrationPlan, ns: NamespacePlan, o: MigrateOptions, rc: RunContext, outcome: NamespaceOutcome, onRelabelled?: OnRelabelled): Promise<void> {
  const report = (step: Step, message: string): void => o.onProgress?.({ namespace: ns.namespace, step, message });
  const { client } = deps;
  const { journal, run, signal } = rc;
  const gated = await gateBaselineStep(o.gate, ns, o, signal, (m) => report('gate', m));
  if (gated.failure) {
    outcome.gate = gated.result;
    throw new UpgradeError('verifyFailed', gated.failure);
  }
  throwIfAborted(signal, `${ns.namespace}: relabel`);
  report('relabel', ns.relabel ? labelsText(ns) : 'labels already set');
  outcome.relabel = await relabelNamespace(client, ns.namespace, ns.labelsBefore, ns.labelsAfter, { journal, run, dryRun: o.dryRun, signal });
  onRelabelled?.(outcome.relabel);
  if (o.relabelOnly) {
    outcome.status = o.dryRun ? 'dry run' : 'done';
    report('done', 'relabelled; pods keep their proxies until they restart');
    return;
  }
  const generations = new Map<WorkloadRef, number | undefined>();
  throwIfAborted(signal, `${ns.namespace}: restart`);
  // The namespace's workloads restart together (as `kubectl rollout restart deployment -n NS` does), read with one
  // namespaced LIST per kind, not one GET each. Every restart settles before the namespace fails with the first error.
  for (const ref of ns.restart) report('restart', `${ref.kind} ${ref.name}`);
  const restarts = await restartWorkloads(client, ns.restart, { journal, run, dryRun: o.dryRun, signal, timestampFor: o.timestampFor });
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
  throwIfAborted(signal, `${ns.namespace}: waiting for rollouts`);
  report('wait', plural(ns.restart.length, 'rollout'));
  // One LIST per kind and poll for the whole namespace, not one GET per workload.
  const waits = await waitForRollouts(client, ns.restart.map((ref) => ({ ref, minGeneration: generations.get(ref) })), {
    timeoutMs: o.rolloutTimeoutMs ?? 300_000, signal,
  });
  for (const w of waits) if (w.status === 'rejected') outcome.stuck.push(errorMessage(w.reason));
  const expected = ns.verifyRevision === undefined ? plan.target.revision : ns.verifyRevision;
  if (expected === null) {
    outcome.status = outcome.stuck.length ? 'failed' : 'done';
    if (outcome.stuck.length) outcome.error = outcome.stuck.join(' · ');
    report(outcome.stuck.length ? 'failed' : 'done', outcome.error ?? 'labels restored; not injected, nothing to verify');
    return;
  }
  throwIfAborted(signal, `${ns.namespace}: verify`);
  report('verify', 'reading pods');
  const [verdict] = await verifyNamespaces(client, [ns.namespace], {
    expectedRevision: () => expected, settleMs: o.verifySettleMs ?? 10_000, signal, syncz: o.syncz, controlPlane: o.controlPlane,
  });
  outcome.verdict = verdict;
  const failed = verdict.verdict === 'fail' || outcome.stuck.length > 0;
  outcome.status = failed ? 'failed' : 'done';
  if (failed) outcome.error = [verdict.reason, ...outcome.stuck, ...verdict.workloads.filter((w) => w.verdict === 'fail').map((w) => `${w.name}: ${w.reasons.join('; ')}`)].filter(Boolean).join(' · ');
  if (!failed && o.gate && gated.baseline) {
    report('verify', `verified on ${expected}`);
    const judged = await gateJudgeStep(o.gate, gated.baseline, signal, (m) => report('gate', m));
    outcome.gate = judged.result;
    if (judged.failure) {
      outcome.status = 'failed';
      outcome.error = judged.failure;
    }
  }
  report(outcome.status === 'failed' ? 'failed' : 'done', outcome.status === 'failed' ? outcome.error ?? 'verification failed' : `verified on ${expected}${outcome.gate ? `; traffic gate ${outcome.gate.verdict === 'pass' ? 'passed' : `${outcome.gate.verdict}, continued`}` : ''}`);
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

async function executePlan(deps: EngineDeps, plan: MigrationPlan, o: MigrateOptions, rc: RunContext): Promise<MigrationOutcome> {
  const outcomes = plan.namespaces.map((n): NamespaceOutcome => ({ namespace: n.namespace, status: 'not started', restarted: [], stuck: [] }));
  const watches = new Map<number, Promise<RevertWatchResult>>();
  let stop = false;
  await runPool(plan.namespaces, o.concurrency ?? 1, async (ns, i) => {
    const outcome = outcomes[i];
    const watch = (r: RelabelResult): void => {
      const windowMs = o.revertWindowMs ?? DEFAULT_REVERT_WINDOW_MS;
      if (!ns.ownerRoute || !r.changed || r.dryRun || windowMs <= 0) return;
      const by = ownerShort(ns.ownerRoute.owner);
      o.onProgress?.({ namespace: ns.namespace, step: 'relabel', message: `watching for ${by} putting the labels back (${Math.round(windowMs / 1000)} s)` });
      watches.set(i, watchForRevert(deps.client, ns.namespace, r.after, by, { windowMs, pollMs: o.revertPollMs, signal: rc.signal }));
    };
    try {
      await migrateOne(deps, plan, ns, o, rc, outcome, watch);
    } catch (e) {
      // A lost lock aborts the run's signal too: that is a failure (with why), not the user's cancel.
      const lost = rc.signal.aborted && !o.signal?.aborted ? errorMessage(rc.signal.reason) : undefined;
      const cancelled = !lost && ((e instanceof UpgradeError && e.kind === 'cancelled') || !!o.signal?.aborted);
      outcome.status = cancelled ? 'cancelled' : 'failed';
      outcome.error = lost ?? errorMessage(e);
      o.onProgress?.({ namespace: ns.namespace, step: cancelled ? 'cancelled' : 'failed', message: outcome.error });
    }
    if (outcome.status === 'failed' && o.stopOnFailure) stop = true;
  }, () => stop || rc.signal.aborted);
  for (const [i, watched] of watches) applyRevert(outcomes[i], await watched, o);
  const anyFailed = outcomes.some((n) => n.status === 'failed') || (rc.signal.aborted && !o.signal?.aborted);
  const anyCancelled = outcomes.some((n) => n.status === 'cancelled' || n.status === 'not started');
  const status: MigrationOutcome['status'] = o.dryRun ? 'dry run' : anyFailed ? 'failed' : anyCancelled ? 'cancelled' : 'completed';
  return { runId: rc.run?.runId, status, namespaces: outcomes, ...(rc.warnings.length ? { warnings: rc.warnings } : {}) };
}

/** Runs a plan as one journaled run (or a dry run): locks its namespaces, records where it stopped and why. */
export async function runMigration(deps: EngineDeps, plan: MigrationPlan, options: MigrateOptions = {}): Promise<MigrationOutcome> {
  const o: MigrateOptions = { ...options, controlPlane: options.controlPlane ?? new ControlPlaneCache(deps.client) };
  const names = plan.namespaces.map((n) => n.namespace);
  const command = o.command ?? 'migrate';
  return inRunScope(deps, {
    command, target: command === 'rollback' ? undefined : plan.target.name || undefined, namespaces: names,
    options: command === 'migrate' ? { relabelOnly: o.relabelOnly, concurrency: o.concurrency } : undefined,
    rollbackOf: o.rollbackOf, restore: o.restore, dryRun: o.dryRun, signal: o.signal, locks: o.locks, onNotice: o.onNotice,
  }, (rc) => executePlan(deps, plan, o, rc), (out) => {
    const firstError = out.namespaces.find((n) => n.error && n.status !== 'reverted');
    const stoppedAt = firstError ? `${firstError.namespace}: ${firstError.error}` : undefined;
    return { status: out.status === 'dry run' ? 'completed' : out.status === 'completed' ? 'completed' : out.status === 'cancelled' ? 'cancelled' : 'failed', error: firstError?.error, stoppedAt };
  });
}
