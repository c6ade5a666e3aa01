/**
 * A run of object writes made one after another (tag writes, Sail writes): a journal run around them (none for a
 * dry run), progress per write, cancellation between writes, and the run's status recorded at the end.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { Journal, RunCommand, RunRecord } from './journal';
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

export async function runWrites<W extends { summary: string }, A>(
  client: ClusterClient, command: RunCommand, writes: readonly W[], o: WriteRunOptions,
  applyOne: (write: W, run: RunRecord | undefined) => Promise<A>,
): Promise<WriteRunOutcome<W, A>> {
  const run = !o.dryRun && o.journal
    ? o.journal.startRun({ command, context: client.context, target: o.target, namespaces: o.namespaces ?? [], rollbackOf: o.rollbackOf })
    : undefined;
  const results: { write: W; action: A }[] = [];
  let status: WriteRunOutcome<W, A>['status'] = o.dryRun ? 'dry run' : 'completed';
  let error: string | undefined;
  try {
    for (const w of writes) {
      throwIfAborted(o.signal, w.summary);
      o.onProgress?.(`${o.dryRun ? 'dry run: ' : ''}${w.summary}`);
      results.push({ write: w, action: await applyOne(w, run) });
    }
  } catch (e) {
    status = (e instanceof UpgradeError && e.kind === 'cancelled') || o.signal?.aborted ? 'cancelled' : 'failed';
    error = errorMessage(e);
  }
  if (run && o.journal) o.journal.updateRun(run, { status: status === 'dry run' ? 'completed' : status, error, stoppedAt: error });
  return { runId: run?.runId, status, results, error };
}
