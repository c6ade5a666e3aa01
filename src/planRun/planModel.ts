/** The cluster as plan creation and plan checks need it, read fresh: snapshot (owners included) and gateways. */
import type { ClusterClient } from '../kube/clusterClient';
import { findGateways } from '../mesh/gateways';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import type { PlanModel } from '../plan/planWorld';
import { withGatewayServices } from '../upgrade/gatewayInventory';
import { readInventory } from '../upgrade/inventoryReader';

export async function readPlanModel(client: ClusterClient, signal?: AbortSignal): Promise<PlanModel> {
  const inv = await withGatewayServices(client, await readInventory(client, { owners: true, signal }), signal);
  const snapshot = buildSnapshot(client.context, inv);
  return { snapshot, gateways: findGateways(inv, snapshot) };
}
