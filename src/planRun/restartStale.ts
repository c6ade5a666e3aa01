/** Restarts what is stale in some namespaces (pods off their namespace's target now) and verifies: a restart run. */
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { ControlPlaneCache } from '../upgrade/controlPlaneContext';
import { runMigration, type MigrationOutcome } from '../upgrade/migrationRunner';
import { restartableRefs, restartPlan } from '../upgrade/restartPlan';
import { readScopedInventory } from '../upgrade/scopedInventory';
import type { StepDeps, StepRunOptions } from './stepTypes';
import { progressText } from './stepTypes';

/** undefined when nothing there is stale. */
export async function restartStale(deps: StepDeps, namespaces: readonly string[], o: StepRunOptions): Promise<MigrationOutcome | undefined> {
  if (namespaces.length === 0) return undefined;
  const controlPlane = new ControlPlaneCache(deps.client);
  const inv = await readScopedInventory(deps.client, namespaces, { controlPlane, signal: o.signal });
  const snapshot = buildSnapshot(deps.client.context, inv);
  const selections = namespaces
    .map((name) => snapshot.namespaces.find((n) => n.name === name))
    .filter((ns): ns is NonNullable<typeof ns> => !!ns)
    .map((ns) => ({ namespace: ns.name, refs: restartableRefs(ns, 'stale').refs }))
    .filter((s) => s.refs.length > 0);
  if (selections.length === 0) return undefined;
  return runMigration({ client: deps.client, journal: deps.journal }, restartPlan(snapshot, selections), {
    command: 'restart', dryRun: o.dryRun, signal: o.signal, rolloutTimeoutMs: o.rolloutTimeoutMs, syncz: o.syncz, controlPlane,
    verifySettleMs: o.verifySettleMs, onNotice: o.onNotice, onProgress: (e) => o.onProgress?.(progressText(e)),
  });
}
