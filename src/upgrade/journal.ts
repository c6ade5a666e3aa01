/**
 * The journal: every run (with the process that owns it) and every write it makes (cluster, object, field, before,
 * after, time, run id), appended to a JSON-lines file before and after the write, so that a run interrupted anywhere
 * — even by a killed process — can be resumed or undone. Several processes (CLI runs, VS Code windows) may append at
 * once: seq and run ids stay unique across them, and a run is "interrupted" only once its owner process is gone.
 */
import { randomBytes } from 'node:crypto';
import { JournalFile } from './journalFile';
import type { JournalWrite, Line, RunRecord } from './journalTypes';
import { currentOwner, liveness } from './processOwner';

export type {
  JournalWrite, PlanStepRef, PlanVerification, RestoreTarget, RunCommand, RunHandled, RunRecord, RunStatus, WriteKind, WritePhase,
} from './journalTypes';

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export type NewRun = Omit<RunRecord, 'runId' | 'started' | 'status' | 'owner'> & { runId?: string };

export class Journal {
  private readonly file: JournalFile;
  private lastWarnings: string[] = [];

  constructor(readonly dir: string) {
    this.file = new JournalFile(dir);
  }

  private read(): Line[] {
    const { lines, warnings } = this.file.read();
    this.lastWarnings = warnings;
    return lines;
  }

  /** Lines the last read skipped (not JSON, or JSON of the wrong shape), e.g. "line 7: write …: unknown phase". */
  warnings(): string[] {
    this.read();
    return [...this.lastWarnings];
  }

  startRun(run: NewRun): RunRecord {
    return this.file.append(({ runIdTaken }) => {
      let runId = run.runId ?? newRunId();
      while (!run.runId && runIdTaken(runId)) runId = newRunId();
      if (runIdTaken(runId)) throw new Error(`run id ${runId} is already in the journal ${this.dir}`);
      const record: RunRecord = { ...run, runId, started: new Date().toISOString(), status: 'running', owner: currentOwner() };
      return { type: 'run' as const, run: record };
    }).run;
  }

  updateRun(run: RunRecord, patch: Partial<RunRecord>): RunRecord {
    const next = { ...run, ...patch };
    if ((patch.status === 'completed' || patch.status === 'failed' || patch.status === 'cancelled') && !next.ended) next.ended = new Date().toISOString();
    this.file.append(() => ({ type: 'run' as const, run: next }));
    return next;
  }

  recordWrite(write: Omit<JournalWrite, 'seq' | 'time'>): JournalWrite {
    return this.file.append(({ seq }) => ({ type: 'write' as const, write: { ...write, seq, time: new Date().toISOString() } })).write;
  }

  /**
   * Runs, newest first. A run whose last record says "running" is interrupted when its owner process is gone
   * (or unknown, for records made before owners were recorded) — not while another live process runs it.
   */
  runs(): RunRecord[] {
    const byId = new Map<string, RunRecord>();
    for (const l of this.read()) if (l.type === 'run') byId.set(l.run.runId, l.run);
    return [...byId.values()]
      .map((r) => (r.status === 'running' && (!r.owner || liveness(r.owner) === 'gone') ? { ...r, status: 'interrupted' as const } : r))
      .sort((a, b) => b.started.localeCompare(a.started));
  }

  run(runId: string): RunRecord | undefined {
    return this.runs().find((r) => r.runId === runId);
  }

  /** Writes of one run (or all), in order. */
  writes(runId?: string): JournalWrite[] {
    return this.read()
      .filter((l): l is { type: 'write'; write: JournalWrite } => l.type === 'write')
      .map((l) => l.write)
      .filter((w) => !runId || w.runId === runId);
  }
}
