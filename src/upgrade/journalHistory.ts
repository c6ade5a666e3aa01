/**
 * What became of each write of a run, from its journal lines: every intent paired with its outcomes (by intentSeq;
 * older journals by order per object). The last outcome decides: applied, failed (refused, or read back as not
 * applied), or maybe — an intent without outcome (killed mid-write) or an unknown not settled by reading back.
 * An outcome without any intent is kept but marked: a journal only has those when edited by hand.
 */
import type { JournalWrite } from './journalTypes';

export type WriteFate = 'applied' | 'failed' | 'maybe';

export interface ResolvedWrite {
  /** The intent (or, without one, the outcome line itself). */
  write: JournalWrite;
  fate: WriteFate;
  /** Lines after the intent, in order. */
  outcomes: JournalWrite[];
  /** An outcome line with no intent before it. */
  noIntent: boolean;
}

export function objectKey(w: Pick<JournalWrite, 'kind' | 'namespace' | 'name' | 'field'>): string {
  return `${w.kind}/${w.namespace ?? ''}/${w.name}/${w.field}`;
}

function fateOf(last: JournalWrite | undefined): WriteFate {
  if (!last || last.phase === 'intent' || last.phase === 'unknown') return 'maybe';
  return last.phase;
}

/** The writes of one run (in journal order), resolved. */
export function resolveWrites(writes: readonly JournalWrite[]): ResolvedWrite[] {
  const out: ResolvedWrite[] = [];
  const bySeq = new Map<number, ResolvedWrite>();
  const openByObject = new Map<string, ResolvedWrite>();
  for (const w of writes) {
    if (w.phase === 'intent') {
      const r: ResolvedWrite = { write: w, fate: 'maybe', outcomes: [], noIntent: false };
      out.push(r);
      bySeq.set(w.seq, r);
      openByObject.set(objectKey(w), r);
      continue;
    }
    const owner = w.intentSeq !== undefined ? bySeq.get(w.intentSeq) : openByObject.get(objectKey(w));
    if (owner) {
      owner.outcomes.push(w);
      owner.fate = fateOf(w);
      continue;
    }
    out.push({ write: w, fate: fateOf(w), outcomes: [w], noIntent: true });
  }
  return out;
}
