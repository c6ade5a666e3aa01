/** A simulator scenario as the plan checks see it (in-process, no HTTP): its snapshot and gateways. */
import { findGateways } from '../../../src/mesh/gateways';
import type { ClusterInventory } from '../../../src/mesh/kubeObjects';
import { buildSnapshot } from '../../../src/mesh/snapshotBuilder';
import type { PlanModel } from '../../../src/plan/planWorld';
import { createSimCluster, loadScenario } from '../../../src/sim/cluster';
import { findScenario } from '../../../src/sim/scenarios/index';

export function scenarioInventory(name: string, edit?: (inv: ClusterInventory) => void): ClusterInventory {
  const c = createSimCluster({ seed: name });
  const scenario = findScenario(name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  loadScenario(c, scenario);
  const list = <T>(kind: string, ns?: string): T[] => c.store.list(kind, ns) as unknown as T[];
  const inv: ClusterInventory = {
    namespaces: list('namespaces'), pods: list('pods'), deployments: list('deployments'), statefulSets: list('statefulsets'),
    daemonSets: list('daemonsets'), mutatingWebhooks: list('mutatingwebhookconfigurations'), validatingWebhooks: list('validatingwebhookconfigurations'),
    services: list('services'), configMaps: list('configmaps', 'istio-system'),
  };
  c.stop();
  edit?.(inv);
  return inv;
}

export function scenarioModel(name: string, context = `sim-${name}`, edit?: (inv: ClusterInventory) => void): PlanModel {
  const inv = scenarioInventory(name, edit);
  const snapshot = buildSnapshot(context, inv);
  return { snapshot, gateways: findGateways(inv, snapshot) };
}
