import { strict as assert } from 'node:assert';
import { planRefresh, RenderedTree, type FreshTree } from '../../../src/views/treeRefreshPlanner';

/** A plain tree node: what VS Code would show (sig) and its children. */
interface Plain {
  id: string;
  sig: string;
  children: Plain[];
}

const fresh: FreshTree<Plain> = { id: (n) => n.id, signature: (n) => n.sig, children: (n) => n.children };

/** A cluster: revisions → namespaces → pods ("name:Running"). Descriptions carry counts, like the real nodes. */
interface Model {
  revisions: Record<string, string[]>;
  pods: Record<string, string[]>;
}

function build(m: Model, opts: { countsInRevision?: boolean } = {}): Plain {
  const cluster = 'cluster/c';
  const revisions = Object.entries(m.revisions).map(([rev, namespaces]): Plain => {
    const revId = `${cluster}/rev/${rev}`;
    const nsNodes = namespaces.map((ns): Plain => {
      const nsId = `${revId}/ns/${ns}`;
      const pods = (m.pods[ns] ?? []).map((p): Plain => {
        const [name, status] = p.split(':');
        return { id: `${nsId}/pod/${name}`, sig: `${name} · ${status}`, children: [] };
      });
      const ready = pods.filter((p) => p.sig.endsWith('Running')).length;
      return { id: nsId, sig: `${ns} · ${ready}/${pods.length} ready`, children: pods };
    });
    return { id: revId, sig: opts.countsInRevision === false ? rev : `${rev} · ${namespaces.length} ns`, children: nsNodes };
  });
  return { id: cluster, sig: `c · ${revisions.length} revisions`, children: revisions };
}

/** What VS Code would record: every node it showed, and the children of the expanded ones. */
function render(root: Plain, expanded: (id: string) => boolean): RenderedTree {
  const r = new RenderedTree();
  const walk = (n: Plain): void => {
    r.recordItem(n.id, n.sig);
    if (!expanded(n.id)) return;
    r.recordChildren(n.id, n.children.map((c) => c.id));
    n.children.forEach(walk);
  };
  walk(root);
  return r;
}

const all = (): boolean => true;
/** Cluster and revisions expanded, namespaces collapsed (the tree's default). */
const revisionsOpen = (id: string): boolean => !id.includes('/ns/');
const count = (n: Plain): number => 1 + n.children.reduce((s, c) => s + count(c), 0);

const base: Model = {
  revisions: { A: ['ns1', 'ns2'], B: ['ns3'] },
  pods: { ns1: ['p1:Running', 'p2:Running'], ns2: ['q1:Running'], ns3: ['r1:Running'] },
};
const relabelled: Model = { ...base, revisions: { A: ['ns1'], B: ['ns2', 'ns3'] } };

describe('treeRefreshPlanner', () => {
  it('fires nothing when nothing VS Code shows changed, after comparing every rendered node', () => {
    const before = build(base);
    const rendered = render(before, all);
    const plan = planRefresh(rendered.state, build(base), fresh);
    assert.deepEqual(plan.firedIds, []);
    assert.deepEqual(plan.forget, []);
    assert.equal(plan.compared, count(before));
  });

  it('a namespace relabelled from revision A to B fires exactly the two revisions, not the cluster', () => {
    const rendered = render(build(base), revisionsOpen);
    const plan = planRefresh(rendered.state, build(relabelled), fresh);
    assert.deepEqual(plan.firedIds, ['cluster/c/rev/A', 'cluster/c/rev/B']);
    assert.deepEqual(plan.fired.map((n) => n.sig), ['A · 1 ns', 'B · 2 ns'], 'fires the fresh nodes');
  });

  it('fires a revision whose child list changed even when its own text did not', () => {
    const rendered = render(build(base, { countsInRevision: false }), revisionsOpen);
    const plan = planRefresh(rendered.state, build(relabelled, { countsInRevision: false }), fresh);
    assert.deepEqual(plan.firedIds, ['cluster/c/rev/A', 'cluster/c/rev/B']);
  });

  it('a pod status change fires only its namespace when the namespace text changed', () => {
    const rendered = render(build(base), all);
    const plan = planRefresh(rendered.state, build({ ...base, pods: { ...base.pods, ns1: ['p1:Running', 'p2:Pending'] } }), fresh);
    assert.deepEqual(plan.firedIds, ['cluster/c/rev/A/ns/ns1']);
    assert.deepEqual(plan.forget, ['cluster/c/rev/A/ns/ns1/pod/p1', 'cluster/c/rev/A/ns/ns1/pod/p2'], 'its pods are re-fetched, not fired');
  });

  it('fires the topmost changed node only: an ancestor whose text changed covers the namespace below it', () => {
    const rendered = render(build(base), all);
    const next = build({ ...base, pods: { ...base.pods, ns1: ['p1:Running', 'p2:Pending'] } });
    next.children[0].sig = 'A · 2 ns · 1 not ready';
    const plan = planRefresh(rendered.state, next, fresh);
    assert.deepEqual(plan.firedIds, ['cluster/c/rev/A']);
  });

  it('fires only the pod when only the pod row changed', () => {
    const rendered = render(build(base), all);
    const next = build(base);
    next.children[0].children[0].children[1].sig = 'p2 · Running · restarted';
    assert.deepEqual(planRefresh(rendered.state, next, fresh).firedIds, ['cluster/c/rev/A/ns/ns1/pod/p2']);
  });

  it('never fires collapsed or never-rendered nodes', () => {
    // Namespaces collapsed: a change only visible on a pod row fires nothing.
    const collapsed = render(build(base), revisionsOpen);
    const podOnly = build(base);
    podOnly.children[0].children[0].children[0].sig = 'p1 · Running · restarted';
    assert.deepEqual(planRefresh(collapsed.state, podOnly, fresh).firedIds, []);

    // Revision B collapsed: a new namespace under it changes no row VS Code shows (its text has no count here).
    const bClosed = render(build(base, { countsInRevision: false }), (id) => revisionsOpen(id) && !id.endsWith('/rev/B'));
    const grown = build({ ...base, revisions: { ...base.revisions, B: ['ns3', 'ns4'] } }, { countsInRevision: false });
    assert.deepEqual(planRefresh(bClosed.state, grown, fresh).firedIds, []);

    // A cluster VS Code never rendered.
    assert.deepEqual(planRefresh(new RenderedTree().state, build(relabelled), fresh).firedIds, []);
  });

  it('drops the records of nodes that disappeared and of every descendant of a fired node', () => {
    const rendered = render(build(base), all);
    const plan = planRefresh(rendered.state, build(relabelled), fresh);
    assert.ok(plan.forget.includes('cluster/c/rev/A/ns/ns2'));
    assert.ok(plan.forget.includes('cluster/c/rev/A/ns/ns2/pod/q1'));
    rendered.apply(plan);
    assert.equal(rendered.state.get('cluster/c/rev/A/ns/ns2'), undefined, 'the moved namespace is gone from under A');
    assert.equal(rendered.state.get('cluster/c/rev/B/ns/ns3/pod/r1'), undefined, 'descendants of fired B are re-fetched by VS Code');
    assert.equal(rendered.state.get('cluster/c/rev/A')?.children, undefined, 'fired: children not known until re-fetched');
    assert.equal(rendered.state.get('cluster/c/rev/A')?.signature, 'A · 2 ns', 'its old row stays until VS Code asks again');
    assert.equal(rendered.size, 3, 'cluster and the two revisions');
  });

  it('after VS Code re-renders the fired nodes, the next identical snapshot fires nothing', () => {
    const rendered = render(build(base), revisionsOpen);
    const next = build(relabelled);
    const plan = planRefresh(rendered.state, next, fresh);
    rendered.apply(plan);
    for (const n of plan.fired) {
      rendered.recordItem(n.id, n.sig);
      rendered.recordChildren(n.id, n.children.map((c) => c.id));
      for (const c of n.children) rendered.recordItem(c.id, c.sig);
    }
    assert.deepEqual(planRefresh(rendered.state, build(relabelled), fresh).firedIds, []);
    assert.deepEqual(planRefresh(rendered.state, build(base), fresh).firedIds, ['cluster/c/rev/A', 'cluster/c/rev/B'], 'and moving it back fires both again');
  });

  it('recordChildren forgets the subtrees of children that are gone', () => {
    const rendered = render(build(base), all);
    rendered.recordChildren('cluster/c/rev/A', ['cluster/c/rev/A/ns/ns1']);
    assert.equal(rendered.state.get('cluster/c/rev/A/ns/ns2'), undefined);
    assert.equal(rendered.state.get('cluster/c/rev/A/ns/ns2/pod/q1'), undefined);
    assert.ok(rendered.state.get('cluster/c/rev/A/ns/ns1/pod/p1'), 'the remaining child keeps its record');
  });

  it('a node whose children VS Code fetched before its item was recorded again is fired, not left stale', () => {
    const ns1 = 'cluster/c/rev/A/ns/ns1';
    const rendered = render(build(base), revisionsOpen);
    rendered.apply({ firedIds: [], forget: [ns1] });
    rendered.recordChildren(ns1, [`${ns1}/pod/p1`, `${ns1}/pod/p2`]);
    assert.deepEqual(planRefresh(rendered.state, build(base), fresh).firedIds, [ns1]);
    rendered.recordItem(ns1, 'ns1 · 2/2 ready');
    assert.deepEqual(planRefresh(rendered.state, build(base), fresh).firedIds, []);
  });
});
