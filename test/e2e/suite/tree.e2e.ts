/**
 * The Istio Upgrades tree as VS Code sees it, read through the extension's exported API inside a real
 * extension host, against the simulator scenarios, a dead cluster and a garbage kubeconfig.
 * Matching is tolerant of decorations (substrings/tokens of label and description) and strict on facts.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SCENARIO_FACTS, readExpectations, type E2eExpectations, type RevisionFact } from './expectations';

// Types only: the tests still reach the extension through vscode.extensions, as a black box.
import type { IstioCanaryApi, TreeNodeSnapshot } from '../../../src/host/extensionApi';
import type { TreeRefreshRecord } from '../../../src/views/revisionTreeProvider';
// Writes go to the simulator like kubectl would, through the project's kube client.
import { withClient } from '../clusterWrites';

const EXTENSION_ID = 'istio-canary.istio-canary-upgrades';
const DEPTH = 4;
const RETRY_MS = 10_000;

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const tokens = (s: string | undefined): string[] => (s ?? '').split(/[^A-Za-z0-9._=/-]+/).filter(Boolean);
const named = (n: TreeNodeSnapshot, name: string): boolean => tokens(n.label).includes(name) || n.label.trim().split(/\s+/).includes(name);
const textOf = (n: TreeNodeSnapshot): string => [n.label, n.description ?? '', n.tooltip ?? ''].join('\n');
const show = (n: TreeNodeSnapshot): string => `"${n.label}"${n.description ? ` (${n.description})` : ''}`;
/** A tag node: contextValue token `…tag` / `tag`, a `name → revision` label, or a description starting with "tag". */
const isTag = (n: TreeNodeSnapshot): boolean =>
  tokens(n.contextValue).some((t) => /(^|\.)tag$/.test(t)) || n.label.includes('→') || /^tag\b/i.test(n.description ?? '');

function flatten(nodes: readonly TreeNodeSnapshot[] | undefined, levels: number): TreeNodeSnapshot[] {
  if (!nodes || levels <= 0) return [];
  return nodes.flatMap((n) => [n, ...flatten(n.children, levels - 1)]);
}

let api: IstioCanaryApi;

async function snapshot(): Promise<TreeNodeSnapshot[]> {
  await api.whenIdle();
  return api.snapshotTree(DEPTH);
}

/** Retry `check` on fresh snapshots until it passes or ~10 s have gone by; then fail with its last error. */
async function eventually(check: (roots: TreeNodeSnapshot[]) => void): Promise<void> {
  const deadline = Date.now() + RETRY_MS;
  for (;;) {
    const roots = await snapshot();
    try {
      check(roots);
      return;
    } catch (e) {
      if (Date.now() > deadline) {
        const tree = flatten(roots, 2).map(show).join(', ');
        // A new error: the reporters print the message captured when the assertion was made.
        throw new Error(`${e instanceof Error ? e.message : String(e)}\n    tree (2 levels): ${tree}`);
      }
    }
    await delay(300);
  }
}

/** Polls `probe` until it is truthy; fails after ~10 s with `what()`. */
async function until(probe: () => boolean | undefined, what: () => string): Promise<void> {
  const deadline = Date.now() + RETRY_MS;
  while (!probe()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what()}`);
    await delay(20);
  }
}

function clusterNode(roots: TreeNodeSnapshot[], context: string): TreeNodeSnapshot {
  const found = roots.filter((r) => named(r, context));
  assert.equal(found.length, 1, `expected exactly one root node for context ${context}, found ${found.length}: ${roots.map(show).join(', ')}`);
  return found[0];
}

/** Revision nodes sit under the cluster (or under a "Revisions" group, tolerated). */
function revisionNodes(cluster: TreeNodeSnapshot): TreeNodeSnapshot[] {
  const direct = cluster.children ?? [];
  const grouped = direct.filter((n) => /^revisions?$/i.test(n.label.trim())).flatMap((n) => n.children ?? []);
  return [...direct, ...grouped].filter((n) => /revision/i.test(n.contextValue ?? '') || /\d+\.\d+/.test(n.description ?? '') || /\d+\.\d+/.test(n.label));
}

function findRevision(cluster: TreeNodeSnapshot, name: string): TreeNodeSnapshot {
  const revs = revisionNodes(cluster).filter((n) => named(n, name));
  assert.equal(revs.length, 1, `cluster ${cluster.label}: expected one revision node "${name}", found ${revs.length} among ${(cluster.children ?? []).map(show).join(', ')}`);
  return revs[0];
}

/** Namespaces directly under the revision, or under one of its tag nodes. */
function namespaceNodes(rev: TreeNodeSnapshot): TreeNodeSnapshot[] {
  const children = rev.children ?? [];
  return [...children.filter((n) => !isTag(n)), ...children.filter(isTag).flatMap((t) => t.children ?? [])];
}

function assertRevision(cluster: TreeNodeSnapshot, fact: RevisionFact, siblings: RevisionFact[]): void {
  const rev = findRevision(cluster, fact.name);
  const where = `${cluster.label} / revision ${fact.name}`;
  assert.ok(tokens(`${rev.label} ${rev.description ?? ''}`).includes(fact.version), `${where}: version ${fact.version} not shown in ${show(rev)}`);
  const markedDefault = tokens(rev.description).includes('default') || tokens(rev.contextValue).includes('default');
  if (fact.isDefault === true) assert.ok(markedDefault, `${where}: not marked as the default revision: ${show(rev)} [${rev.contextValue}]`);
  if (fact.isDefault === false) assert.ok(!markedDefault, `${where}: wrongly marked as default: ${show(rev)} [${rev.contextValue}]`);

  const others = siblings.filter((s) => s.name !== fact.name).map((s) => findRevision(cluster, s.name));
  for (const tag of fact.tags ?? []) {
    const tagNode = (rev.children ?? []).find((n) => isTag(n) && tokens(n.label)[0] === tag);
    assert.ok(tagNode, `${where}: no tag node "${tag}" among ${(rev.children ?? []).map(show).join(', ')}`);
    for (const other of others) {
      assert.ok(!(other.children ?? []).some((n) => isTag(n) && tokens(n.label)[0] === tag), `${cluster.label}: tag ${tag} also shown under ${other.label}`);
    }
  }
  for (const ns of fact.namespaces ?? []) {
    const node = namespaceNodes(rev).find((n) => named(n, ns.name));
    assert.ok(node, `${where}: namespace ${ns.name} not under it; children: ${(rev.children ?? []).map(show).join(', ')}`);
    const why = `${node.description ?? ''}\n${node.tooltip ?? ''}`;
    assert.ok(why.includes(ns.via), `${where}: namespace ${ns.name} should say it is bound via "${ns.via}": ${show(node)}`);
    for (const other of others) {
      assert.ok(!namespaceNodes(other).some((n) => named(n, ns.name)), `${cluster.label}: namespace ${ns.name} also shown under revision ${other.label}`);
    }
  }
}

function assertScenario(roots: TreeNodeSnapshot[], context: string, scenario: string): void {
  const facts = SCENARIO_FACTS[scenario];
  assert.ok(facts, `no facts written for scenario ${scenario}`);
  const cluster = clusterNode(roots, context);
  assert.ok(!/unreachable|error|✖/i.test(cluster.description ?? ''), `${context}: cluster shows an error: ${show(cluster)}`);
  const revs = revisionNodes(cluster);
  assert.ok(revs.length >= Math.max(facts.minRevisions ?? 0, facts.revisions.length),
    `${context}: expected ≥ ${Math.max(facts.minRevisions ?? 0, facts.revisions.length)} revisions, found ${revs.map(show).join(', ') || 'none'}`);
  for (const fact of facts.revisions) assertRevision(cluster, fact, facts.revisions);
}

function assertDeadCluster(roots: TreeNodeSnapshot[], context: string): void {
  const dead = clusterNode(roots, context);
  const texts = flatten([dead], 2).map(textOf).join('\n');
  assert.match(texts, /unreachable|connect/i, `${context}: no error saying "unreachable"/"connect": ${flatten([dead], 2).map(show).join(', ')}`);
}

function assertGarbageFile(roots: TreeNodeSnapshot[], file: string): void {
  const base = path.basename(file);
  const node = flatten(roots, 2).find((n) => textOf(n).includes(base) || textOf(n).includes(file));
  assert.ok(node, `no node names the unreadable kubeconfig ${file}; roots: ${roots.map(show).join(', ')}`);
}

function assertWholeTree(roots: TreeNodeSnapshot[], expect: E2eExpectations): void {
  for (const c of expect.clusters) assertScenario(roots, c.context, c.scenario);
  assertDeadCluster(roots, expect.deadContext);
  assertGarbageFile(roots, expect.garbageFile);
}

let expect: E2eExpectations | undefined;
let expectError: Error | undefined;
try {
  expect = readExpectations();
} catch (e) {
  expectError = e instanceof Error ? e : new Error(String(e));
}
const mustExpect = (): E2eExpectations => {
  if (!expect) throw expectError ?? new Error('no expectations');
  return expect;
};

describe('Istio Upgrades tree in a real extension host', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension<IstioCanaryApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
    api = await ext.activate();
    assert.ok(api && typeof api.snapshotTree === 'function' && typeof api.whenIdle === 'function',
      'activate() must return { snapshotTree, whenIdle }');
  });

  it('reads the expectations handed over by the runner', () => {
    const e = mustExpect();
    assert.ok(e.clusters.length > 0, 'no simulator clusters');
  });

  it('shows one cluster node per kubeconfig context, labelled with the context name', async () => {
    const e = mustExpect();
    await eventually((roots) => {
      for (const ctx of [...e.clusters.map((c) => c.context), e.deadContext]) clusterNode(roots, ctx);
      const ids = roots.map((r) => r.id);
      assert.equal(new Set(ids).size, ids.length, `duplicate root ids: ${ids.join(', ')}`);
    });
  });

  for (const c of expect?.clusters ?? []) {
    it(`${c.scenario}: revisions, versions, tags and namespace bindings of context ${c.context}`, async () => {
      await eventually((roots) => assertScenario(roots, c.context, c.scenario));
    });
  }

  it('the dead cluster shows an error node saying it is unreachable', async () => {
    const e = mustExpect();
    await eventually((roots) => assertDeadCluster(roots, e.deadContext));
  });

  it('the garbage kubeconfig shows a node naming the file, and the other contexts still load', async () => {
    const e = mustExpect();
    await eventually((roots) => {
      assertGarbageFile(roots, e.garbageFile);
      assert.ok(e.clusters.every((c) => roots.some((r) => named(r, c.context))), 'a context is missing');
    });
  });

  it('istioCanary.refresh keeps the whole tree complete', async () => {
    const e = mustExpect();
    await vscode.commands.executeCommand('istioCanary.refresh');
    await eventually((roots) => assertWholeTree(roots, e));
  });

  it('scaling a Deployment refreshes the rows that show it, not its whole cluster', async () => {
    const c = mustExpect().clusters.find((x) => x.scenario === 'canary-1-6-to-1-7');
    assert.ok(c?.kubeconfigPath, 'no canary-1-6-to-1-7 simulator with its own kubeconfig');
    const { lastTreeRefresh, treeNodeShown, revealNamespace } = api;
    assert.ok(lastTreeRefresh && treeNodeShown && revealNamespace, 'the API must offer lastTreeRefresh(), treeNodeShown() and revealNamespace()');
    const cluster = `cluster/${c.context}`;
    const revision = `${cluster}/rev/default`;
    // Revealed, so VS Code asks for the namespace row whatever the view's layout, scroll and expansion state.
    await vscode.commands.executeCommand('istioCanary.revisions.focus');
    assert.ok(await revealNamespace(c.context, 'demo-a'), `${c.context} lists no namespace demo-a`);
    await until(() => treeNodeShown(`${revision}/ns/demo-a`), () => `VS Code to show ${revision}/ns/demo-a`);

    const refreshes: TreeRefreshRecord[] = [];
    const since = Date.now();
    const watch = setInterval(() => {
      const r = lastTreeRefresh();
      if (r && r.at >= since && refreshes.at(-1) !== r) refreshes.push(r);
    }, 10);
    const fired = (): string => JSON.stringify(refreshes.map((r) => (r.all ? 'all' : r.firedIds)));
    const scale = (replicas: number) => withClient(c.kubeconfigPath ?? '', c.context, (client) =>
      client.patch('deployments', 'app-a', 'demo-a', 'merge', { spec: { replicas } }));
    try {
      await scale(3);
      // Its revision's proxy count changes: that row is fired (covering demo-a below it); the cluster row does not change.
      await until(() => refreshes.some((r) => r.firedIds.includes(revision)), () => `a refresh firing ${revision}; fired so far: ${fired()}`);
      assert.ok(!refreshes.some((r) => r.all || r.firedIds.includes(cluster)), `the whole cluster was refreshed: ${fired()}`);
    } finally {
      clearInterval(watch);
      await scale(2);
      // The UI checks after the reload open the sidebar themselves: leave the layout as it was.
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
    }
  });
});
