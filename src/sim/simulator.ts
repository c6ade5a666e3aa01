/**
 * A Kubernetes API server simulator on loopback, speaking the real REST API over HTTPS, with Istio
 * scenarios. Used by tests, benchmarks, the CLI and the built-in demo mesh.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeServingCerts } from './certs';
import { createSimCluster, loadScenario } from './cluster';
import type { GitRepository } from './controllers/gitRepository';
import type { ClusterApi } from './core/clusterApi';
import type { ObjectStore } from './core/objectStore';
import { SimHttpServer, type RequestHook } from './http/server';
import { renderKubeconfig } from './kubeconfig';
import { findScenario, scenarioNames as registeredScenarioNames, type Scenario } from './scenarios/index';
import type { TrafficModel, TrafficOptions } from './prometheus/trafficModel';

export type { ObjectStore } from './core/objectStore';
export type { Scenario } from './scenarios/index';
export { parseRegression, trafficArgs, type Regression, type TrafficOptions } from './prometheus/trafficModel';
export { generateScenario, type GeneratedParams } from './scenarios/index';

export const DEFAULT_SCENARIO = 'canary-1-6-to-1-7';

export interface SimulatorOptions {
  /** Scenario name (default 'canary-1-6-to-1-7'); `generated?namespaces=N&podsPerNamespace=M` takes parameters. */
  scenario?: string;
  /** A scenario object instead of a name (e.g. from generateScenario). */
  scenarioDefinition?: Scenario;
  /** 0 = a free port. */
  port?: number;
  /** Delay before a new pod becomes Running/Ready (default 0). */
  podReadyDelayMs?: number;
  /** Where certs and the kubeconfig go; default a new temp dir (removed on stop). */
  stateDir?: string;
  /** Watch-resume history size (default 5000 events). */
  historySize?: number;
  /** How often a watch with allowWatchBookmarks=true gets a BOOKMARK (default 1000 ms). */
  bookmarkIntervalMs?: number;
  /** Simulated Sail Operator: delay before it undoes a direct edit of an object it owns (default 300 ms). */
  operatorDelayMs?: number;
  /** Simulated Argo CD / Flux: delay before a drifted Git-managed object is put back (default 2000 ms). */
  selfHealDelayMs?: number;
  /** Called with every HTTP request's method and URL as it arrives. */
  onRequest?: (method: string, url: string) => void;
  /**
   * Synthetic Istio traffic for the simulated Prometheus (a Service labelled app=prometheus, reached through the
   * service proxy): regressions, idle workloads, requests per second. Overrides the scenario's own (`traffic`).
   */
  traffic?: TrafficOptions;
}

export interface RunningSimulator {
  url: string;
  port: number;
  /** `sim-<scenario>` */
  contextName: string;
  kubeconfigPath: string;
  kubeconfigYaml: string;
  adminToken: string;
  restrictedToken: string;
  /** PEM of the CA that signed the serving certificate. */
  caPem: string;
  /** Direct access for tests. */
  store: ObjectStore;
  /** The in-process API (admission, controllers) behind the HTTP server. */
  api: ClusterApi;
  /** What the simulated GitOps owners apply; tests may change it like a commit. */
  git: GitRepository;
  /** The simulated Prometheus's traffic: tests switch regressions on and off. */
  traffic: TrafficModel;
  /** Fault injection for tests: delay or fail requests before they are handled (undefined: none). */
  setRequestHook(hook: RequestHook | undefined): void;
  stop(): Promise<void>;
}

export function scenarioNames(): string[] {
  return registeredScenarioNames();
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const scenario = options.scenarioDefinition ?? findScenario(options.scenario ?? DEFAULT_SCENARIO);
  if (!scenario) throw new Error(`unknown scenario "${options.scenario}" (known: ${scenarioNames().join(', ')})`);
  const ownDir = !options.stateDir;
  const stateDir = options.stateDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'istio-canary-sim-')));
  const certs = await makeServingCerts(stateDir);
  const cluster = createSimCluster({
    seed: scenario.seed, podReadyDelayMs: options.podReadyDelayMs, historySize: options.historySize,
    operatorDelayMs: options.operatorDelayMs, selfHealDelayMs: options.selfHealDelayMs,
    traffic: { ...scenario.traffic, ...options.traffic },
  });
  loadScenario(cluster, scenario);
  cluster.store.warmListCache();
  const adminToken = randomBytes(24).toString('hex');
  const restrictedToken = randomBytes(24).toString('hex');
  const server = new SimHttpServer(cluster.api, {
    port: options.port ?? 0,
    cert: certs.certPem,
    key: certs.keyPem,
    users: new Map([
      [adminToken, { name: 'admin', groups: ['system:masters', 'system:authenticated'] }],
      [restrictedToken, { name: 'restricted', groups: ['system:authenticated'] }],
    ]),
    watch: { bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000, defaultTimeoutSeconds: 1800 },
    onRequest: options.onRequest,
    traffic: cluster.traffic,
  });
  let port: number;
  try {
    port = await server.listen();
  } catch (e) {
    cluster.stop();
    throw e;
  }
  const url = `https://127.0.0.1:${port}`;
  const contextName = `sim-${scenario.name}`;
  const kubeconfigYaml = renderKubeconfig({ contextName, server: url, caPem: certs.caPem, adminToken, restrictedToken });
  const kubeconfigPath = path.join(stateDir, 'kubeconfig');
  await fs.writeFile(kubeconfigPath, kubeconfigYaml, { mode: 0o600 });
  let stopped = false;
  return {
    url, port, contextName, kubeconfigPath, kubeconfigYaml, adminToken, restrictedToken, caPem: certs.caPem,
    store: cluster.store,
    api: cluster.api,
    git: cluster.git,
    traffic: cluster.traffic,
    setRequestHook(hook) {
      server.requestHook = hook;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      cluster.stop();
      await server.close();
      if (ownDir) await fs.rm(stateDir, { recursive: true, force: true });
    },
  };
}
