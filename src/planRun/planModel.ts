/** The cluster as plan creation and plan checks need it, read fresh: snapshot (owners included) and gateways. */
import type { ClusterClient } from '../kube/clusterClient';
import { findGateways } from '../mesh/gateways';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import type { PlanModel } from '../plan/planWorld';
import { readGatewayInventory } from '../upgrade/gatewayInventory';

export async function readPlanModel(client: ClusterClient, signal?: AbortSignal): Promise<PlanModel> {
  const inv = await readGatewayInventory(client, signal, { owners: true });
  const snapshot = buildSnapshot(client.context, inv);
  return { snapshot, gateways: findGateways(inv, snapshot) };
}
