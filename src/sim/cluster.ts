/** Wires store, API, admission and controllers into one in-process cluster (no HTTP). */
import { createSidecarInjector } from './admission/sidecarInjector';
import { ControllerContext } from './controllers/controllerContext';
import { ControllerManager } from './controllers/controllerManager';
import { DaemonSetController } from './controllers/daemonSetController';
import { DeploymentController } from './controllers/deploymentController';
import { GitOpsSelfHeal } from './controllers/gitopsSelfHeal';
import { GitRepository } from './controllers/gitRepository';
import { Housekeeping } from './controllers/housekeeping';
import { PodLifecycle } from './controllers/podLifecycle';
import { ReplicaSetController } from './controllers/replicaSetController';
import { SailOperator } from './controllers/sailOperator';
import { StatefulSetController } from './controllers/statefulSetController';
import { ClusterApi } from './core/clusterApi';
import { CrdController } from './crd/crdController';
import { ObjectStore } from './core/objectStore';
import { loadBaseCluster } from './scenarios/baseCluster';
import { ScenarioContext, type Scenario } from './scenarios/scenarioContext';
import { SeededRandom } from './util/random';
import { TrafficModel, type TrafficOptions } from './prometheus/trafficModel';

export interface SimClusterOptions {
  seed?: string;
  podReadyDelayMs?: number;
  /** Events kept for watch resumption (default 5000). */
  historySize?: number;
  /** How long the simulated Sail Operator waits before undoing a direct edit of an object it owns (default 300 ms). */
  operatorDelayMs?: number;
  /** How long simulated Argo CD / Flux wait before putting a drifted Git-managed object back (default 2000 ms). */
  selfHealDelayMs?: number;
  /** Synthetic Istio traffic (what the simulated Prometheus reports). */
  traffic?: TrafficOptions;
}

export interface SimCluster {
  store: ObjectStore;
  api: ClusterApi;
  /** What the simulated GitOps owners consider "in Git". */
  git: GitRepository;
  /** Which proxy served when: the simulated Prometheus's series. */
  traffic: TrafficModel;
  /** Stops pending readiness timers. */
  stop(): void;
}

export function createSimCluster(options: SimClusterOptions = {}): SimCluster {
  const store = new ObjectStore({ historySize: options.historySize });
  const api = new ClusterApi(store, new SeededRandom(options.seed ?? 'sim'));
  api.addAdmission('pods', createSidecarInjector(store));
  const ctx = new ControllerContext(api, store, options.podReadyDelayMs ?? 0);
  const manager = new ControllerManager();
  manager.register(new DeploymentController(ctx));
  manager.register(new ReplicaSetController(ctx));
  manager.register(new StatefulSetController(ctx));
  manager.register(new DaemonSetController(ctx));
  manager.register(new PodLifecycle(ctx));
  manager.register(new Housekeeping(ctx));
  manager.register(new CrdController(ctx));
  manager.register(new SailOperator(ctx, { revertDelayMs: options.operatorDelayMs ?? 300 }));
  const git = new GitRepository();
  manager.register(new GitOpsSelfHeal(ctx, git, { delayMs: options.selfHealDelayMs ?? 2000 }));
  store.subscribe((e) => manager.handle(e));
  api.onSettled(() => manager.drain());
  const traffic = new TrafficModel(store, options.traffic);
  return { store, api, git, traffic, stop: () => ctx.stop() };
}

/** Base cluster (system namespaces, nodes, CoreDNS) plus the scenario, all through admission and controllers. */
export function loadScenario(cluster: SimCluster, scenario: Scenario): void {
  const ctx = new ScenarioContext(cluster.api, scenario.seed, cluster.git);
  loadBaseCluster(ctx);
  scenario.load(ctx);
  // The scenario's pods have served for an hour: a baseline read right after start has a history.
  cluster.traffic.backdate(3600_000, cluster.store);
}
