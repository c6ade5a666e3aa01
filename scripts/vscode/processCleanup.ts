/**
 * Stops what the rig started when the script ends: process groups are killed on exit (even a crash),
 * and async shutdown steps run on Ctrl-C / SIGTERM before the process exits.
 */
import * as fs from 'node:fs';

type Shutdown = () => Promise<void> | void;

const groups = new Set<number>();
const shutdowns = new Set<Shutdown>();
const scratchDirs = new Set<string>();
let installed = false;
let shuttingDown = false;

function killGroupsNow(): void {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  groups.clear();
  if (process.env.RIG_KEEP !== '1') {
    for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
  }
  scratchDirs.clear();
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  if (shuttingDown) {
    killGroupsNow();
    process.exit(130);
  }
  shuttingDown = true;
  process.stderr.write(`\n${signal}: stopping…\n`);
  const all = [...shutdowns].map(async (fn) => {
    try {
      await fn();
    } catch (e) {
      process.stderr.write(`shutdown step failed: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  });
  await Promise.race([Promise.all(all), new Promise((r) => setTimeout(r, 8000))]);
  killGroupsNow();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killGroupsNow);
  process.on('SIGINT', (s) => void onSignal(s));
  process.on('SIGTERM', (s) => void onSignal(s));
}

/** Kill this detached child's whole process group when the script exits. */
export function trackProcessGroup(pid: number): () => void {
  install();
  groups.add(pid);
  return () => groups.delete(pid);
}

/** Remove this scratch folder when the script exits (unless RIG_KEEP=1). */
export function trackScratchDir(dir: string): () => void {
  install();
  scratchDirs.add(dir);
  return () => scratchDirs.delete(dir);
}

/** Run `fn` on Ctrl-C / SIGTERM before exiting. Returns an unregister function. */
export function onShutdown(fn: Shutdown): () => void {
  install();
  shutdowns.add(fn);
  return () => shutdowns.delete(fn);
}
