/**
 * Every write of the engine goes through here (kubernetes-api.md K4): the journal gets an `intent` line
 * before the request (with the resourceVersion it is conditioned on and the exact values, e.g. the restart
 * timestamp), then `applied` or `failed`. A write without an answer is `unknown`, and is settled at once by reading
 * the object back: our values → `applied` (readBack); the prior ones → `failed` (readBack: not applied) and sent
 * again, the same request (same precondition, same timestamp); anything else → someone else changed it: stop,
 * never overwrite. A read-back right after a timeout may come before the server got to the request: if the request
 * sent again then fails (409, 404), the object is read once more, and our values there mean one of our requests
 * landed. When no try gets an answer, or even the read-back fails, the unknown stands and the error says so;
 * rollback and resume read it again. Dry runs and writes outside a run are not journaled (but are still read back).
 */
import type { ClusterClient } from '../kube/clusterClient';
import { isClusterError } from '../kube/clusterError';
import type { Journal, JournalWrite, RunRecord } from './journal';
import { readBack } from './readBack';
import { UpgradeError, errorMessage } from './upgradeErrors';
import { isAmbiguous, showValues } from './writeOutcome';

export type WriteRecord = Omit<JournalWrite, 'seq' | 'time' | 'phase' | 'runId' | 'error' | 'context' | 'intentSeq' | 'readBack' | 'found'>;

export interface JournalTarget {
  journal?: Journal;
  run?: RunRecord;
  dryRun?: boolean;
}

export interface JournaledWriteOptions<T> {
  /** The caller re-reads and retries a 409 Conflict: the failed line says so. */
  retryOnConflict?: boolean;
  /** What the write returns when reading back showed it applied (the object as read). */
  fromReadBack: (object: unknown) => T;
  /** How often a write read back as not applied is sent again (default 2). */
  resends?: number;
}

function resourceVersionOf(v: unknown): string | undefined {
  const meta = typeof v === 'object' && v !== null ? (v as { metadata?: { resourceVersion?: unknown } }).metadata : undefined;
  return typeof meta?.resourceVersion === 'string' ? meta.resourceVersion : undefined;
}

function describe(r: WriteRecord): string {
  return `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name} (${r.field})`;
}

export async function journaledWrite<T>(
  o: JournalTarget, client: ClusterClient, record: WriteRecord, write: () => Promise<T>, opts: JournaledWriteOptions<T>,
): Promise<T> {
  const journal = !o.dryRun && o.run ? o.journal : undefined;
  const base = { ...record, runId: o.run?.runId ?? '', context: client.context };
  const resends = opts.resends ?? 2;
  let sentUnanswered = false;
  for (let attempt = 0; ; attempt++) {
    const intent = journal?.recordWrite({ ...base, phase: 'intent' });
    const outcome = (w: Partial<JournalWrite> & Pick<JournalWrite, 'phase'>): void => {
      const { resourceVersion: _planned, ...rest } = base;
      journal?.recordWrite({ ...rest, intentSeq: intent?.seq, ...w });
    };
    let result: T;
    try {
      result = await write();
    } catch (e) {
      if (sentUnanswered && !o.dryRun && !isAmbiguous(e)) {
        // Refused now, but an earlier, unanswered request of ours may have landed meanwhile (late): look.
        const late = await readBack(client, record).catch(() => undefined);
        if (late?.verdict.state === 'applied') {
          outcome({ phase: 'applied', readBack: true, ...(late.verdict.resourceVersion ? { resourceVersion: late.verdict.resourceVersion } : {}) });
          return opts.fromReadBack(late.object);
        }
      }
      if (o.dryRun || !isAmbiguous(e)) {
        const conflict = opts.retryOnConflict && isClusterError(e) && e.kind === 'conflict';
        outcome({ phase: 'failed', error: conflict ? 'conflict (409): re-reading' : errorMessage(e) });
        throw e;
      }
      const why = errorMessage(e);
      outcome({ phase: 'unknown', error: `no answer, the request may have been applied: ${why}` });
      let read: Awaited<ReturnType<typeof readBack>>;
      try {
        read = await readBack(client, record);
      } catch (e2) {
        throw new UpgradeError('unknown', `${describe(record)}: the write may or may not have been applied (${why}); reading it back failed too (${errorMessage(e2)}). The journal keeps it as unknown: rollback and resume read it again.`);
      }
      const v = read.verdict;
      if (v.state === 'applied') {
        outcome({ phase: 'applied', readBack: true, ...(v.resourceVersion ? { resourceVersion: v.resourceVersion } : {}) });
        return opts.fromReadBack(read.object);
      }
      if (v.state === 'not-applied') {
        // The last try stays unknown: the server may still get to it after we stop looking.
        if (attempt >= resends) throw new UpgradeError('unknown', `${describe(record)}: no answer to ${attempt + 1} tries (${why}); not applied when last read, but it may still be: the journal keeps it as unknown, and rollback and resume read it again.`);
        outcome({ phase: 'failed', readBack: true, error: `not applied (read back: ${showValues(record.before)})` });
        sentUnanswered = true;
        continue;
      }
      outcome({ phase: 'unknown', readBack: true, found: v.found, error: 'changed by someone else' });
      throw new UpgradeError('conflict', `${describe(record)}: no answer to our write (${why}); reading it back found ${showValues(v.found)} — neither the values before (${showValues(record.before)}) nor ours (${showValues(record.after)}): someone else changed it; not overwriting.`);
    }
    const rv = resourceVersionOf(result);
    outcome({ phase: 'applied', ...(rv ? { resourceVersion: rv } : {}) });
    return result;
  }
}
