/**
 * Pod-level canary: set `istio.io/rev` on one workload's pod template (strategic merge patch). Changing the
 * template starts a rollout by itself, so the new pods are injected by the chosen revision. Journaled.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { KWorkload } from '../mesh/kubeObjects';
import type { WorkloadRef } from '../mesh/migrationPlan';
import type { Journal, RunRecord } from './journal';
import { journaledWrite } from './journaledWrite';
import { resourceOf } from './restartWorkload';

export async function setWorkloadRevision(
  client: ClusterClient,
  ref: WorkloadRef,
  revisionOrTag: string | null,
  opts: { journal?: Journal; run?: RunRecord; dryRun?: boolean; signal?: AbortSignal },
): Promise<{ changed: boolean; generation?: number; before: string | null }> {
  const resource = resourceOf(ref);
  const current = await client.get(resource, ref.name, ref.namespace, opts.signal);
  const before = current.spec?.template?.metadata?.labels?.['istio.io/rev'] ?? null;
  if (before === revisionOrTag) return { changed: false, generation: current.metadata.generation, before };
  const patch = { spec: { template: { metadata: { labels: { 'istio.io/rev': revisionOrTag } } } } };
  const record = {
    kind: resource, namespace: ref.namespace, name: ref.name,
    field: 'spec.template.metadata.labels', before: { 'istio.io/rev': before }, after: { 'istio.io/rev': revisionOrTag },
  };
  const updated = await journaledWrite(opts, client, record, () => client.patch(resource, ref.name, ref.namespace, 'strategic', patch, { dryRun: opts.dryRun, signal: opts.signal }), {
    fromReadBack: (o) => o as KWorkload,
  });
  return { changed: true, generation: updated.metadata.generation, before };
}
