/**
 * Event-loop stalls in the extension's process (issue 17): every extension shares one extension-host thread, so
 * a long synchronous stretch while we load a cluster freezes all of them. Measured in a fresh process per run
 * (bench/stallChild.ts): a cold load through Fleet, and a migration while the fleet watches. The migration
 * changes the cluster, so this figure runs last at its size.
 */
import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { StallSample } from './stallChild';
import { ms, verdict, type Row } from './report';
import { summarize } from './stats';

const run = promisify(execFile);
export const STALL_GOAL_MS = 50;
/** Namespaces the migration moves (10 at a time, the extension's concurrency). */
export const STALL_MIGRATED = 100;

async function child(kubeconfigPath: string, context: string, mode: 'load' | 'migrate', profile?: string): Promise<StallSample> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(__dirname, 'stallChild.ts'), kubeconfigPath, context, mode, String(STALL_MIGRATED)], {
    maxBuffer: 1 << 20, env: profile ? { ...process.env, BENCH_STALL_PROF: profile } : process.env,
  });
  return JSON.parse(stdout) as StallSample;
}

export async function stallFigure(kubeconfigPath: string, context: string, reps: number, judged: boolean): Promise<{ rows: Row[]; json: Record<string, unknown> }> {
  const load: StallSample[] = [];
  for (let i = 0; i < reps; i++) load.push(await child(kubeconfigPath, context, 'load'));
  // Each migration moves 100 namespaces not yet on the last revision, so repetitions move different ones; where the
  // goal is judged (L: 1,333 such namespaces) a median of `reps`, elsewhere (too few namespaces) one run.
  const migrate: StallSample[] = [];
  for (let i = 0; i < (judged ? reps : 1); i++) migrate.push(await child(kubeconfigPath, context, 'migrate'));
  const goal = judged ? `max ≤ ${STALL_GOAL_MS} ms` : `max ≤ ${STALL_GOAL_MS} ms (at L)`;
  const rows: Row[] = [];
  for (const [label, samples] of [['cold load (Fleet: LISTs, model, precheck)', load], [`migrate ${STALL_MIGRATED} ns while watching`, migrate]] as const) {
    const max = summarize(samples.map((s) => s.maxMs));
    const p99 = summarize(samples.map((s) => s.p99Ms));
    rows.push({
      figure: `event-loop stall, ${label}: max`, ours: ms(max), goal, verdict: judged ? verdict(max.median <= STALL_GOAL_MS) : 'info',
      note: `p99 ${p99.median.toFixed(1)} ms, mean ${summarize(samples.map((s) => s.meanMs)).median.toFixed(1)} ms, ${samples[0].over50} stretches over 50 ms in ${(samples[0].elapsedMs / 1000).toFixed(1)} s; ${samples[0].detail} (monitorEventLoopDelay, 10 ms resolution, fresh process each; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs: a descheduled process shows as a stall too)`,
    });
    rows.push({ figure: `event-loop stall, ${label}: p99`, ours: ms(p99), goal: 'info', verdict: 'info' });
    const onCpu = summarize(samples.map((s) => s.maxOnCpuMs));
    const longest = samples.flatMap((s) => s.longest).sort((a, b) => b.wallMs - a.wallMs).slice(0, 3);
    rows.push({
      figure: `event-loop stall, ${label}: longest on CPU`, ours: ms(onCpu), goal: judged ? `≤ ${STALL_GOAL_MS} ms` : 'info', verdict: judged ? verdict(onCpu.median <= STALL_GOAL_MS) : 'info',
      note: `the main thread's own CPU time (process.threadCpuUsage) between two ticks of a 5 ms timer: what our code ran in one go, whatever else the machine ran${longest.length ? `; the longest stalls (wall / on CPU): ${longest.map((x) => `${x.wallMs} / ${x.cpuMs} ms`).join(', ')}` : ''}`,
    });
  }
  return { rows, json: { load, migrate } };
}
