/**
 * Who owns a run or a lock file on this machine, and whether that process is still alive. A pid alone is not
 * enough (pids are reused): on Linux the process's start time in clock ticks (/proc/<pid>/stat) and the boot id
 * tell a live owner from a new process that got the same pid.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

export interface ProcessOwner {
  pid: number;
  host: string;
  user: string;
  /** When the owning process started (ISO), for people. */
  started: string;
  /** Linux: field 22 of /proc/<pid>/stat (clock ticks after boot). */
  startTicks?: number;
  /** Linux: /proc/sys/kernel/random/boot_id. */
  bootId?: string;
}

export type Liveness = 'alive' | 'gone' | 'unknown';

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Start time of a process in clock ticks after boot (Linux), undefined elsewhere or when it is gone. */
export function startTicksOf(pid: number): number | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/);
  const ticks = Number(fields[19]);
  return Number.isFinite(ticks) ? ticks : undefined;
}

function bootId(): string | undefined {
  return readText('/proc/sys/kernel/random/boot_id')?.trim() || undefined;
}

function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

let self: ProcessOwner | undefined;

/** This process. */
export function currentOwner(): ProcessOwner {
  self ??= {
    pid: process.pid,
    host: os.hostname(),
    user: userName(),
    started: new Date(Date.now() - process.uptime() * 1000).toISOString(),
    ...(startTicksOf(process.pid) !== undefined ? { startTicks: startTicksOf(process.pid) } : {}),
    ...(bootId() ? { bootId: bootId() } : {}),
  };
  return self;
}

/** `user@host`, as the lock holder and the journal show an operator. */
export function operatorName(o: Pick<ProcessOwner, 'user' | 'host'> = currentOwner()): string {
  return `${o.user}@${o.host}`;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Alive or gone when it ran on this host; unknown for another host (a shared journal folder). */
export function liveness(owner: Pick<ProcessOwner, 'pid' | 'host' | 'startTicks' | 'bootId'>): Liveness {
  const me = currentOwner();
  if (owner.host !== me.host) return 'unknown';
  if (owner.bootId && me.bootId && owner.bootId !== me.bootId) return 'gone';
  if (owner.pid === me.pid) return owner.startTicks === undefined || owner.startTicks === me.startTicks ? 'alive' : 'gone';
  if (!Number.isInteger(owner.pid) || owner.pid <= 0 || !pidExists(owner.pid)) return 'gone';
  if (owner.startTicks !== undefined) {
    const now = startTicksOf(owner.pid);
    if (now !== undefined && now !== owner.startTicks) return 'gone';
  }
  return 'alive';
}
