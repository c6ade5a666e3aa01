/** removeRevision: refused (the step fails) while anything uses the revision; gone already: nothing to do. */
import { blockerText, planRevisionRemoval } from '../mesh/revisionRemoval';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import type { RemoveRevisionStep } from '../plan/planTypes';
import { ownerObjection } from '../plan/planOwnerChecks';
import { readGatewayInventory } from '../upgrade/gatewayInventory';
import { runRevisionRemoval } from '../upgrade/removalRuns';
import type { StepDeps, StepOutcome, StepRunOptions } from './stepTypes';

export async function runRemovalStep(deps: StepDeps, step: RemoveRevisionStep, o: StepRunOptions): Promise<StepOutcome> {
  const inv = await readGatewayInventory(deps.client, o.signal, { owners: true });
  const snapshot = buildSnapshot(deps.client.context, inv);
  const base = { runIds: [] as string[], verifications: [], details: [] as string[] };
  if (!snapshot.revisions.some((r) => r.name === step.revision)) {
    return { ...base, status: o.dryRun ? 'dry run' : 'completed', summary: `${step.revision} is not installed: nothing to remove` };
  }
  const objection = ownerObjection(snapshot, { kind: 'remove-revision', revision: step.revision }, snapshot.revisions.find((r) => r.name === step.revision)?.managedBy);
  if (objection) return { ...base, status: 'failed', summary: 'refused', error: `refused: revision ${step.revision} is ${objection}` };
  const r = planRevisionRemoval(inv, snapshot, step.revision);
  if (!r.ok) return { ...base, status: 'failed', summary: 'refused', error: r.blockers.length ? `${step.revision} is still in use: ${r.blockers.map(blockerText).join('; ')}` : r.error, details: r.blockers.map(blockerText) };
  const res = await runRevisionRemoval(deps.client, r.plan, { journal: deps.journal, dryRun: o.dryRun, signal: o.signal, onProgress: o.onProgress, onNotice: o.onNotice });
  return {
    ...base, details: [...r.plan.warnings, ...r.plan.byHand.map((b) => `by hand: ${b.kind} ${b.namespace ? `${b.namespace}/` : ''}${b.name} — ${b.why}`)],
    status: o.dryRun ? 'dry run' : 'completed', summary: `${step.revision} removed (${r.plan.objects.length} objects)`, runIds: res.runId ? [res.runId] : [],
  };
}
