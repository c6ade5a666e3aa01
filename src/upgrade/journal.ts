/**
 * The journal: every write a run makes (cluster, object, field, before, after, time, run id), appended to a
 * JSON-lines file before and after the write, so that a run interrupted anywhere — even by a killed process —
 * can be resumed or undone. Reading tolerates a torn last line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

export type RunCommand = 'migrate' | 'restart' | 'rollback' | 'workload-first' | 'gateway-move' | 'gateway-switch' | 'remove-revision' | 'tag'
  /** Writes to Sail resources (IstioRevisionTag, Istio) instead of what Sail renders. */
  | 'sail';
export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted';

export interface RunRecord {
  runId: string;
  command: RunCommand;
  context: string;
  /** Target revision or tag (migrate, workload-first). */
  target?: string;
  namespaces: string[];
  started: string;
  ended?: string;
  status: RunStatus;
  /** Where a cancelled/failed run stopped, e.g. "demo-b: waiting for rollouts". */
  stoppedAt?: string;
  error?: string;
  /** For a rollback: the run it undid. */
  rollbackOf?: string;
  options?: { relabelOnly?: boolean; concurrency?: number };
}

export type WritePhase = 'intent' | 'applied' | 'failed';

export interface JournalWrite {
  runId: string;
  seq: number;
  time: string;
  phase: WritePhase;
  context: string;
  kind: 'namespaces' | 'deployments' | 'statefulsets' | 'daemonsets' | 'services' | 'configmaps'
    | 'mutatingwebhookconfigurations' | 'validatingwebhookconfigurations'
    /** Sail resources (run command `sail`). */
    | 'istiorevisiontags' | 'istios';
  namespace?: string;
  name: string;
  /** e.g. `metadata.labels` (the injection labels), `spec.template.metadata.annotations`, `spec.selector`, or
   *  `object` for a whole deleted object (before.object = its JSON, to re-create it). */
  field: string;
  before: Record<string, string | null>;
  after: Record<string, string | null>;
  error?: string;
  /** Tag and Sail writes: what was done to the object. */
  op?: 'create' | 'replace' | 'delete' | 'patch';
  /** Tag and Sail writes: the whole object before the write (null: it did not exist), so the write can be undone. */
  previousObject?: unknown;
}

type Line =
  | { type: 'run'; run: RunRecord }
  | { type: 'write'; write: JournalWrite };

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export class Journal {
  private readonly file: string;
  private seq = 0;

  constructor(readonly dir: string) {
    this.file = path.join(dir, 'journal.jsonl');
  }

  private append(line: Line): void {
    fs.mkdirSync(this.dir, { recursive: true });
    const fd = fs.openSync(this.file, 'a');
    try {
      fs.writeSync(fd, `${JSON.stringify(line)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  private read(): Line[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const lines: Line[] = [];
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      try {
        lines.push(JSON.parse(raw) as Line);
      } catch {
        // A torn last line from a killed process: everything before it is intact.
      }
    }
    return lines;
  }

  startRun(run: Omit<RunRecord, 'runId' | 'started' | 'status'> & { runId?: string }): RunRecord {
    const record: RunRecord = { ...run, runId: run.runId ?? newRunId(), started: new Date().toISOString(), status: 'running' };
    this.append({ type: 'run', run: record });
    return record;
  }

  updateRun(run: RunRecord, patch: Partial<RunRecord>): RunRecord {
    const next = { ...run, ...patch };
    if (patch.status && patch.status !== 'running' && !next.ended) next.ended = new Date().toISOString();
    this.append({ type: 'run', run: next });
    return next;
  }

  recordWrite(write: Omit<JournalWrite, 'seq' | 'time'>): JournalWrite {
    const full: JournalWrite = { ...write, seq: ++this.seq, time: new Date().toISOString() };
    this.append({ type: 'write', write: full });
    return full;
  }

  /** Runs, newest first; a run whose last record says "running" but that no process owns is "interrupted". */
  runs(activeRunIds: ReadonlySet<string> = new Set()): RunRecord[] {
    const byId = new Map<string, RunRecord>();
    for (const l of this.read()) if (l.type === 'run') byId.set(l.run.runId, l.run);
    return [...byId.values()]
      .map((r) => (r.status === 'running' && !activeRunIds.has(r.runId) ? { ...r, status: 'interrupted' as const } : r))
      .sort((a, b) => b.started.localeCompare(a.started));
  }

  run(runId: string, activeRunIds?: ReadonlySet<string>): RunRecord | undefined {
    return this.runs(activeRunIds).find((r) => r.runId === runId);
  }

  /** Writes of one run (or all), in order. */
  writes(runId?: string): JournalWrite[] {
    return this.read()
      .filter((l): l is { type: 'write'; write: JournalWrite } => l.type === 'write')
      .map((l) => l.write)
      .filter((w) => !runId || w.runId === runId);
  }
}
