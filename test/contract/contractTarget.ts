/** What a contract target provides, and the shared state and helpers every contract case uses. */
import type { ClusterClient } from '../../src/kube/clusterClient';
import type { KConfigMap, KWorkload } from '../../src/mesh/kubeObjects';
import type { WorkloadRef } from '../../src/mesh/migrationPlan';
import { resourceOf } from '../../src/upgrade/restartWorkload';
import { rolloutProgress } from '../../src/upgrade/waitForRollout';
import { isClusterError, type ClusterError } from '../../src/kube/clusterError';
import type { RawApi } from './rawApi';

export interface ContractCluster {
  kubeconfigPath: string;
  /** Admin context. */
  context: string;
  /** A context whose user may not list pods. */
  limitedContext?: string;
  stop(): Promise<void>;
  /** No kubelet: mark the namespace's pods Running/Ready (pods/status), like a kubelet would. */
  makePodsReady?(ns: string): Promise<void>;
  /** Makes every resourceVersion seen so far too old for a watch (an etcd compaction). */
  expireWatchHistory?(): Promise<void>;
  /** Creates a ServiceAccount when the server has them (1.20's ServiceAccount admission rejects pods without). */
  ensureServiceAccount?(ns: string, name: string): Promise<void>;
  /** Where injector webhooks of `revision` (proxy `version`) should point. */
  injectorClientConfig?(revision: string, version: string): { url: string; caBundle?: string };
}

export interface ContractTarget {
  name: string;
  start(): Promise<ContractCluster>;
}

export interface ContractEnv {
  target: string;
  cluster: ContractCluster;
  client: ClusterClient;
  limited?: ClusterClient;
  raw: RawApi;
}

export type EnvRef = () => ContractEnv;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function eventually<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000, pollMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms; last: ${JSON.stringify(v).slice(0, 600)}`);
    await sleep(pollMs);
  }
}

/** Runs `fn`, which must fail with a ClusterError; returns it. */
export async function clusterError(fn: () => Promise<unknown>): Promise<ClusterError> {
  try {
    await fn();
  } catch (e) {
    if (isClusterError(e)) return e;
    throw e;
  }
  throw new Error('expected a ClusterError, but the call succeeded');
}

export async function createNamespace(env: ContractEnv, name: string, labels: Record<string, string> = {}): Promise<void> {
  await env.client.create('namespaces', { metadata: { name, labels } });
}

export function configMap(ns: string, name: string, labels: Record<string, string> = {}, data: Record<string, string> = {}): KConfigMap {
  return { metadata: { name, namespace: ns, labels }, data };
}

/** A Deployment of one plain container; pods stay Pending on the real server until makePodsReady. */
export function appDeployment(ns: string, name: string, replicas = 1): KWorkload {
  return {
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'registry.k8s.io/e2e-test-images/agnhost:2.39' }] },
      },
    },
  };
}

/** Marks pods ready (no kubelet on the real server) until the rollout is complete as `kubectl rollout status` sees it. */
export async function settleRollout(env: ContractEnv, ref: WorkloadRef, minGeneration?: number): Promise<KWorkload> {
  return eventually(`rollout of ${ref.namespace}/${ref.name}`, async () => {
    await env.cluster.makePodsReady?.(ref.namespace);
    return env.client.get(resourceOf(ref), ref.name, ref.namespace);
  }, (d) => rolloutProgress(ref, d, minGeneration).done, 40_000, 200);
}
