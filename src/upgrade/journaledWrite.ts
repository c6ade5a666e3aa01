/**
 * Every write of the engine goes through here: the journal gets an `intent` line before the call and an
 * `applied` or `failed` line after it, so a process killed mid-write leaves a record to resume or undo from.
 * Dry runs and writes without a run are not journaled (nothing is persisted).
 */
import { isClusterError } from '../kube/clusterError';
import type { Journal, JournalWrite, RunRecord } from './journal';

export type WriteRecord = Omit<JournalWrite, 'seq' | 'time' | 'phase' | 'runId' | 'error' | 'context'>;

export interface JournalTarget {
  journal?: Journal;
  run?: RunRecord;
  dryRun?: boolean;
}

export async function journaledWrite<T>(o: JournalTarget, context: string, record: WriteRecord, write: () => Promise<T>, willRetryOnConflict = false): Promise<T> {
  const journal = !o.dryRun && o.run ? o.journal : undefined;
  const base = { ...record, runId: o.run?.runId ?? '', context };
  journal?.recordWrite({ ...base, phase: 'intent' });
  try {
    const result = await write();
    journal?.recordWrite({ ...base, phase: 'applied' });
    return result;
  } catch (e) {
    const retrying = willRetryOnConflict && isClusterError(e) && e.kind === 'conflict';
    journal?.recordWrite({ ...base, phase: 'failed', error: retrying ? 'conflict (409): re-reading' : e instanceof Error ? e.message : String(e) });
    throw e;
  }
}
