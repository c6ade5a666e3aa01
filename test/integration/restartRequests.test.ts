/**
 * Issue 7: a migration restarts a namespace's Deployments with one namespaced LIST and a PATCH each (not a GET + PATCH
 * each), refusing a paused one and failing on a deleted one exactly as the single-workload restart does, with the same
 * journal lines — so undo (rollback, which restarts one by one) still reads its way back. Counted through the real
 * HTTPS client against the simulator.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planMigration, type MigrationPlan, type WorkloadRef } from '../../src/mesh/migrationPlan';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { Journal, type JournalWrite } from '../../src/upgrade/journal';
import { runMigration, type MigrationOutcome } from '../../src/upgrade/migrationRunner';
import { RESTARTED_AT, restartWorkload } from '../../src/upgrade/restartWorkload';
import { rollbackTargets, runRollback } from '../../src/upgrade/rollback';
import { errorMessage } from '../../src/upgrade/upgradeErrors';
import { logging } from './requestLog';
import { startSimHarness, type SimHarness } from './simHarness';

// ns-1 and ns-4 on 1-22-3, ns-2 on 1-23-4, ns-3 unbound; app-1 … app-5 in each, one replica each.
const SCENARIO = 'generated?namespaces=4&podsPerNamespace=5&maxReplicas=1&revisions=2&tags=0';
const APPS = ['app-1', 'app-2', 'app-3', 'app-4', 'app-5'];

/** The requests of the restart step: from its first 'restart' progress event to the next other step. */
function restartRequests(log: string[]): string[] {
  const from = log.indexOf('step restart');
  const to = log.findIndex((l, i) => i > from && l.startsWith('step ') && l !== 'step restart');
  assert.ok(from >= 0 && to > from, log.join('\n'));
  return log.slice(from, to).filter((l) => !l.startsWith('step '));
}

/** A restart's journal line with what differs between runs (run, sequences, time, versions, the annotation's values) blanked. */
function shape(w: JournalWrite): string {
  const blank = (r: Record<string, string | null>) => Object.fromEntries(Object.keys(r).map((k) => [k, 'T']));
  return JSON.stringify({
    ...w, runId: 'R', seq: 0, time: 'T', before: blank(w.before), after: blank(w.after),
    intentSeq: w.intentSeq === undefined ? undefined : 0, resourceVersion: w.resourceVersion === undefined ? undefined : 'V',
  });
}

const restartWrites = (journal: Journal, runId: string | undefined): JournalWrite[] => journal.writes(runId).filter((w) => w.kind === 'deployments');

describe('scale: a namespace\'s restarts are read with one LIST, not a GET each (issue 7)', function () {
  this.timeout(60000);
  let h: SimHarness;
  let journal: Journal;
  before(async () => {
    h = await startSimHarness(SCENARIO);
    journal = new Journal(fs.mkdtempSync(path.join(os.tmpdir(), 'restart-requests-')));
  });
  after(async () => {
    fs.rmSync(journal.dir, { recursive: true, force: true });
    await h.stop();
  });

  async function plan(namespace: string, to: string): Promise<MigrationPlan> {
    const planned = planMigration(h.sim.contextName, await readInventory(h.client), [namespace], to);
    if (!planned.ok) throw new Error(planned.error);
    assert.deepEqual(planned.plan.namespaces[0].restart.map((r) => `${r.kind} ${r.name}`), APPS.map((n) => `Deployment ${n}`));
    return planned.plan;
  }

  async function migrate(p: MigrationPlan, log: string[]): Promise<MigrationOutcome> {
    return runMigration({ client: logging(h.client, log), journal }, p, {
      verifySettleMs: 5000, onProgress: (e) => { if (log.at(-1) !== `step ${e.step}`) log.push(`step ${e.step}`); },
    });
  }

  const annotation = async (namespace: string, name: string): Promise<string | undefined> =>
    (await h.client.get('deployments', name, namespace)).spec?.template?.metadata?.annotations?.[RESTARTED_AT];

  it('restarts 5 Deployments with one namespaced LIST and 5 PATCHes, journaled as the single path journals; undo restores', async () => {
    const log: string[] = [];
    const outcome = await migrate(await plan('ns-1', '1-23-4'), log);
    assert.equal(outcome.status, 'completed', JSON.stringify(outcome.namespaces.map((n) => n.error)));
    assert.deepEqual(outcome.namespaces[0].restarted.map((r) => r.name), APPS);
    assert.deepEqual(restartRequests(log), ['LIST deployments ns-1', ...APPS.map((n) => `PATCH deployments ns-1/${n}`)]);
    assert.equal(log.filter((l) => l.startsWith('GET deployments')).length, 0, log.join('\n'));

    const batch = restartWrites(journal, outcome.runId);
    assert.deepEqual(batch.map((w) => `${w.name} ${w.phase}`).sort(), APPS.flatMap((n) => [`${n} applied`, `${n} intent`]));
    for (const w of batch) assert.equal(w.after[RESTARTED_AT], await annotation('ns-1', w.name));

    // Undo restarts one by one through the single path: its lines have the same shape, and start where ours ended.
    const undo = await runRollback({ client: h.client, journal }, rollbackTargets(journal, { runId: outcome.runId, context: h.sim.contextName }));
    assert.equal(undo.status, 'completed', JSON.stringify(undo.namespaces.map((n) => n.error)));
    const single = restartWrites(journal, undo.runId);
    assert.deepEqual(single.map(shape).sort(), batch.map(shape).sort());
    for (const w of single) {
      const ours = batch.find((b) => b.name === w.name && b.phase === w.phase);
      assert.equal(w.before[RESTARTED_AT], ours?.after[RESTARTED_AT], w.name);
    }
    assert.equal((await h.snapshot()).namespaces.find((n) => n.name === 'ns-1')?.target?.revision, '1-22-3');
  });

  it('a Deployment paused since the plan is refused with the single path\'s message; the other 4 restart', async () => {
    const p = await plan('ns-2', '1-22-3');
    await h.client.patch('deployments', 'app-3', 'ns-2', 'merge', { spec: { paused: true } });
    const log: string[] = [];
    const outcome = await migrate(p, log);
    const ref: WorkloadRef = { kind: 'Deployment', namespace: 'ns-2', name: 'app-3' };
    const single = await restartWorkload(h.client, ref, {}).then(() => 'restarted', errorMessage);
    assert.equal(single, 'Deployment ns-2/app-3 is paused: a restart would not replace its pods. Resume it first (kubectl rollout resume deployment/app-3 -n ns-2).');
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.namespaces[0].error, single);
    assert.deepEqual(outcome.namespaces[0].restarted.map((r) => r.name), ['app-1', 'app-2', 'app-4', 'app-5']);
    assert.deepEqual(restartRequests(log), ['LIST deployments ns-2', ...['app-1', 'app-2', 'app-4', 'app-5'].map((n) => `PATCH deployments ns-2/${n}`)]);
    const writes = restartWrites(journal, outcome.runId);
    assert.deepEqual(writes.map((w) => `${w.name} ${w.phase}`).sort(), ['app-1', 'app-2', 'app-4', 'app-5'].flatMap((n) => [`${n} applied`, `${n} intent`]));
    for (const n of ['app-1', 'app-2', 'app-4', 'app-5']) assert.ok(await annotation('ns-2', n), n);
    assert.equal(await annotation('ns-2', 'app-3'), undefined);
  });

  it('a Deployment deleted since the plan fails with its GET\'s 404, as the single path does; the other 4 restart', async () => {
    const p = await plan('ns-4', '1-23-4');
    await h.client.delete('deployments', 'app-2', 'ns-4');
    const log: string[] = [];
    const outcome = await migrate(p, log);
    const single = await restartWorkload(h.client, { kind: 'Deployment', namespace: 'ns-4', name: 'app-2' }, {}).then(() => 'restarted', errorMessage);
    assert.match(single, /not found/);
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.namespaces[0].error, single);
    assert.deepEqual(outcome.namespaces[0].restarted.map((r) => r.name), ['app-1', 'app-3', 'app-4', 'app-5']);
    const requests = restartRequests(log);
    assert.deepEqual(requests.slice(0, 2), ['LIST deployments ns-4', 'GET deployments ns-4/app-2']);
    assert.deepEqual(requests.slice(2).sort(), ['app-1', 'app-3', 'app-4', 'app-5'].map((n) => `PATCH deployments ns-4/${n}`));
    assert.deepEqual(restartWrites(journal, outcome.runId).filter((w) => w.name === 'app-2'), []);
  });
});
