/** Waits until restarted workloads' rollouts are complete (kubectl rollout status semantics), or reports them stuck. */
import type { ClusterClient } from '../kube/clusterClient';
import type { KWorkload } from '../mesh/kubeObjects';
import type { WorkloadRef } from '../mesh/migrationPlan';
import { plural } from '../mesh/plural';
import { isTransient } from '../kube/retryPolicy';
import { UpgradeError } from './upgradeErrors';
import { byNamespaceAndKind, readWorkloadGroup } from './workloadReads';

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
  return { done, summary: `${updated} of ${want} updated, ${ready} ready${total > want ? `, ${plural(total - want, 'old pod')} terminating` : ''}` };
}

export interface RolloutWait {
  ref: WorkloadRef;
  /** metadata.generation after the restart (the object read may lag behind it). */
  minGeneration?: number;
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  onProgress?: (ref: WorkloadRef, p: RolloutProgress) => void;
}

type Settled = PromiseSettledResult<RolloutProgress>;
/**
 * Waits for several rollouts at once, judging each workload as waitForRollout does, but polling with one request per
 * namespace and kind (not one per workload). Settles each on its own, in the order given, as Promise.allSettled over
 * single waits would: done, stuck (timeout), cancelled, or the error reading it (a transient one only at the deadline).
 */
export async function waitForRollouts(client: ClusterClient, waits: readonly RolloutWait[], opts: WaitOptions): Promise<Settled[]> {
  const deadline = Date.now() + opts.timeoutMs;
  const results: (Settled | undefined)[] = waits.map(() => undefined);
  const last: RolloutProgress[] = waits.map(() => ({ done: false, summary: 'not read yet' }));
  const reject = (i: number, reason: unknown): void => { results[i] = { status: 'rejected', reason }; };
  for (;;) {
    const pending = waits.flatMap((_, i) => (results[i] ? [] : [i]));
    if (!pending.length) return results as Settled[];
    if (opts.signal?.aborted) {
      for (const i of pending) {
        const { kind, namespace, name } = waits[i].ref;
        reject(i, new UpgradeError('cancelled', `cancelled while waiting for ${kind} ${namespace}/${name} (${last[i].summary})`));
      }
      continue;
    }
    await Promise.all(byNamespaceAndKind(pending, (i) => waits[i].ref).map(async (group) => {
      const reads = await readWorkloadGroup(client, group.map((i) => waits[i].ref), opts.signal);
      group.forEach((i, k) => {
        const read = reads[k];
        if (!read.ok) {
          // A read the client gave up on after its retries (API server restarting, a 503 storm) is not a verdict on
          // the rollout: poll again until the deadline; only then, or for a lasting error (404, 403), fail with it.
          if (!isTransient(read.error) || Date.now() >= deadline) reject(i, read.error);
          return;
        }
        const { ref, minGeneration } = waits[i];
        last[i] = rolloutProgress(ref, read.object, minGeneration);
        opts.onProgress?.(ref, last[i]);
        if (last[i].done) results[i] = { status: 'fulfilled', value: last[i] };
        else if (Date.now() >= deadline) {
          reject(i, new UpgradeError('timeout', `${ref.kind} ${ref.namespace}/${ref.name} is stuck: ${last[i].summary} after ${Math.round(opts.timeoutMs / 1000)} s`));
        }
      });
    }));
    if (results.every(Boolean)) return results as Settled[];
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
}

export async function waitForRollout(
  client: ClusterClient,
  ref: WorkloadRef,
  opts: { timeoutMs: number; pollMs?: number; minGeneration?: number; signal?: AbortSignal; onProgress?: (p: RolloutProgress) => void },
): Promise<RolloutProgress> {
  const { onProgress } = opts;
  const [r] = await waitForRollouts(client, [{ ref, minGeneration: opts.minGeneration }], {
    timeoutMs: opts.timeoutMs, pollMs: opts.pollMs, signal: opts.signal, onProgress: onProgress && ((_, p) => onProgress(p)),
  });
  if (r.status === 'rejected') throw r.reason;
  return r.value;
}
