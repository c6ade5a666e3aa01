/**
 * Does the cluster still look the way the journal says? For every object a run wrote (namespace injection labels,
 * workload restart annotations), the journal's last write decides what it may look like now: applied → its `after`;
 * failed (refused, or read back as not applied) → its `before`; maybe (no answer, or killed mid-write) → either.
 * Anything else is a state the journal cannot explain — changed by someone or something else since.
 */
import { resolveWrites, objectKey, type WriteFate } from './journalHistory';
import type { JournalWrite, RunRecord } from './journalTypes';

export type Values = Record<string, string | null>;

export interface AuditedObject {
  kind: JournalWrite['kind'];
  namespace?: string;
  name: string;
  field: string;
  /** What the object holds now for the journaled keys; undefined when it is gone. */
  current?: Values;
  /** The run of the last journaled write, and what became of it. */
  runId: string;
  command?: RunRecord['command'];
  fate: WriteFate;
  before: Values;
  after: Values;
  /** `after` / `before`: matches that side of the last write; `unexplained`: neither (or it is gone). */
  matches: 'after' | 'before' | 'unexplained';
}

export interface JournalAudit {
  objects: AuditedObject[];
  unexplained: number;
}

/** The fields the audit can read back: injection labels and rollout-restart annotations. */
export function auditable(w: JournalWrite): boolean {
  if (w.kind === 'namespaces') return w.field === 'metadata.labels';
  if (w.kind === 'deployments' || w.kind === 'statefulsets' || w.kind === 'daemonsets') return w.field === 'spec.template.metadata.annotations';
  return false;
}

function same(keys: readonly string[], a: Values, b: Values | undefined): boolean {
  return !!b && keys.every((k) => (a[k] ?? null) === (b[k] ?? null));
}

/**
 * `writes`: the journal's writes of one context, in journal order. `read` gives the current values of the keys of a
 * write's object (undefined: the object is gone). Objects are audited once, by their last journaled write.
 */
export async function auditJournal(
  writes: readonly JournalWrite[], runs: readonly RunRecord[], read: (w: JournalWrite, keys: string[]) => Promise<Values | undefined>,
): Promise<JournalAudit> {
  const last = new Map<string, ReturnType<typeof resolveWrites>[number]>();
  for (const r of resolveWrites(writes.filter(auditable))) last.set(objectKey(r.write), r);
  const commands = new Map(runs.map((r) => [r.runId, r.command]));
  const objects: AuditedObject[] = [];
  for (const r of last.values()) {
    const w = r.write;
    const keys = [...new Set([...Object.keys(w.before), ...Object.keys(w.after)])];
    const current = await read(w, keys);
    const isAfter = same(keys, w.after, current);
    const isBefore = same(keys, w.before, current);
    const allowed = r.fate === 'applied' ? isAfter : r.fate === 'failed' ? isBefore : isAfter || isBefore;
    objects.push({
      kind: w.kind, namespace: w.namespace, name: w.name, field: w.field, current, runId: w.runId, command: commands.get(w.runId),
      fate: r.fate, before: w.before, after: w.after,
      matches: !allowed ? 'unexplained' : isAfter ? 'after' : 'before',
    });
  }
  return { objects, unexplained: objects.filter((o) => o.matches === 'unexplained').length };
}
