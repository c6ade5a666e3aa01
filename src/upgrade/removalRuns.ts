/** Removing a revision and undoing that removal as runs (runScope.ts): the Istio namespace is locked meanwhile. */
import type { ClusterClient } from '../kube/clusterClient';
import type { RemovalPlan } from '../mesh/revisionRemoval';
import type { Journal } from './journal';
import type { LockConfig } from './namespaceLocks';
import { removeRevision, undoRemoval, type RemovalOutcome, type UndoOutcome } from './removeRevision';
import { inRunScope } from './runScope';
import { UpgradeError } from './upgradeErrors';

export interface RemovalRunOptions {
  journal?: Journal;
  dryRun?: boolean;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
  locks?: LockConfig | false;
  onNotice?: (message: string) => void;
}

export function runRevisionRemoval(client: ClusterClient, plan: RemovalPlan, o: RemovalRunOptions = {}): Promise<RemovalOutcome & { runId?: string; warnings: string[] }> {
  return inRunScope({ client, journal: o.journal }, {
    command: 'remove-revision', target: plan.revision, namespaces: [plan.istioNamespace],
    dryRun: o.dryRun, signal: o.signal, locks: o.locks, onNotice: o.onNotice,
  }, async (rc) => ({
    ...await removeRevision(client, plan, { journal: rc.journal, run: rc.run, dryRun: o.dryRun, signal: rc.signal, onProgress: o.onProgress }),
    runId: rc.run?.runId, warnings: rc.warnings,
  }), () => ({ status: 'completed' }));
}

/** Re-creates what removal run `runId` deleted, as a run of its own that always ends (never left "running"). */
export function runUndoRemoval(client: ClusterClient, journal: Journal, runId: string, o: Omit<RemovalRunOptions, 'journal'> = {}): Promise<UndoOutcome & { runId?: string }> {
  const original = journal.run(runId);
  if (!original) throw new UpgradeError('refused', `run ${runId} is not in the journal ${journal.dir}`);
  return inRunScope({ client, journal }, {
    command: 'remove-revision', target: original.target, namespaces: original.namespaces, rollbackOf: runId,
    dryRun: o.dryRun, signal: o.signal, locks: o.locks, onNotice: o.onNotice,
  }, async (rc) => ({
    ...await undoRemoval(client, journal, runId, { journal, run: rc.run, dryRun: o.dryRun, signal: rc.signal, onProgress: o.onProgress }),
    runId: rc.run?.runId,
  }), () => ({ status: 'completed' }));
}
