/**
 * Moving one workload to a revision by its pod template's `istio.io/rev` (pod-level canary, or an in-place gateway
 * upgrade), as a run: lock its namespace, journaled write, wait for its rollout, optionally verify its pods.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { WorkloadRef } from '../mesh/migrationPlan';
import type { WorkloadVerdict } from '../mesh/verification';
import type { Journal } from './journal';
import type { ProgressEvent } from './migrationRunner';
import type { LockConfig } from './namespaceLocks';
import { inRunScope } from './runScope';
import { setWorkloadRevision } from './setWorkloadRevision';
import { verifyNamespaces } from './verifyNamespaces';
import { waitForRollout, type RolloutProgress } from './waitForRollout';

export interface WorkloadMove {
  command: 'workload-first' | 'gateway-move';
  ref: WorkloadRef;
  /** The revision or tag to set. */
  target: string;
  /** Verify the workload's pods afterwards (pod-level canary); a gateway move only waits for its rollout. */
  verify: boolean;
  rolloutTimeoutMs: number;
}

export interface WorkloadMoveResult {
  rollout: RolloutProgress;
  verdict?: WorkloadVerdict;
  passed: boolean;
  runId?: string;
  warnings: string[];
}

export function runWorkloadMove(client: ClusterClient, journal: Journal | undefined, m: WorkloadMove, o: {
  signal?: AbortSignal; onProgress?: (e: ProgressEvent) => void; locks?: LockConfig | false; onNotice?: (message: string) => void;
} = {}): Promise<WorkloadMoveResult> {
  const { ref } = m;
  const report = (step: ProgressEvent['step'], message: string): void => o.onProgress?.({ namespace: ref.namespace, step, message });
  return inRunScope({ client, journal }, {
    command: m.command, target: m.target, namespaces: [ref.namespace], signal: o.signal, locks: o.locks, onNotice: o.onNotice,
  }, async (rc) => {
    report('relabel', `${ref.name}: istio.io/rev=${m.target}`);
    const r = await setWorkloadRevision(client, ref, m.target, { journal: rc.journal, run: rc.run, signal: rc.signal });
    report('wait', ref.name);
    const rollout = await waitForRollout(client, ref, { timeoutMs: m.rolloutTimeoutMs, minGeneration: r.generation, signal: rc.signal });
    if (!m.verify) return { rollout, passed: rollout.done, runId: rc.run?.runId, warnings: rc.warnings };
    report('verify', ref.name);
    const [v] = await verifyNamespaces(client, [ref.namespace], { settleMs: 10_000, signal: rc.signal });
    const verdict = v.workloads.find((x) => x.kind === ref.kind && x.name === ref.name);
    return { rollout, verdict, passed: verdict?.verdict === 'pass', runId: rc.run?.runId, warnings: rc.warnings };
  }, (res) => (res.passed ? { status: 'completed' } : {
    status: 'failed', error: res.verdict ? res.verdict.reasons.join('; ') || 'verification failed' : m.verify ? `${ref.name}: not found when verifying` : res.rollout.summary,
  }));
}
