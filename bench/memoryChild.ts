/**
 * Child-process entry (run with --expose-gc): loads one cluster with nothing else in the process and prints
 * heap/RSS growth as JSON. argv: kubeconfigPath context mode. Mode `ours`: session + cache.start() +
 * buildSnapshot. Mode `perPage`: the same LISTs as raw pages, each page JSON.parse'd whole and trimmed (trimObject),
 * then buildSnapshot — what the model costs when full objects never pile up.
 */
import * as https from 'node:https';
import type { ResourceKind } from '../src/kube/clusterClient';
import { loadKubeconfigs } from '../src/kube/kubeconfigLoader';
import { openClusterSession } from '../src/kube/clusterSession';
import { resourcePath } from '../src/kube/resourcePaths';
import { trimObject } from '../src/kube/trimObjects';
import type { ClusterInventory } from '../src/mesh/kubeObjects';
import { buildSnapshot } from '../src/mesh/snapshotBuilder';
import { readRawAccess } from './kubeconfigAccess';
import { CLUSTER_WIDE_KINDS, httpsJson, ISTIO_KINDS, LIST_SELECTORS } from './rawFloor';

async function loadOurs(kubeconfigPath: string, context: string): Promise<ClusterInventory> {
  const session = openClusterSession(loadKubeconfigs([kubeconfigPath]), context, { watch: false });
  await session.cache.start();
  session.dispose();
  return session.cache.inventory();
}

const INVENTORY_KEY: Record<ResourceKind, keyof ClusterInventory | undefined> = {
  namespaces: 'namespaces', pods: 'pods', deployments: 'deployments', statefulsets: 'statefulSets', daemonsets: 'daemonSets',
  mutatingwebhookconfigurations: 'mutatingWebhooks', validatingwebhookconfigurations: 'validatingWebhooks',
  services: 'services', configmaps: 'configMaps', replicasets: undefined, leases: undefined,
  poddisruptionbudgets: undefined, horizontalpodautoscalers: undefined, jobs: undefined,
  secrets: 'helmReleaseSecrets', istios: 'sailIstios', istiorevisions: 'sailRevisions', istiorevisiontags: 'sailRevisionTags',
};

async function loadPerPage(kubeconfigPath: string, context: string): Promise<ClusterInventory> {
  const access = readRawAccess(kubeconfigPath, context);
  const agent = new https.Agent({ keepAlive: true, ca: access.ca });
  const inv: Record<string, unknown[]> = {};
  const listAll = async (kind: ResourceKind, namespace?: string) => {
    const out = (inv[INVENTORY_KEY[kind] ?? kind] ??= []);
    let cont: string | undefined;
    do {
      const q = new URLSearchParams({ limit: '500' });
      if (cont) q.set('continue', cont);
      const selector = LIST_SELECTORS[kind];
      if (selector) q.set('labelSelector', selector);
      const page = await httpsJson(agent, access, `${resourcePath(kind, namespace)}?${q}`, { bytes: 0 }) as { items?: never[]; metadata?: { continue?: string } };
      for (const item of page.items ?? []) out.push(trimObject(kind, item));
      cont = page.metadata?.continue || undefined;
    } while (cont);
  };
  await Promise.all(CLUSTER_WIDE_KINDS.map((k) => listAll(k)));
  await Promise.all(ISTIO_KINDS.map((k) => listAll(k, 'istio-system')));
  agent.destroy();
  return inv as unknown as ClusterInventory;
}

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const [kubeconfigPath, context, mode] = process.argv.slice(2);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage.rss()); }, 5);
  const inventory = mode === 'perPage' ? await loadPerPage(kubeconfigPath, context) : await loadOurs(kubeconfigPath, context);
  const snapshot = buildSnapshot(context, inventory);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  await new Promise((r) => setTimeout(r, 100));
  gc();
  gc();
  const after = process.memoryUsage();
  // Keep the model reachable until after the measurement.
  const kept = inventory.pods.length + snapshot.namespaces.length;
  process.stdout.write(JSON.stringify({
    heapGrowthMB: (after.heapUsed - before.heapUsed) / MB,
    rssGrowthMB: (after.rss - before.rss) / MB,
    peakRssMB: peakRss / MB,
    peakRssGrowthMB: (peakRss - before.rss) / MB,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    baselineRssMB: before.rss / MB,
    kept,
  }));
}

main().catch((e: unknown) => {
  process.stderr.write(`memory child: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
