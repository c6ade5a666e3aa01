/**
 * Child-process entry: the extension's load path (Fleet: LISTs → model → precheck/gateways, then watches) in a
 * process of its own, with perf_hooks.monitorEventLoopDelay running, and optionally a migration through the same
 * client while the fleet keeps watching (every namespace it moves rebuilds the model). Prints one JSON line.
 * argv: kubeconfigPath context mode ('load' | 'migrate') [namespaces to migrate, default 100].
 * BENCH_STALL_PROF=FILE: a CPU profile of the measured stretch is written there (bench/profileTop.ts reads it).
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Fleet } from '../src/fleet/fleet';
import { planMigration } from '../src/mesh/migrationPlan';
import { runMigration } from '../src/upgrade/migrationRunner';

export interface StallSample {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  /** Stretches of the event loop over 50 ms (the histogram's samples are one per resolution tick). */
  over50: number;
  /**
   * The longest stretch the main thread spent running (its own CPU time, process.threadCpuUsage) between two ticks
   * of a 5 ms timer: a stall of the wall clock with little CPU in it was the process waiting to be scheduled.
   */
  maxOnCpuMs: number;
  /** The longest wall-clock stretches over 50 ms, each with the main thread's CPU time in it. */
  longest: { wallMs: number; cpuMs: number }[];
  elapsedMs: number;
  detail: string;
}

const RESOLUTION_MS = 10;

interface LongTasks {
  over50: number;
  maxOnCpuMs: number;
  longest: { wallMs: number; cpuMs: number }[];
}

function sampleOf(h: ReturnType<typeof monitorEventLoopDelay>, elapsedMs: number, detail: string, tasks: LongTasks): StallSample {
  // The histogram reports how late each timer tick ran beyond its resolution, in nanoseconds.
  return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, meanMs: h.mean / 1e6, ...tasks, elapsedMs, detail };
}

const threadCpuMs = (): number => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Blocks over 50 ms, counted independently of the histogram by a coarse timer that measures its own lateness,
 * each with the main thread's CPU time in it (a stall with little CPU is the OS running something else).
 */
function longTaskCounter(): { stop: () => LongTasks } {
  const stretches: { wallMs: number; cpuMs: number }[] = [];
  let maxOnCpuMs = 0;
  let last = performance.now();
  let lastCpu = threadCpuMs();
  const t = setInterval(() => {
    const now = performance.now();
    const cpu = threadCpuMs();
    const wallMs = now - last - 5;
    const cpuMs = Math.min(cpu - lastCpu, now - last);
    maxOnCpuMs = Math.max(maxOnCpuMs, cpuMs);
    if (wallMs > 50) stretches.push({ wallMs, cpuMs });
    last = now;
    lastCpu = cpu;
  }, 5);
  return {
    stop: () => {
      clearInterval(t);
      const longest = [...stretches].sort((a, b) => b.wallMs - a.wallMs).slice(0, 3).map((x) => ({ wallMs: Math.round(x.wallMs), cpuMs: Math.round(x.cpuMs) }));
      return { over50: stretches.length, maxOnCpuMs, longest };
    },
  };
}

async function profiled<T>(fn: () => Promise<T>): Promise<T> {
  const file = process.env.BENCH_STALL_PROF;
  if (!file) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    fs.writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

async function measure(what: () => Promise<string>): Promise<StallSample> {
  const h = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const longTasks = longTaskCounter();
  const started = performance.now();
  h.enable();
  const detail = await profiled(what);
  h.disable();
  return sampleOf(h, performance.now() - started, detail, longTasks.stop());
}

async function main(): Promise<void> {
  const [kubeconfigPath, context, mode, count] = process.argv.slice(2);
  const fleet = new Fleet({ paths: [kubeconfigPath], contexts: [context], watch: true });
  let out: StallSample;
  if (mode === 'load') {
    out = await measure(async () => {
      await fleet.load();
      const s = fleet.cluster(context);
      if (s?.status !== 'ready') throw new Error(`cluster not ready: ${s?.error?.message ?? s?.status}`);
      return `${s.snapshot?.namespaces.length ?? 0} namespaces, ${s.findings?.length ?? 0} findings`;
    });
  } else {
    await fleet.load();
    const state = fleet.cluster(context);
    const cache = fleet.cache(context);
    const client = fleet.client(context);
    if (state?.status !== 'ready' || !state.snapshot || !cache || !client) throw new Error(`cluster not ready: ${state?.error?.message ?? state?.status}`);
    const revisions = state.snapshot.revisions.map((r) => r.name);
    const target = revisions[revisions.length - 1];
    const names = state.snapshot.namespaces.filter((n) => n.name.startsWith('ns-') && n.target?.revision !== target)
      .slice(0, Number(count ?? 100)).map((n) => n.name);
    const planned = planMigration(context, cache.inventory(), names, target);
    if (!planned.ok) throw new Error(planned.error);
    let rebuilds = 0;
    fleet.onDidChange(() => rebuilds++);
    out = await measure(async () => {
      const outcome = await runMigration({ client }, planned.plan, { concurrency: 10 });
      // Let the watches deliver the last changes and the fleet rebuild the model for them.
      await new Promise((r) => setTimeout(r, 1500));
      const done = outcome.namespaces.filter((n) => n.status === 'done').length;
      return `${done}/${names.length} namespaces moved to ${target}, ${rebuilds} model updates while watching`;
    });
  }
  fleet.dispose();
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

main().catch((e: unknown) => {
  process.stderr.write(`stall child: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
