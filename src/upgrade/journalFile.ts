/**
 * The journal file: JSON lines, created 0600 in a 0700 folder. Appends happen under a lock file, which also makes
 * sequence numbers and run ids unique across processes: under the lock, the lines other processes appended since
 * our last look are scanned for the highest seq and the run ids in use. A line torn by a killed process is closed
 * with a newline before the next append, so it never swallows a good line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withFileLock } from './fileLock';
import { parseLine } from './journalShape';
import type { Line } from './journalTypes';

export interface ReadResult {
  lines: Line[];
  warnings: string[];
}

export class JournalFile {
  readonly file: string;
  private readonly lockFile: string;
  private scanned = 0;
  private maxSeq = 0;
  private readonly runIds = new Set<string>();

  constructor(readonly dir: string) {
    this.file = path.join(dir, 'journal.jsonl');
    this.lockFile = path.join(dir, 'journal.lock');
  }

  private ensureDir(): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Reads what other processes appended since the last scan (all of it after a truncation). */
  private catchUp(): { size: number; endsWithNewline: boolean } {
    let size = 0;
    try {
      size = fs.statSync(this.file).size;
    } catch {
      return { size: 0, endsWithNewline: true };
    }
    if (size < this.scanned) {
      this.scanned = 0;
      this.maxSeq = 0;
      this.runIds.clear();
    }
    const fd = fs.openSync(this.file, 'r');
    try {
      let endsWithNewline = true;
      if (size > this.scanned) {
        const buf = Buffer.alloc(size - this.scanned);
        fs.readSync(fd, buf, 0, buf.length, this.scanned);
        const text = buf.toString('utf8');
        endsWithNewline = text.endsWith('\n');
        for (const raw of text.split('\n')) {
          if (!raw.trim()) continue;
          const parsed = parseLine(raw, 0);
          if (!parsed.ok) continue;
          if (parsed.line.type === 'write') this.maxSeq = Math.max(this.maxSeq, parsed.line.write.seq);
          else this.runIds.add(parsed.line.run.runId);
        }
        this.scanned = size;
      } else if (size > 0) {
        const last = Buffer.alloc(1);
        fs.readSync(fd, last, 0, 1, size - 1);
        endsWithNewline = last[0] === 0x0a;
      }
      return { size, endsWithNewline };
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * Appends the line `make` builds; `make` sees the next free seq and whether a run id is taken (both judged with
   * every other process's appends). Returns what was written.
   */
  append<T extends Line>(make: (next: { seq: number; runIdTaken: (id: string) => boolean }) => T): T {
    this.ensureDir();
    return withFileLock(this.lockFile, () => {
      const { endsWithNewline } = this.catchUp();
      const line = make({ seq: this.maxSeq + 1, runIdTaken: (id) => this.runIds.has(id) });
      const text = `${endsWithNewline ? '' : '\n'}${JSON.stringify(line)}\n`;
      const fd = fs.openSync(this.file, 'a', 0o600);
      try {
        fs.writeSync(fd, text);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      this.tighten();
      // Our own line is scanned on the next catch-up like anyone's.
      return line;
    });
  }

  /** A journal made before files were created private: ours to tighten (the folder may be the user's). */
  private tighten(): void {
    try {
      if ((fs.statSync(this.file).mode & 0o077) !== 0) fs.chmodSync(this.file, 0o600);
    } catch {
      // Not ours to fix (another owner): reading still works.
    }
  }

  /** Every line in order; lines that are not JSON or not of a known shape are skipped with a warning. */
  read(): ReadResult {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return { lines: [], warnings: [] };
    }
    const lines: Line[] = [];
    const warnings: string[] = [];
    const raws = text.split('\n');
    raws.forEach((raw, i) => {
      if (!raw.trim()) return;
      const parsed = parseLine(raw, i + 1);
      if (parsed.ok) lines.push(parsed.line);
      // A torn last line is expected after a kill: everything before it is intact.
      else if (!(i === raws.length - 1 && !text.endsWith('\n'))) warnings.push(parsed.problem);
    });
    return { lines, warnings };
  }
}
