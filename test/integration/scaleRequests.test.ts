/**
 * Issue 7: a run over N namespaces makes O(1) cluster-wide LISTs (one control-plane context per few seconds),
 * and per namespace only namespaced requests — counted through the real HTTPS client against the simulator.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClusterClient, ListOptions, ResourceKind } from '../../src/kube/clusterClient';
import { planMigration, type MigrationPlan } from '../../src/mesh/migrationPlan';
import { buildSnapshot } from '../../src/mesh/snapshotBuilder';
import { verifyNamespaces as judge } from '../../src/mesh/verification';
import { ControlPlaneCache } from '../../src/upgrade/controlPlaneContext';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { Journal } from '../../src/upgrade/journal';
import { runMigration } from '../../src/upgrade/migrationRunner';
import { rollbackTargets, runRollback } from '../../src/upgrade/rollback';
import { verifyNamespaces } from '../../src/upgrade/verifyNamespaces';
import { startSimHarness, type SimHarness } from './simHarness';

interface ListCall { kind: ResourceKind; namespace?: string; labelSelector?: string; fieldSelector?: string }

/** The client, with every LIST recorded. */
function counting(client: ClusterClient): { client: ClusterClient; lists: ListCall[] } {
  const lists: ListCall[] = [];
  const wrapped: ClusterClient = Object.create(client, {
    list: {
      value: (kind: ResourceKind, o: ListOptions = {}) => {
        lists.push({ kind, namespace: o.namespace, labelSelector: o.labelSelector, fieldSelector: o.fieldSelector });
        return client.list(kind, o);
      },
    },
  });
  return { client: wrapped, lists };
}

/** LISTs whose answer grows with the cluster: no namespace and no `metadata.name` selector. */
const clusterWide = (lists: ListCall[]): ListCall[] => lists.filter((l) => l.namespace === undefined && !l.fieldSelector?.startsWith('metadata.name='));
const everyNamespace = (lists: ListCall[]): ListCall[] => clusterWide(lists).filter((l) => l.kind === 'namespaces');

// 12 namespaces bound in turn to 1-22-3, 1-23-4, prod (→ 1-22-3), canary (→ 1-23-4), nothing.
const SCENARIO = 'generated?namespaces=12&podsPerNamespace=2&revisions=2&tags=2&maxReplicas=1';

describe('scale: no cluster-wide LIST per namespace (issue 7)', function () {
  this.timeout(60000);
  let h: SimHarness;
  let journal: Journal;
  let names: string[];
  before(async () => {
    h = await startSimHarness(SCENARIO);
    journal = new Journal(fs.mkdtempSync(path.join(os.tmpdir(), 'scale-')));
    const s = await h.snapshot();
    names = s.namespaces.filter((n) => n.name.startsWith('ns-') && n.target?.revision === '1-22-3').map((n) => n.name);
  });
  after(async () => {
    fs.rmSync(journal.dir, { recursive: true, force: true });
    await h.stop();
  });

  async function plan(to: string, namespaces: string[]): Promise<MigrationPlan> {
    const r = planMigration(h.sim.contextName, await readInventory(h.client), namespaces, to);
    if (!r.ok) throw new Error(r.error);
    return r.plan;
  }

  it('a migration of N namespaces reads the control plane once (3 cluster-wide LISTs), and each namespace by name', async () => {
    assert.ok(names.length >= 5, `namespaces on 1-22-3: ${names.join(', ')}`);
    const { client, lists } = counting(h.client);
    const p = await plan('1-23-4', names);
    const out = await runMigration({ client, journal }, p, { concurrency: 3, controlPlane: new ControlPlaneCache(client, 60_000) });
    assert.equal(out.status, 'completed', JSON.stringify(out.namespaces.map((n) => n.error)));
    assert.deepEqual(clusterWide(lists).map((l) => `${l.kind} ${l.labelSelector ?? ''}`.trim()).sort(), [
      'deployments app=istiod', 'mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
    ]);
    for (const n of names) {
      const polls = lists.filter((l) => l.kind === 'namespaces' && l.fieldSelector === `metadata.name=${n}`).length;
      assert.ok(polls >= 1, `${n} read by name`);
      assert.equal(lists.filter((l) => l.kind === 'pods' && l.namespace === n).length, polls, `${n}: one pods LIST per verify poll`);
    }
    // The Istio namespace's objects come from the shared context, not from every namespace's verification.
    assert.equal(lists.filter((l) => l.kind === 'services').length, 1);
  });

  it('without a cache passed, a run still shares one context: far fewer cluster-wide LISTs than namespaces', async () => {
    const { client, lists } = counting(h.client);
    const targets = rollbackTargets(journal, { runId: journal.runs()[0].runId, context: h.sim.contextName });
    assert.equal(targets.length, names.length);
    const undo = await runRollback({ client, journal }, targets);
    assert.equal(undo.status, 'completed', JSON.stringify(undo.namespaces.map((n) => n.error)));
    assert.equal(everyNamespace(lists).length, 0, 'no LIST of every namespace');
    // One context read is 3 LISTs; a new one at most every 5 s. Before issue 7 it was 4 per namespace and poll.
    assert.ok(clusterWide(lists).length <= 6, `${clusterWide(lists).length} cluster-wide LISTs for ${names.length} namespaces`);

    const migrated = counting(h.client);
    const out = await runMigration({ client: migrated.client }, await plan('canary', names), { concurrency: 4 });
    assert.equal(out.status, 'completed', JSON.stringify(out.namespaces.map((n) => n.error)));
    assert.equal(everyNamespace(migrated.lists).length, 0);
    assert.ok(clusterWide(migrated.lists).length <= 6, `${clusterWide(migrated.lists).length} cluster-wide LISTs for ${names.length} namespaces`);
  });

  it('verifying every namespace at once: one context, the same verdicts as the full read', async () => {
    const all = (await h.snapshot()).namespaces.map((n) => n.name).concat('missing');
    const expected = (ns: string) => (names.includes(ns) ? '1-23-4' : undefined);
    const full = await readInventory(h.client, { namespaces: all });
    const before = judge(buildSnapshot(h.sim.contextName, full), full, all, expected);
    const { client, lists } = counting(h.client);
    const after = await verifyNamespaces(client, all, { expectedRevision: expected });
    assert.deepEqual(after, before);
    assert.ok(after.filter((v) => names.includes(v.namespace)).every((v) => v.verdict === 'pass'));
    assert.equal(after.find((v) => v.namespace === 'missing')?.reason, 'namespace not found');
    assert.equal(clusterWide(lists).length, 3);
    assert.equal(everyNamespace(lists).length, 0);
  });
});
