/**
 * Requests per command (issue 17): what the reads before a tag set/move/remove, a revision removal and a gateway
 * switch cost, before (every pod and workload LISTed again, untrimmed) and now (the extension's live cache is the
 * inventory source; only the control plane and gateways are listed). Counted on the client: requests and bytes.
 */
import type { ClusterClient, ListOptions, ResourceKind } from '../src/kube/clusterClient';
import { loadKubeconfigs } from '../src/kube/kubeconfigLoader';
import { openClusterSession } from '../src/kube/clusterSession';
import { readGatewayInventory } from '../src/upgrade/gatewayInventory';
import { readInventory } from '../src/upgrade/inventoryReader';
import { cachedSource, type InventorySource } from '../src/upgrade/inventorySource';
import { ratio, text, verdict, type Row } from './report';

interface Cost { requests: number; bytes: number; podLists: number }

function countingPods(client: ClusterClient, counter: { podLists: number }): ClusterClient {
  return Object.create(client, {
    list: { value: (kind: ResourceKind, o: ListOptions = {}) => {
      if (kind === 'pods' && !o.namespace) counter.podLists++;
      return client.list(kind, o);
    } },
  }) as ClusterClient;
}

async function cost(client: ClusterClient, read: (c: ClusterClient) => Promise<unknown>): Promise<Cost> {
  const before = client.stats();
  const counter = { podLists: 0 };
  await read(countingPods(client, counter));
  const after = client.stats();
  return { requests: after.requests - before.requests, bytes: after.bytes - before.bytes, podLists: counter.podLists };
}

const describe = (c: Cost) => `${c.requests} requests, ${(c.bytes / 1e6).toFixed(2)} MB${c.podLists ? `, ${c.podLists} LIST of every pod` : ''}`;

export async function commandReadsFigure(kubeconfigPath: string, context: string, judged: boolean): Promise<{ rows: Row[]; json: Record<string, unknown> }> {
  const session = openClusterSession(loadKubeconfigs([kubeconfigPath]), context, { watch: false });
  try {
    await session.cache.start();
    const source: InventorySource = cachedSource(session.cache);
    const commands: [string, (c: ClusterClient, s?: InventorySource) => Promise<unknown>][] = [
      ['tag set/move/remove', (c, s) => readInventory(c, { namespaces: [], owners: true, source: s })],
      ['remove revision, gateway switch', (c, s) => readGatewayInventory(c, undefined, { owners: true, source: s })],
    ];
    const rows: Row[] = [];
    const json: Record<string, unknown> = {};
    for (const [name, read] of commands) {
      const before = await cost(session.client, (c) => read(c));
      const now = await cost(session.client, (c) => read(c, source));
      json[name] = { before, now };
      rows.push({
        figure: `reads before ${name}`, ours: text(describe(now)), other: text(`before: ${describe(before)}`),
        ratio: before.bytes ? ratio(now.bytes, before.bytes, 3) : undefined,
        goal: judged ? 'no LIST of every pod' : 'no LIST of every pod (at M)', verdict: judged ? verdict(now.podLists === 0) : 'info',
      });
    }
    return { rows, json };
  } finally {
    session.dispose();
  }
}
