/**
 * readInventory plus the Services of every namespace holding a gateway Deployment: the inventory keeps only the
 * control plane's Services, but a gateway's LoadBalancer Service usually lives next to the gateway.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { ClusterInventory, KService } from '../mesh/kubeObjects';
import { gatewayStyleOf } from '../mesh/gateways';
import { readInventory } from './inventoryReader';
import type { InventorySource } from './inventorySource';

export async function withGatewayServices(client: ClusterClient, inv: ClusterInventory, signal?: AbortSignal): Promise<ClusterInventory> {
  const namespaces = [...new Set(inv.deployments.filter((d) => gatewayStyleOf(d)).map((d) => d.metadata.namespace ?? ''))].filter(Boolean).sort();
  const have = new Set(inv.services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
  const extra: KService[] = [];
  for (const namespace of namespaces) {
    for (const s of (await client.list('services', { namespace, signal })).items) {
      const key = `${s.metadata.namespace}/${s.metadata.name}`;
      if (!have.has(key)) {
        have.add(key);
        extra.push(s);
      }
    }
  }
  return { ...inv, services: [...inv.services, ...extra] };
}

/**
 * `owners`: also read who owns the install (Helm release Secrets, Sail resources), for owner routes and previews.
 * `source`: pods and workloads from the extension's live cache instead of LISTs (inventorySource.ts).
 */
export async function readGatewayInventory(client: ClusterClient, signal?: AbortSignal, opts: { owners?: boolean; source?: InventorySource } = {}): Promise<ClusterInventory> {
  return withGatewayServices(client, await readInventory(client, { signal, owners: opts.owners, source: opts.source }), signal);
}
