/**
 * Undoing an in-place gateway move: the pod template's `istio.io/rev` goes back to what the journal says it was
 * before (removed when it had none), as a run of its own (rollbackOf), then the gateway's rollout is waited for.
 */
import type { WorkloadRef } from '../mesh/migrationPlan';
import type { Journal } from '../upgrade/journal';
import { resolveWrites } from '../upgrade/journalHistory';
import { inRunScope } from '../upgrade/runScope';
import { setWorkloadRevision } from '../upgrade/setWorkloadRevision';
import { UpgradeError } from '../upgrade/upgradeErrors';
import { waitForRollout } from '../upgrade/waitForRollout';
import type { StepDeps, StepRunOptions } from './stepTypes';

export async function undoGatewayMove(deps: StepDeps, journal: Journal, runId: string, o: StepRunOptions): Promise<{ runId?: string; summary: string }> {
  const run = journal.run(runId);
  const first = resolveWrites(journal.writes(runId)).find((r) => r.fate !== 'failed' && r.write.kind === 'deployments' && r.write.field === 'spec.template.metadata.labels');
  if (!run || !first) throw new UpgradeError('refused', `run ${runId} moved no gateway: nothing to undo`);
  const ref: WorkloadRef = { kind: 'Deployment', namespace: first.write.namespace ?? '', name: first.write.name };
  const before = first.write.before['istio.io/rev'] ?? null;
  return inRunScope({ client: deps.client, journal }, {
    command: 'gateway-move', target: before ?? undefined, namespaces: [ref.namespace], rollbackOf: runId, dryRun: o.dryRun, signal: o.signal, onNotice: o.onNotice,
  }, async (rc) => {
    const r = await setWorkloadRevision(deps.client, ref, before, { journal: rc.journal, run: rc.run, dryRun: o.dryRun, signal: rc.signal });
    if (o.dryRun || !r.changed) return { runId: rc.run?.runId, summary: `${ref.namespace}/${ref.name}: istio.io/rev ${r.changed ? `would go back to ${before ?? '(none)'}` : 'already as before'}` };
    const rollout = await waitForRollout(deps.client, ref, { timeoutMs: o.rolloutTimeoutMs ?? 300_000, minGeneration: r.generation, signal: rc.signal });
    if (!rollout.done) throw new UpgradeError('timeout', `${ref.namespace}/${ref.name}: ${rollout.summary}`);
    return { runId: rc.run?.runId, summary: `${ref.namespace}/${ref.name}: istio.io/rev back to ${before ?? '(none)'}` };
  }, () => ({ status: 'completed' }));
}
