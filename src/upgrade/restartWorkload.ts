/**
 * Rollout restart exactly as kubectl does it: set `kubectl.kubernetes.io/restartedAt` on the pod template
 * (strategic merge patch). A paused Deployment is refused — the patch would not replace its pods.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { KWorkload } from '../mesh/kubeObjects';
import type { WorkloadRef } from '../mesh/migrationPlan';
import type { Journal, RunRecord } from './journal';
import { journaledWrite } from './journaledWrite';
import { UpgradeError } from './upgradeErrors';

export const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

const KIND_RESOURCE = { Deployment: 'deployments', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets' } as const;

export function resourceOf(ref: WorkloadRef): (typeof KIND_RESOURCE)[WorkloadRef['kind']] {
  return KIND_RESOURCE[ref.kind];
}

export interface RestartResult {
  ref: WorkloadRef;
  restartedAt: string;
  /** metadata.generation after the patch: the rollout is done once status.observedGeneration reaches it. */
  generation?: number;
  dryRun: boolean;
}

export interface RestartOptions {
  journal?: Journal;
  run?: RunRecord;
  dryRun?: boolean;
  signal?: AbortSignal;
  now?: () => Date;
  /** The timestamp a journaled restart already chose for this workload (resume): sent again, not a new one. */
  timestampFor?: (ref: WorkloadRef) => string | undefined;
}

export async function restartWorkload(client: ClusterClient, ref: WorkloadRef, opts: RestartOptions): Promise<RestartResult> {
  return restartRead(client, ref, await client.get(resourceOf(ref), ref.name, ref.namespace, opts.signal), opts);
}

/** The restart of a workload as just read (by GET or a namespaced LIST): the refusal, the journal and the PATCH. */
export async function restartRead(client: ClusterClient, ref: WorkloadRef, current: KWorkload, opts: RestartOptions): Promise<RestartResult> {
  const resource = resourceOf(ref);
  if (current.spec?.paused) {
    throw new UpgradeError('refused', `${ref.kind} ${ref.namespace}/${ref.name} is paused: a restart would not replace its pods. Resume it first (kubectl rollout resume ${ref.kind.toLowerCase()}/${ref.name} -n ${ref.namespace}).`);
  }
  // Millisecond precision: two restarts within one second must still change the template. The same value sent twice
  // is no second rollout (kubernetes-api.md K3): that is how an unknown restart is resent.
  const restartedAt = opts.timestampFor?.(ref) ?? (opts.now?.() ?? new Date()).toISOString();
  const before = current.spec?.template?.metadata?.annotations?.[RESTARTED_AT] ?? null;
  const patch = { spec: { template: { metadata: { annotations: { [RESTARTED_AT]: restartedAt } } } } };
  const record = {
    kind: resource, namespace: ref.namespace, name: ref.name,
    field: 'spec.template.metadata.annotations', before: { [RESTARTED_AT]: before }, after: { [RESTARTED_AT]: restartedAt },
  };
  const updated = await journaledWrite(opts, client, record, () => client.patch(resource, ref.name, ref.namespace, 'strategic', patch, { dryRun: opts.dryRun, signal: opts.signal }), {
    fromReadBack: (o) => o as KWorkload,
  });
  return { ref, restartedAt, generation: updated.metadata.generation, dryRun: !!opts.dryRun };
}
