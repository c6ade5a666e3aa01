/** Cold snapshot through our stack: kubeconfig → session → cache.start() (paged LISTs) → buildSnapshot. */
import { loadKubeconfigs } from '../src/kube/kubeconfigLoader';
import { openClusterSession } from '../src/kube/clusterSession';
import type { ClusterCacheStats } from '../src/kube/clusterCache';
import type { ClusterInventory } from '../src/mesh/kubeObjects';
import type { MeshSnapshot } from '../src/mesh/model';
import { buildSnapshot } from '../src/mesh/snapshotBuilder';

export interface OurSnapshotRun {
  ms: number;
  listMs: number;
  buildMs: number;
  stats: ClusterCacheStats;
  inventory: ClusterInventory;
  snapshot: MeshSnapshot;
}

export async function ourColdSnapshot(kubeconfigPath: string, context: string, pageSize = 500): Promise<OurSnapshotRun> {
  const started = performance.now();
  const session = openClusterSession(loadKubeconfigs([kubeconfigPath]), context, { watch: false, pageSize });
  try {
    await session.cache.start();
    const listed = performance.now();
    const inventory = session.cache.inventory();
    const snapshot = buildSnapshot(context, inventory);
    const done = performance.now();
    return { ms: done - started, listMs: listed - started, buildMs: done - listed, stats: session.cache.stats(), inventory, snapshot };
  } finally {
    session.dispose();
  }
}
