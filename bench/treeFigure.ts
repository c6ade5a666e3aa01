/**
 * Figure 1f: the children of one revision, every namespace bound to it (2,000 at size L), with the pure
 * layout (layoutCluster) and the text each NamespaceNode computes (description, tooltip, proxy counts).
 */
import type { ClusterInventory, KNamespace } from '../src/mesh/kubeObjects';
import { buildSnapshot } from '../src/mesh/snapshotBuilder';
import { layoutCluster } from '../src/views/treeLayout';
import { countProxies, namespaceDescription, namespaceTooltip } from '../src/views/nodeText';
import { ms, verdict, type Row } from './report';
import { repeat } from './stats';

/** Every generated namespace (ns-*) bound to `revision` with istio.io/rev. */
function allBoundTo(inv: ClusterInventory, revision: string): ClusterInventory {
  const namespaces = inv.namespaces.map((n): KNamespace => {
    if (!n.metadata.name.startsWith('ns-')) return n;
    const { 'istio-injection': _drop, ...labels } = n.metadata.labels ?? {};
    return { ...n, metadata: { ...n.metadata, labels: { ...labels, 'istio.io/rev': revision } } };
  });
  return { ...inv, namespaces };
}

export async function treeFigure(inventory: ClusterInventory, reps: number): Promise<{ rows: Row[]; json: Record<string, unknown> }> {
  const first = buildSnapshot('bench', inventory);
  const revision = first.revisions[0]?.name;
  if (!revision) throw new Error('no revision in the inventory');
  const buildStarted = performance.now();
  const snapshot = buildSnapshot('bench', allBoundTo(inventory, revision));
  const buildMs = performance.now() - buildStarted;
  let count = 0;
  let chars = 0;
  const time = await repeat(reps, async () => {
    const started = performance.now();
    const layout = layoutCluster(snapshot, { showSystemNamespaces: false });
    const placement = layout.revisions.find((r) => r.revision.name === revision);
    if (!placement) throw new Error(`revision ${revision} not in layout`);
    chars = 0;
    for (const p of placement.namespaces) {
      const counts = countProxies(p.workloads);
      chars += namespaceDescription(p).length + namespaceTooltip(p.namespace, p.podLevel).length + counts.total;
    }
    count = placement.namespaces.length;
    return performance.now() - started;
  });
  return {
    rows: [{
      figure: `tree: children of a revision (${count} ns)`, ours: ms(time), goal: '≤ 100 ms (2,000 ns)', verdict: count <= 2000 ? verdict(time.median <= 100) : 'info',
      note: `layoutCluster + namespaceDescription/namespaceTooltip/countProxies per namespace; buildSnapshot of that cluster took ${buildMs.toFixed(0)} ms (not counted)`,
    }],
    json: { treeMs: time, namespaces: count, buildSnapshotMs: buildMs, chars },
  };
}
