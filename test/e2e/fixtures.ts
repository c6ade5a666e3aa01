/**
 * The clusters the e2e tests look at: one simulator per scenario, a context whose server is a dead
 * loopback port, and a kubeconfig file that is not YAML. Used by test/e2e/runE2e.ts and .vscode-test.mjs.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { startSimulator } from '../../src/sim/simulator';
import type { E2eExpectations } from './suite/expectations';

export const E2E_SCENARIOS = ['canary-1-6-to-1-7', 'tags-prod-canary', 'blue-green-gateways', 'mid-upgrade'] as const;
export const DEAD_CONTEXT = 'dead-cluster';

export interface E2eFixtures {
  /** KUBECONFIG value: every file, joined with path.delimiter (simulators first, so one is current). */
  kubeconfig: string;
  expectations: E2eExpectations;
  stop(): Promise<void>;
}

/** A port nothing listens on: bind, read it, close. */
async function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function writeDeadKubeconfig(file: string, port: number): void {
  fs.writeFileSync(file, [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${DEAD_CONTEXT}`,
    'clusters:',
    `- name: ${DEAD_CONTEXT}`,
    '  cluster:',
    `    server: https://127.0.0.1:${port}`,
    '    insecure-skip-tls-verify: true',
    'users:',
    `- name: ${DEAD_CONTEXT}-user`,
    '  user:',
    '    token: not-a-real-token',
    'contexts:',
    `- name: ${DEAD_CONTEXT}`,
    '  context:',
    `    cluster: ${DEAD_CONTEXT}`,
    `    user: ${DEAD_CONTEXT}-user`,
    '',
  ].join('\n'));
}

export interface FixtureOptions {
  /** Folder for the kubeconfig files (created). */
  dir: string;
  scenarios?: readonly string[];
  podReadyDelayMs?: number;
}

export async function startE2eFixtures(opts: FixtureOptions): Promise<E2eFixtures> {
  fs.mkdirSync(opts.dir, { recursive: true });
  const sims: { stop(): Promise<void> | void }[] = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(sims.map(async (s) => s.stop()));
  };
  try {
    const clusters: E2eExpectations['clusters'] = [];
    const files: string[] = [];
    for (const scenario of opts.scenarios ?? E2E_SCENARIOS) {
      const sim = await startSimulator({ scenario, port: 0, podReadyDelayMs: opts.podReadyDelayMs ?? 0 });
      sims.push(sim);
      if (clusters.some((c) => c.context === sim.contextName)) {
        throw new Error(`two simulators share the context name ${sim.contextName}: kubectl semantics would hide one`);
      }
      clusters.push({ context: sim.contextName, scenario, server: sim.url, kubeconfigPath: sim.kubeconfigPath });
      files.push(sim.kubeconfigPath);
    }
    const deadFile = path.join(opts.dir, 'dead-cluster.kubeconfig.yaml');
    writeDeadKubeconfig(deadFile, await deadPort());
    const garbageFile = path.join(opts.dir, 'garbage.kubeconfig.yaml');
    fs.writeFileSync(garbageFile, 'this: is: not [valid yaml\n\t- {{{\n\u0000\u0001 binary junk\n');
    files.push(deadFile, garbageFile);
    return {
      kubeconfig: files.join(path.delimiter),
      expectations: { clusters, deadContext: DEAD_CONTEXT, garbageFile },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
