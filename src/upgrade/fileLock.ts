/**
 * A lock file made with O_EXCL (`wx`): it holds the owner (pid, host, start time). A lock whose owner is gone is
 * stale and is broken: renamed away (atomic, so only one process breaks it) and checked to be the stale one before
 * it is removed. The critical sections it guards (one journal append) take milliseconds, so waiting is a short
 * synchronous sleep. No native dependency.
 */
import * as fs from 'node:fs';
import { currentOwner, liveness, type ProcessOwner } from './processOwner';

export interface FileLockOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** Also break a lock older than this whose owner cannot be judged (another host; default 60 s). */
  staleMs?: number;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

function sleepSync(ms: number): void {
  Atomics.wait(pause, 0, 0, ms);
}

function readOwner(file: string): { text: string; owner?: ProcessOwner; mtimeMs: number } | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const mtimeMs = fs.statSync(file).mtimeMs;
    try {
      const owner = JSON.parse(text) as ProcessOwner;
      return typeof owner?.pid === 'number' && typeof owner.host === 'string' ? { text, owner, mtimeMs } : { text, mtimeMs };
    } catch {
      return { text, mtimeMs };
    }
  } catch {
    return undefined;
  }
}

/** True when it removed a stale lock (the caller tries again). */
function breakIfStale(file: string, staleMs: number): boolean {
  const seen = readOwner(file);
  if (!seen) return true; // released meanwhile
  const state = seen.owner ? liveness(seen.owner) : 'unknown';
  // A lock without a readable owner is one torn by a killed process, or written right now: give it a moment.
  const old = Date.now() - seen.mtimeMs > (seen.owner ? staleMs : Math.min(staleMs, 2000));
  if (state === 'alive' || (state === 'unknown' && !old)) return false;
  const aside = `${file}.stale.${process.pid}.${Date.now()}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return true; // someone else broke it first
  }
  const moved = readOwner(aside);
  if (moved && moved.text !== seen.text) {
    // We moved a fresh lock taken after our read: put it back unless yet another process holds the name now.
    try {
      fs.linkSync(aside, file);
    } catch {
      // Nothing better to do: that process and the fresh holder both hold it (needs three racing processes).
    }
  }
  fs.rmSync(aside, { force: true });
  return true;
}

/** Runs `fn` holding `file` (created 0600). Throws when the lock stays held by a live process past the timeout. */
export function withFileLock<T>(file: string, fn: () => T, options: FileLockOptions = {}): T {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const me = JSON.stringify(currentOwner());
  let delay = 1;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (fd !== undefined) {
      try {
        fs.writeSync(fd, me);
      } finally {
        fs.closeSync(fd);
      }
      try {
        return fn();
      } finally {
        fs.rmSync(file, { force: true });
      }
    }
    if (breakIfStale(file, options.staleMs ?? 60_000)) continue;
    if (Date.now() > deadline) {
      const holder = readOwner(file)?.owner;
      throw new Error(`${file} is held by ${holder ? `pid ${holder.pid} on ${holder.host}` : 'another process'}; try again in a moment`);
    }
    // Short, jittered waits: a holder that appends again at once must not starve the others.
    sleepSync(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 4);
  }
}
