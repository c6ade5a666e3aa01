// First: the provider and its nodes import `vscode`.
import { TreeItemCollapsibleState } from './vscodeStub';
import { strict as assert } from 'node:assert';
import type { ClusterState } from '../../../src/fleet/clusterState';
import type { MeshSnapshot, NamespaceBinding } from '../../../src/mesh/model';
import { RevisionTreeProvider, type FleetView } from '../../../src/views/revisionTreeProvider';
import { RevisionNode } from '../../../src/views/revisionNode';
import type { TreeNode } from '../../../src/views/treeNode';
import { deployment, namespace, proxy, revision, snapshot } from './snapshotFixtures';

const bound = (name: string, rev: string, version: string): NamespaceBinding => namespace(name, {
  state: 'bound', target: { revision: rev, via: 'istio.io/rev' }, labels: { 'istio.io/rev': rev },
  workloads: [deployment('web', name, [proxy(`web-${name}`, name, rev, version)])],
});

function mesh(revOf: Record<string, 'A' | 'B'>): MeshSnapshot {
  const namespaces = Object.entries(revOf).map(([ns, r]) => bound(ns, r, r === 'A' ? '1.7.6' : '1.8.0'));
  const count = (r: string) => namespaces.filter((n) => n.target?.revision === r).length;
  return snapshot({
    context: 'ctx',
    revisions: [revision('A', '1.7.6', { namespaceCount: count('A'), proxyCount: count('A') }), revision('B', '1.8.0', { namespaceCount: count('B'), proxyCount: count('B') })],
    namespaces,
  });
}

const ready = (s: MeshSnapshot, context = 'ctx'): ClusterState => ({ context, isCurrent: true, status: 'ready', snapshot: s });

class FakeFleet implements FleetView {
  fileErrors = [];
  private readonly listeners = new Set<(contexts: string[]) => void>();
  constructor(public states: ClusterState[]) {}
  onDidChange(l: (contexts: string[]) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  clusters(): ClusterState[] {
    return this.states;
  }
  cluster(c: string): ClusterState | undefined {
    return this.states.find((s) => s.context === c);
  }
  set(...states: ClusterState[]): void {
    this.states = states;
    for (const l of this.listeners) l(states.map((s) => s.context));
  }
}

/** Renders like VS Code: roots, then the children of every Expanded item; keeps every fire. */
function show(provider: RevisionTreeProvider): { byId: Map<string, TreeNode>; fires: (TreeNode[] | undefined)[] } {
  const byId = new Map<string, TreeNode>();
  const fires: (TreeNode[] | undefined)[] = [];
  provider.onDidChangeTreeData((e) => fires.push(e === undefined ? undefined : Array.isArray(e) ? e : [e]));
  const walk = (n: TreeNode): void => {
    byId.set(n.id, n);
    if (provider.getTreeItem(n).collapsibleState === TreeItemCollapsibleState.Expanded) provider.getChildren(n).forEach(walk);
  };
  provider.getChildren().forEach(walk);
  return { byId, fires };
}

describe('RevisionTreeProvider refreshes', () => {
  const setup = (debounceMs = 0) => {
    const fleet = new FakeFleet([ready(mesh({ a: 'A', b: 'A', c: 'B' }))]);
    const provider = new RevisionTreeProvider(fleet, () => ({ showSystemNamespaces: false }), () => false, debounceMs);
    return { fleet, provider, ...show(provider) };
  };

  it('fires only the two revisions when a namespace moves, as the instances VS Code holds, with current data', () => {
    const { fleet, provider, byId, fires } = setup();
    fleet.states = [ready(mesh({ a: 'A', b: 'B', c: 'B' }))];
    const record = provider.refreshContexts(['ctx']);
    assert.deepEqual(record.firedIds, ['cluster/ctx/rev/A', 'cluster/ctx/rev/B']);
    assert.equal(fires.length, 1);
    const [revA, revB] = fires[0] ?? [];
    assert.equal(revA, byId.get('cluster/ctx/rev/A'), 'the same object VS Code got from getChildren');
    assert.equal(revB, byId.get('cluster/ctx/rev/B'));
    assert.ok(revA instanceof RevisionNode && revB instanceof RevisionNode);
    assert.deepEqual(revA.placement.namespaces.map((n) => n.namespace.name), ['a'], 'commands read the new snapshot from it');
    assert.deepEqual(revB.placement.namespaces.map((n) => n.namespace.name), ['b', 'c']);
    assert.deepEqual(provider.getChildren(revB).map((n) => n.id), ['cluster/ctx/rev/B/ns/b', 'cluster/ctx/rev/B/ns/c']);
    assert.equal(provider.getChildren(revB)[1], byId.get('cluster/ctx/rev/B/ns/c'), 'unchanged rows keep their instance');
    provider.dispose();
  });

  it('fires nothing when no row changed', () => {
    const { fleet, provider, fires } = setup();
    fleet.states = [ready(mesh({ a: 'A', b: 'A', c: 'B' }))];
    assert.deepEqual(provider.refreshContexts(['ctx']).firedIds, []);
    assert.equal(fires.length, 0);
    provider.dispose();
  });

  it('reads through the extension API do not count as shown: the change is still fired', () => {
    const { fleet, provider } = setup();
    fleet.states = [ready(mesh({ a: 'A', b: 'B', c: 'B' }))];
    const walk = (n?: TreeNode): void => provider.readChildren(n).forEach((c) => {
      provider.readTreeItem(c);
      walk(c);
    });
    walk();
    assert.deepEqual(provider.refreshContexts(['ctx']).firedIds, ['cluster/ctx/rev/A', 'cluster/ctx/rev/B']);
    provider.dispose();
  });

  it('fires the whole tree when a context disappears, and a failing cluster fires its node', () => {
    const { fleet, provider, fires } = setup();
    fleet.states = [{ context: 'ctx', isCurrent: true, status: 'error', error: { kind: 'unreachable', message: 'connect ECONNREFUSED' } }];
    assert.deepEqual(provider.refreshContexts(['ctx']).firedIds, ['cluster/ctx']);
    fleet.states = [];
    assert.equal(provider.refreshContexts(['ctx']).all, true);
    assert.deepEqual(fires.map((f) => f?.map((n) => n.id)), [['cluster/ctx'], undefined]);
    provider.dispose();
  });

  it('marks a namespace another run has locked (🔒 who, which run, since when), firing only that row', () => {
    const { fleet, provider, byId } = setup();
    const lock = {
      namespace: 'c', holderIdentity: 'ana@laptop/run 20261122T101500Z-ab12cd/pid 4242', durationSeconds: 30,
      acquireTime: new Date(Date.now() - 120_000).toISOString(),
      holder: { operator: 'ana@laptop', host: 'laptop', pid: 4242, runId: '20261122T101500Z-ab12cd', command: 'migrate', target: 'B' },
    };
    fleet.states = [{ ...ready(mesh({ a: 'A', b: 'A', c: 'B' })), locks: [lock] }];
    assert.deepEqual(provider.refreshContexts(['ctx']).firedIds, ['cluster/ctx/rev/B/ns/c']);
    const item = provider.getTreeItem(byId.get('cluster/ctx/rev/B/ns/c') as TreeNode);
    assert.equal(item.description, 'istio.io/rev · all 1 proxy 1.8.0 · 🔒 migrating by ana@laptop (run …ab12cd, 2 min)');
    assert.match(String((item.tooltip as { value: string }).value), /Being changed by ana@laptop[\s\S]*Run 20261122T101500Z\\-ab12cd \(migrate → B\), process 4242 on laptop/);
    assert.match(String(item.contextValue), /\blocked\b/);
    fleet.states = [ready(mesh({ a: 'A', b: 'A', c: 'B' }))];
    assert.deepEqual(provider.refreshContexts(['ctx']).firedIds, ['cluster/ctx/rev/B/ns/c'], 'released: the mark goes');
    provider.dispose();
  });

  it('debounces bursts of fleet changes into one refresh', async () => {
    const { fleet, provider, fires } = setup(20);
    fleet.set(ready(mesh({ a: 'B', b: 'A', c: 'B' })));
    fleet.set(ready(mesh({ a: 'A', b: 'B', c: 'B' })));
    assert.equal(provider.lastRefresh(), undefined);
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(fires.length, 1);
    assert.deepEqual(provider.lastRefresh()?.firedIds, ['cluster/ctx/rev/A', 'cluster/ctx/rev/B']);
    provider.dispose();
  });
});
