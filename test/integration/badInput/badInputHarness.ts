/**
 * The bad-input suite's harness: one simulator (tags-prod-canary) that logs every HTTP request, the CLI's main()
 * run in-process with its output captured, and the checks every case must pass — the exit code, a message that
 * names the problem, no write reaching the cluster, no stack trace, nothing that could drive a terminal.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSimulator, type RunningSimulator } from '../../../src/sim/simulator';
import { main } from '../../../src/cli';
import { freePort } from '../simHarness';

export type Category = 'kubeconfig' | 'arguments' | 'hostile objects' | 'journal';

export interface CaseEnv {
  sim: RunningSimulator;
  /** The simulator's kubeconfig and admin context. */
  kubeconfig: string;
  context: string;
  /** A fresh directory per case (kubeconfig files, journals). */
  dir: string;
  /** `--kubeconfig K --context C --journal J`: the usual prefix of a case's arguments. */
  target: string[];
  /** A loopback port that was free when the suite started: connecting to it is refused. */
  closedPort: number;
}

export interface BadInputCase {
  name: string;
  category: Category;
  /** Puts hostile objects into the simulator or files into env.dir; not counted as the command's writes. */
  setup?: (env: CaseEnv) => void;
  argv: (env: CaseEnv) => string[];
  exit: number;
  /** What the output (stdout and stderr) must say. */
  message: RegExp;
  /** Extra checks on what was printed. */
  check?: (out: string, err: string) => void;
}

export interface Suite {
  sim: RunningSimulator;
  requests: string[];
  closedPort: number;
  stop(): Promise<void>;
}

export async function startSuite(): Promise<Suite> {
  const requests: string[] = [];
  const sim = await startSimulator({ scenario: 'tags-prod-canary', port: 0, onRequest: (method, url) => requests.push(`${method} ${url}`) });
  return { sim, requests, closedPort: await freePort(), stop: () => sim.stop() };
}

const STACK_FRAME = /^\s+at .+[(\s].+:\d+:\d+\)?$/m;
// What a terminal would act on: C0 controls other than newline and tab, DEL, C1 controls, bidi overrides.
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/** Waits until the simulator's controllers are done reacting to a setup (no new resourceVersion for a moment). */
async function quiet(sim: RunningSimulator): Promise<void> {
  let rv = -1;
  for (let i = 0; i < 100 && rv !== sim.store.currentResourceVersion; i++) {
    rv = sim.store.currentResourceVersion;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function runCase(suite: Suite, c: BadInputCase): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-input-'));
  try {
    const env: CaseEnv = {
      sim: suite.sim, kubeconfig: suite.sim.kubeconfigPath, context: suite.sim.contextName, dir,
      target: ['--kubeconfig', suite.sim.kubeconfigPath, '--context', suite.sim.contextName, '--journal', path.join(dir, 'journal')],
      closedPort: suite.closedPort,
    };
    c.setup?.(env);
    await quiet(suite.sim);
    const rvBefore = suite.sim.store.currentResourceVersion;
    const firstRequest = suite.requests.length;
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(c.argv(env), { out: (t) => out.push(t), err: (t) => err.push(t) });
    const printed = `${out.join('\n')}\n${err.join('\n')}`;
    if (process.env.BAD_INPUT_SHOW) console.log(`--- ${c.name} → ${code}\n${printed.trim()}`);
    assert.equal(code, c.exit, `exit code of ${c.name}; printed:\n${printed}`);
    assert.match(printed, c.message, `the message names the problem; printed:\n${printed}`);
    const writes = suite.requests.slice(firstRequest).filter((r) => !r.startsWith('GET '));
    assert.deepEqual(writes, [], 'no request but GET reached the cluster');
    assert.equal(suite.sim.store.currentResourceVersion, rvBefore, 'nothing in the cluster changed');
    assert.doesNotMatch(printed, STACK_FRAME, 'no stack trace');
    assert.doesNotMatch(printed, RAW_CONTROL, 'no raw control character reaches the terminal');
    c.check?.(out.join('\n'), err.join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a kubeconfig file into env.dir and returns its path. */
export function writeFile(env: CaseEnv, name: string, text: string): string {
  const file = path.join(env.dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** A kubeconfig for the simulator's server with one context `c`, with parts of it replaced. */
export function kubeconfigYaml(env: CaseEnv, o: { server?: string; cluster?: Record<string, unknown>; user?: Record<string, unknown>; currentContext?: string; contextCluster?: string; contextUser?: string } = {}): string {
  const ca = Buffer.from(env.sim.caPem).toString('base64');
  return JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': o.currentContext ?? 'c',
    clusters: [{ name: 'sim', cluster: o.cluster ?? { server: o.server ?? env.sim.url, 'certificate-authority-data': ca } }],
    users: [{ name: 'admin', user: o.user ?? { token: env.sim.adminToken } }],
    contexts: [{ name: 'c', context: { cluster: o.contextCluster ?? 'sim', user: o.contextUser ?? 'admin' } }],
  });
}
