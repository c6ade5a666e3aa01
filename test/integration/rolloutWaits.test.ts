/**
 * Issue 7: after a namespace's rollout restart, the migration waits for all its Deployments with one namespaced
 * LIST per poll (not one GET per Deployment), and still names a stuck one. Counted through the real HTTPS client
 * against the simulator, whose pods get ready only after a delay so the wait polls more than once.
 */
import { strict as assert } from 'node:assert';
import type { ClusterClient } from '../../src/kube/clusterClient';
import { planMigration, type MigrationPlan } from '../../src/mesh/migrationPlan';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { runMigration, type MigrationOutcome } from '../../src/upgrade/migrationRunner';
import { logging } from './requestLog';
import { startSimHarness, type SimHarness } from './simHarness';

const POLL_MS = 500; // waitForRollout's default poll, which the migration uses
// ns-1 on 1-22-3, ns-2 on 1-23-4, ns-3 unbound; app-1 … app-5 in each, one replica each.
const SCENARIO = 'generated?namespaces=3&podsPerNamespace=5&maxReplicas=1&revisions=2&tags=0';

/** The requests the run made while waiting for rollouts: between its 'wait' and 'verify' steps. */
function waitRequests(log: string[]): string[] {
  const from = log.indexOf('step wait');
  const to = log.indexOf('step verify');
  assert.ok(from >= 0 && to > from, log.join('\n'));
  return log.slice(from + 1, to);
}

describe('scale: waiting for a namespace\'s rollouts costs one LIST per poll (issue 7)', function () {
  this.timeout(60000);
  let h: SimHarness;
  before(async () => { h = await startSimHarness(SCENARIO, 1200); });
  after(async () => { await h.stop(); });

  async function migrate(client: ClusterClient, log: string[], namespace: string, to: string, rolloutTimeoutMs?: number): Promise<{ outcome: MigrationOutcome; plan: MigrationPlan; ms: number }> {
    const planned = planMigration(h.sim.contextName, await readInventory(h.client), [namespace], to);
    if (!planned.ok) throw new Error(planned.error);
    const started = Date.now();
    const outcome = await runMigration({ client }, planned.plan, {
      rolloutTimeoutMs, verifySettleMs: 5000, onProgress: (e) => { if (e.step === 'wait' || e.step === 'verify') log.push(`step ${e.step}`); },
    });
    return { outcome, plan: planned.plan, ms: Date.now() - started };
  }

  it('waits for 5 restarted Deployments with one namespaced LIST per poll and no GET per Deployment', async () => {
    const log: string[] = [];
    const started = Date.now();
    const { outcome, plan } = await migrate(logging(h.client, log), log, 'ns-1', '1-23-4');
    assert.deepEqual(plan.namespaces[0].restart.map((r) => `${r.kind} ${r.name}`), ['app-1', 'app-2', 'app-3', 'app-4', 'app-5'].map((n) => `Deployment ${n}`));
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome.namespaces.map((n) => n.error)));
    assert.deepEqual(outcome.namespaces[0].stuck, []);
    const waits = waitRequests(log);
    // Pods get ready 1.2 s after they are created: the wait polls several times, each time with one LIST.
    assert.ok(waits.length >= 2, waits.join('\n'));
    assert.deepEqual(new Set(waits), new Set(['LIST deployments ns-1']), waits.join('\n'));
    assert.ok(waits.length <= 1 + Math.ceil((Date.now() - started) / POLL_MS), `${waits.length} requests: more than one per poll`);
    // No GET of a Deployment at all: the restarts read the namespace with one LIST too (restartRequests.test.ts).
    assert.equal(log.filter((l) => l.startsWith('GET deployments')).length, 0);
  });

  it('a Deployment that cannot roll among 5 is reported stuck by name with the same message; the others are polled no more', async () => {
    const log: string[] = [];
    // Someone pauses app-3 between the restart's read and its PATCH: the new template never rolls out.
    const client = logging(h.client, log, async (kind, name, namespace) => {
      if (kind === 'deployments' && name === 'app-3') await h.client.patch('deployments', name, namespace, 'merge', { spec: { paused: true } });
    });
    const { outcome, ms } = await migrate(client, log, 'ns-2', '1-22-3', 4000);
    const ns = outcome.namespaces[0];
    assert.equal(outcome.status, 'failed');
    assert.deepEqual(ns.stuck, ['Deployment ns-2/app-3 is stuck: 0 of 1 updated, 1 ready after 4 s']);
    assert.ok(ns.error?.includes('Deployment ns-2/app-3 is stuck: 0 of 1 updated, 1 ready after 4 s'), ns.error);
    const waits = waitRequests(log);
    const lists = waits.filter((w) => w === 'LIST deployments ns-2').length;
    assert.ok(lists >= 1, waits.join('\n'));
    // LISTs while the others still roll, then GETs of app-3 alone until the timeout: one request per poll.
    assert.deepEqual(waits.slice(lists), Array(waits.length - lists).fill('GET deployments ns-2/app-3'), waits.join('\n'));
    assert.ok(waits.length - lists >= 2, waits.join('\n'));
    assert.ok(waits.length <= 1 + Math.ceil(ms / POLL_MS), `${waits.length} requests in ${ms} ms: more than one per poll`);
  });
});
