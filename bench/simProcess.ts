/** Starts the simulator (bench/simChild.ts) in its own Node process and reads back where it listens. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { GeneratedParams } from '../src/sim/simulator';

export interface SimEndpoint {
  url: string;
  kubeconfigPath: string;
  contextName: string;
  adminToken: string;
  caPem: string;
  pid: number;
  stop(): Promise<void>;
}

/** BENCH_SIM_PROF_DIR=DIR: the simulator child writes a V8 CPU profile there (to tell server time from ours). */
export function tsxNodeArgs(...extra: string[]): string[] {
  const prof = process.env.BENCH_SIM_PROF_DIR;
  return [...extra, ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), '--import', 'tsx'];
}

export async function startSimProcess(scenario: GeneratedParams, podReadyDelayMs = 0, allBoundTo?: string): Promise<SimEndpoint> {
  const child: ChildProcess = spawn(process.execPath, [...tsxNodeArgs('--max-old-space-size=8192'), path.join(__dirname, 'simChild.ts'), JSON.stringify({ scenario, podReadyDelayMs, allBoundTo })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const info = await new Promise<Omit<SimEndpoint, 'stop' | 'pid'>>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const nl = buffered.indexOf('\n');
      if (nl >= 0) resolve(JSON.parse(buffered.slice(0, nl)) as Omit<SimEndpoint, 'stop' | 'pid'>);
    });
    child.once('exit', (code) => reject(new Error(`simulator child exited early (code ${code})`)));
    child.once('error', reject);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    ...info,
    pid: child.pid ?? 0,
    async stop() {
      child.stdin?.end();
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}
