/** tag set / move / remove: istioctl's rendering (tagPlan.ts), applied as one journaled tag run (tagOps.ts). */
import { planTagRemove, planTagSet } from '../mesh/tagPlan';
import type { TagStep } from '../plan/planTypes';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { ownerObjection } from '../plan/planOwnerChecks';
import { readInventory } from '../upgrade/inventoryReader';
import { applyTagWrites } from '../upgrade/tagOps';
import type { StepDeps, StepOutcome, StepRunOptions } from './stepTypes';

export async function runTagStep(deps: StepDeps, step: TagStep, o: StepRunOptions): Promise<StepOutcome> {
  const inv = await readInventory(deps.client, { namespaces: [], owners: true, signal: o.signal });
  const fail = (error: string): StepOutcome => ({ status: 'failed', summary: 'refused', error, runIds: [], verifications: [], details: [] });
  const current = inv.mutatingWebhooks.find((w) => w.metadata.labels?.['istio.io/tag'] === step.tag);
  const pointsAt = current?.metadata.labels?.['istio.io/rev'];
  if (step.action === 'remove' && !current) {
    return { status: o.dryRun ? 'dry run' : 'completed', summary: `tag ${step.tag} does not exist: nothing to remove`, runIds: [], verifications: [], details: [] };
  }
  if (step.action !== 'remove' && pointsAt === step.revision) {
    return { status: o.dryRun ? 'dry run' : 'completed', summary: `tag ${step.tag} already points at ${step.revision}`, runIds: [], verifications: [], details: [] };
  }
  const snapshot = buildSnapshot(deps.client.context, inv);
  const owner = snapshot.tags.find((t) => t.name === step.tag)?.managedBy;
  const objection = ownerObjection(snapshot, step.action === 'remove'
    ? { kind: 'remove-tag', tag: step.tag, ...(pointsAt ? { from: pointsAt } : {}) }
    : { kind: 'move-tag', tag: step.tag, ...(pointsAt ? { from: pointsAt } : {}), to: step.revision }, owner);
  if (objection) return fail(`refused: tag ${step.tag} is ${objection}`);
  const planned = step.action === 'remove' ? planTagRemove(inv, step.tag) : planTagSet(inv, step.tag, step.revision, { overwrite: step.action === 'move' });
  if (!planned.ok) return fail(planned.error);
  const writes = planned.plan.writes;
  const namespaces = planned.plan.namespaces;
  const outcome = await applyTagWrites(deps.client, writes, {
    journal: deps.journal, dryRun: o.dryRun, overwrite: step.action !== 'set', target: step.tag, namespaces, signal: o.signal, onProgress: o.onProgress,
  });
  const what = step.action === 'remove' ? `tag ${step.tag} removed` : `tag ${step.tag} → ${step.revision}${pointsAt ? ` (was ${pointsAt})` : ''}`;
  const restart = namespaces.length && step.action !== 'remove' ? `; ${namespaces.join(', ')} move when restarted` : '';
  return {
    status: outcome.status, summary: `${what}${restart}`, runIds: outcome.runId ? [outcome.runId] : [], verifications: [], details: [],
    ...(outcome.error ? { error: outcome.error } : {}),
  };
}
