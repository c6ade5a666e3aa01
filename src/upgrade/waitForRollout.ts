/** Waits until a restarted workload's rollout is complete (kubectl rollout status semantics), or reports it stuck. */
import type { ClusterClient } from '../kube/clusterClient';
import type { KWorkload } from '../mesh/kubeObjects';
import type { WorkloadRef } from '../mesh/migrationPlan';
import { resourceOf } from './restartWorkload';
import { UpgradeError } from './upgradeErrors';

export interface RolloutProgress {
  done: boolean;
  /** e.g. "2 of 3 updated, 1 ready". */
  summary: string;
}

export function rolloutProgress(ref: WorkloadRef, w: KWorkload, minGeneration?: number): RolloutProgress {
  const s = w.status ?? {};
  const generation = Math.max(w.metadata.generation ?? 0, minGeneration ?? 0);
  if ((s.observedGeneration ?? 0) < generation) return { done: false, summary: 'waiting for the controller to see the change' };
  if (ref.kind === 'DaemonSet') {
    const desired = s.desiredNumberScheduled ?? 0;
    const updated = s.updatedNumberScheduled ?? 0;
    const ready = s.numberReady ?? 0;
    return { done: updated >= desired && ready >= desired, summary: `${updated} of ${desired} updated, ${ready} ready` };
  }
  const want = w.spec?.replicas ?? 1;
  const updated = s.updatedReplicas ?? 0;
  const ready = s.readyReplicas ?? 0;
  const total = s.replicas ?? 0;
  const available = ref.kind === 'Deployment' ? (s.availableReplicas ?? 0) : ready;
  // total > want means pods of the old ReplicaSet are still there.
  const done = updated >= want && ready >= want && available >= want && total <= want;
  return { done, summary: `${updated} of ${want} updated, ${ready} ready${total > want ? `, ${total - want} old pod(s) terminating` : ''}` };
}

export async function waitForRollout(
  client: ClusterClient,
  ref: WorkloadRef,
  opts: { timeoutMs: number; pollMs?: number; minGeneration?: number; signal?: AbortSignal; onProgress?: (p: RolloutProgress) => void },
): Promise<RolloutProgress> {
  const deadline = Date.now() + opts.timeoutMs;
  let last: RolloutProgress = { done: false, summary: 'not read yet' };
  for (;;) {
    if (opts.signal?.aborted) throw new UpgradeError('cancelled', `cancelled while waiting for ${ref.kind} ${ref.namespace}/${ref.name} (${last.summary})`);
    const w = await client.get(resourceOf(ref), ref.name, ref.namespace, opts.signal);
    last = rolloutProgress(ref, w, opts.minGeneration);
    opts.onProgress?.(last);
    if (last.done) return last;
    if (Date.now() >= deadline) {
      throw new UpgradeError('timeout', `${ref.kind} ${ref.namespace}/${ref.name} is stuck: ${last.summary} after ${Math.round(opts.timeoutMs / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
}
