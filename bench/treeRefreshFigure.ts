/**
 * Figure 1g: what one namespace moving between revisions costs the Revisions tree. The real provider and nodes
 * run on a stub `vscode` (vscodeStub.ts) under a fake view that behaves like VS Code's: it shows the roots,
 * fetches the children of every Expanded item (cluster and revisions: every revision open, namespaces closed),
 * and re-renders each fired node with its expanded subtree. Printed: the nodes fired out of those rendered, the
 * rows VS Code re-fetches for them (before this change: the whole cluster), and the time to plan the refresh.
 */
import type { ClusterState } from '../src/fleet/clusterState';
import type { ClusterInventory } from '../src/mesh/kubeObjects';
import type { MeshSnapshot } from '../src/mesh/model';
import { buildSnapshot } from '../src/mesh/snapshotBuilder';
import { findGateways } from '../src/mesh/gateways';
import { runPrecheck } from '../src/mesh/precheck';
import type { TreeNode } from '../src/views/treeNode';
import type { FleetView, RevisionTreeProvider } from '../src/views/revisionTreeProvider';
import { namespaceMove, secondRelabel, snapshotsOf } from './namespaceMove';
import { ms, ratio, single, text, verdict, type Row } from './report';
import { summarize, type Summary } from './stats';
import { installVscodeStub, vscodeStub } from '../scripts/vscode/vscodeStub';

const CONTEXT = 'bench';
const CLUSTER_ID = `cluster/${CONTEXT}`;

/** VS Code's side of the tree: which rows it asks for, and what a fire makes it ask for again. */
class FakeTreeView {
  private rows = 0;
  private readonly fires: (readonly TreeNode[] | undefined)[] = [];

  constructor(private readonly provider: RevisionTreeProvider) {
    provider.onDidChangeTreeData((e) => this.fires.push(e === undefined ? undefined : Array.isArray(e) ? e : [e]));
  }

  /** Shows the whole tree; returns the rows rendered. */
  renderAll(): number {
    this.rows = 0;
    for (const n of this.provider.getChildren()) this.show(n);
    return this.rows;
  }

  /** Handles the fires since the last call like VS Code does; returns the rows it re-rendered. */
  applyFires(): number {
    this.rows = 0;
    for (const fired of this.fires.splice(0)) {
      if (!fired) return this.renderAll();
      for (const n of fired) this.show(n);
    }
    return this.rows;
  }

  private show(node: TreeNode): void {
    this.rows++;
    const item = this.provider.getTreeItem(node);
    // The worst case: the user expanded every revision (big ones start collapsed; VS Code keeps a user's expansion by id).
    const userExpanded = /\/rev\/[^/]+$/.test(node.id);
    if (item.collapsibleState !== vscodeStub.TreeItemCollapsibleState.Expanded && !userExpanded) return;
    for (const child of this.provider.getChildren(node)) this.show(child);
  }
}

function clusterState(inventory: ClusterInventory, snapshot: MeshSnapshot): ClusterState {
  return {
    context: CONTEXT, isCurrent: true, status: 'ready', snapshot,
    findings: runPrecheck(inventory, snapshot), gateways: findGateways(inventory, snapshot),
  };
}

function fleetOf(initial: ClusterState): FleetView & { set(s: ClusterState): void } {
  let state = initial;
  return {
    onDidChange: () => () => undefined,
    clusters: () => [state],
    cluster: (c: string) => (c === CONTEXT ? state : undefined),
    fileErrors: [],
    set: (s: ClusterState) => {
      state = s;
    },
  };
}

interface Transition {
  rendered: number;
  firedIds: string[];
  rows: number;
  time: Summary;
}

/** Renders `before`, then alternates before → after → before…, timing each refresh; the fired set is from the first. */
async function measure(before: ClusterState, after: ClusterState, reps: number): Promise<Transition> {
  const { RevisionTreeProvider } = await import('../src/views/revisionTreeProvider');
  const fleet = fleetOf(before);
  const provider = new RevisionTreeProvider(fleet, () => ({ showSystemNamespaces: false }), () => false, 0);
  const view = new FakeTreeView(provider);
  try {
    const rendered = view.renderAll();
    const samples: number[] = [];
    let firedIds: string[] = [];
    let rows = 0;
    for (let i = 0; i < Math.max(1, reps); i++) {
      fleet.set(i % 2 === 0 ? after : before);
      const started = performance.now();
      const record = provider.refreshContexts([CONTEXT]);
      samples.push(performance.now() - started);
      const rerendered = view.applyFires();
      if (i === 0) {
        firedIds = record.firedIds;
        rows = rerendered;
      }
    }
    return { rendered, firedIds, rows, time: summarize(samples) };
  } finally {
    provider.dispose();
  }
}

const short = (ids: readonly string[]): string => ids.map((id) => id.slice(CLUSTER_ID.length + 1) || 'cluster').join(', ') || 'none';
const count = (n: number): string => n.toLocaleString('en-US');

export async function treeRefreshFigure(inventory: ClusterInventory, reps: number): Promise<{ rows: Row[]; json: Record<string, unknown> }> {
  installVscodeStub();
  const move = namespaceMove(inventory, buildSnapshot(CONTEXT, inventory));
  const snaps = snapshotsOf(move);
  const before = clusterState(move.before, snaps.before);
  const moved = await measure(before, clusterState(move.moved, snaps.moved), reps);
  const relabelled = await measure(before, clusterState(move.relabelled, snaps.relabelled), reps);
  const second = secondRelabel(move, snaps.before);
  const midMigration = await measure(clusterState(move.relabelled, snaps.relabelled), clusterState(second.inventory, buildSnapshot(CONTEXT, second.inventory)), reps);
  // The same objects rebuilt: every rendered node is compared and none differs (the longest walk).
  const unchanged = await measure(before, clusterState(move.before, buildSnapshot(CONTEXT, move.before)), reps);
  const what = `${move.namespace} ${move.from} → ${move.to}`;
  const clusterSpared = !moved.firedIds.includes(CLUSTER_ID) && moved.firedIds.length > 0;
  return {
    rows: [
      {
        figure: `tree refresh: ns moved (relabel + restart), nodes fired`,
        ours: text(`${moved.firedIds.length} of ${count(moved.rendered)} rendered`), goal: 'changed nodes only, not the cluster', verdict: verdict(clusterSpared),
        note: `${what}, every revision expanded; fired: ${short(moved.firedIds)}`,
      },
      {
        figure: 'tree refresh: rows VS Code re-fetches for them',
        ours: single(moved.rows, 'count'), other: single(moved.rendered, 'count'), ratio: ratio(moved.rows, moved.rendered), goal: 'other = before (cluster fired)', verdict: 'info',
        note: 'a fired revision re-fetches its namespace rows; collapsed namespaces and the other revisions are not asked again',
      },
      {
        figure: 'tree refresh: time to plan', ours: ms(moved.time), goal: '≤ 100 ms (L)', verdict: verdict(moved.time.median <= 100),
        note: 'provider.refreshContexts: rebuild the walked nodes from the snapshot, TreeItem signatures, compare with what VS Code was shown',
      },
      {
        figure: 'tree refresh: nothing visible changed, time to plan', ours: ms(unchanged.time), goal: '≤ 100 ms (L)', verdict: verdict(unchanged.time.median <= 100 && unchanged.firedIds.length === 0),
        note: `the snapshot rebuilt from the same objects: all ${count(unchanged.rendered)} rendered rows compared, ${unchanged.firedIds.length} fired`,
      },
      {
        figure: 'tree refresh: relabel only, nodes fired',
        ours: text(`${relabelled.firedIds.length} of ${count(relabelled.rendered)} rendered`), other: single(relabelled.rows, 'count'), goal: 'other = rows re-fetched', verdict: 'info',
        note: `fired: ${short(relabelled.firedIds)} in ${relabelled.time.median.toFixed(1)} ms${relabelled.firedIds.includes(CLUSTER_ID) ? ' — the first proxy needing a restart adds "⚠ proxies need a restart" to the cluster row, so the cluster is fired once' : ''}`,
      },
      {
        figure: 'tree refresh: 2nd relabel mid-migration, nodes fired',
        ours: text(`${midMigration.firedIds.length} of ${count(midMigration.rendered)} rendered`), other: single(midMigration.rows, 'count'),
        goal: 'changed nodes only, not the cluster', verdict: verdict(!midMigration.firedIds.includes(CLUSTER_ID) && midMigration.firedIds.length > 0),
        note: `${second.namespace} relabelled ${move.from} → ${move.to} while ${move.namespace} still needs its restart (kubectl label ns during an upgrade); fired: ${short(midMigration.firedIds)}; other = rows re-fetched`,
      },
    ],
    json: { namespace: move.namespace, from: move.from, to: move.to, moved, relabelled, midMigration, unchanged },
  };
}
