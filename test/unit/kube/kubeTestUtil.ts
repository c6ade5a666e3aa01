/** Builds clients for the fake API server through the real loader path (temp kubeconfig file). */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CallLogger } from '../../../src/kube/clusterClient';
import { isClusterError, type ClusterError } from '../../../src/kube/clusterError';
import { loadKubeconfigs, makeKubeConfig } from '../../../src/kube/kubeconfigLoader';
import { createClusterClient, type ClusterClientOptions } from '../../../src/kube/restClusterClient';
import { ClusterCache, type ClusterCacheOptions } from '../../../src/kube/clusterCache';
import { FakeApiServer as FakeApiServerClass, type FakeApiServer } from './fakeApiServer';

export function writeTempKubeconfig(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-client-test-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, text);
  return file;
}

export function clientFor(fake: FakeApiServer, options: ClusterClientOptions = {}, kubeconfigText?: string) {
  const file = writeTempKubeconfig(kubeconfigText ?? fake.kubeconfigYaml());
  const loaded = loadKubeconfigs([file]);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return createClusterClient(makeKubeConfig(loaded, 'fake'), 'fake', options);
}

export interface LoggedCall {
  method: string;
  path: string;
  status: number | 'error';
  ms: number;
}

export function recordingLogger(): CallLogger & { calls: LoggedCall[]; warnings: string[] } {
  const calls: LoggedCall[] = [];
  const warnings: string[] = [];
  return {
    calls,
    warnings,
    call: (_context, method, p, status, ms) => { calls.push({ method, path: p, status, ms }); },
    warn: (message) => { warnings.push(message); },
  };
}

export function waitFor(predicate: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The ClusterError `p` rejects with (fails the test if it resolves or rejects with something else). */
export async function rejection(p: Promise<unknown>): Promise<ClusterError> {
  try {
    await p;
  } catch (e) {
    assert.ok(isClusterError(e), `expected a ClusterError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a rejection');
}

/** A loopback port nothing listens on (connection refused). */
export async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Per test: a fresh FakeApiServer seeded by `seed`, stopped afterwards with every ClusterCache the test made.
 * Read `env.fake` inside tests (it is replaced before each one).
 */
export function fakeClusterPerTest(seed: (fake: FakeApiServer) => void, cacheOptions: ClusterCacheOptions): {
  readonly fake: FakeApiServer;
  cache(clientOptions?: ClusterClientOptions): ClusterCache;
} {
  let current: FakeApiServer | undefined;
  const caches: ClusterCache[] = [];
  beforeEach(async () => {
    current = await FakeApiServerClass.start();
    seed(current);
  });
  afterEach(async () => {
    for (const c of caches.splice(0)) c.stop();
    await current?.stop();
  });
  return {
    get fake(): FakeApiServer {
      if (!current) throw new Error('no fake API server outside a test');
      return current;
    },
    cache(clientOptions = {}): ClusterCache {
      const c = new ClusterCache(clientFor(this.fake, clientOptions), cacheOptions);
      caches.push(c);
      return c;
    },
  };
}
