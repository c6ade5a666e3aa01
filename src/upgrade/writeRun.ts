/**
 * A run of object writes made one after another (tag writes, Sail writes), inside the one run scope (runScope.ts):
 * a journal run around them (none for a dry run), progress per write, cancellation between writes, the first
 * failure stops the run, and how it ended is recorded. These objects are cluster-wide: no namespace lock.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { Journal, RunCommand, RunRecord } from './journal';
import { inRunScope } from './runScope';
import { UpgradeError, errorMessage, throwIfAborted } from './upgradeErrors';

export interface WriteRunOptions {
  journal?: Journal;
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Journal run fields. */
  target?: string;
  namespaces?: string[];
  rollbackOf?: string;
  onProgress?: (message: string) => void;
}

export interface WriteRunOutcome<W, A> {
  runId?: string;
  status: 'completed' | 'failed' | 'cancelled' | 'dry run';
  results: { write: W; action: A }[];
  error?: string;
}

export function runWrites<W extends { summary: string }, A>(
  client: ClusterClient, command: RunCommand, writes: readonly W[], o: WriteRunOptions,
  applyOne: (write: W, run: RunRecord | undefined, signal: AbortSignal) => Promise<A>,
): Promise<WriteRunOutcome<W, A>> {
  return inRunScope({ client, journal: o.journal }, {
    command, target: o.target, namespaces: o.namespaces ?? [], rollbackOf: o.rollbackOf, dryRun: o.dryRun, signal: o.signal, locks: false,
  }, async (rc): Promise<WriteRunOutcome<W, A>> => {
    const results: { write: W; action: A }[] = [];
    try {
      for (const w of writes) {
        throwIfAborted(rc.signal, w.summary);
        o.onProgress?.(`${o.dryRun ? 'dry run: ' : ''}${w.summary}`);
        results.push({ write: w, action: await applyOne(w, rc.run, rc.signal) });
      }
    } catch (e) {
      const status = (e instanceof UpgradeError && e.kind === 'cancelled') || rc.signal.aborted ? 'cancelled' : 'failed';
      return { runId: rc.run?.runId, status, results, error: errorMessage(e) };
    }
    return { runId: rc.run?.runId, status: o.dryRun ? 'dry run' : 'completed', results };
  }, (out) => ({ status: out.status === 'dry run' ? 'completed' : out.status, error: out.error, stoppedAt: out.error }));
}
