/**
 * Issue 12 A3: the CLI is killed (SIGKILL) while a write is in flight. The fault proxy in front of the API server
 * (the simulator or the real kube-apiserver) holds that request until the process is dead, then forwards it (the
 * write landed) or drops it (it did not). Rollback and resume read it back and act on what the cluster shows;
 * `journal -o json` says which, and every object the journal wrote reads back as journaled.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import type { JournalWrite, RunRecord } from '../../src/upgrade/journal';
import { RESTARTED_AT } from '../../src/upgrade/restartWorkload';
import { Journal } from '../../src/upgrade/journal';
import { startFaultProxy, type FaultProxy } from '../rig/faultProxy';
import { killCliAt } from './killCli';
import type { Harness, StartHarness } from './harness';
import { assertJournalExplains, newTally, printTally } from './journalTally';

interface JournalJson { runs: (RunRecord & { writes: JournalWrite[] })[]; warnings: string[] }

export function defineKilledRunCases(start: StartHarness, where: string): void {
describe(`a CLI killed mid-write (SIGKILL) ${where}: rollback and resume act on what the cluster shows`, function () {
  this.timeout(180_000);
  let h: Harness;
  let proxy: FaultProxy;
  let dir: string;
  let lines: string[];
  const io = { out: (t: string) => { lines.push(t); }, err: (t: string) => { lines.push(t); } };
  const cli = (args: string[]) => main([...args, '--kubeconfig', h.kubeconfigPath, '--context', h.contextName, '--journal', dir], io);
  const journalJson = async (): Promise<JournalJson> => {
    lines = [];
    assert.equal(await main(['journal', '--journal', dir, '-o', 'json'], io), 0);
    return JSON.parse(lines.find((l) => l.startsWith('{')) ?? '{}') as JournalJson;
  };
  const labels = async (ns: string) => (await h.client.get('namespaces', ns)).metadata.labels ?? {};
  const phases = (ws: JournalWrite[], name: string) => ws.filter((w) => w.name === name).map((w) => `${w.phase}${w.readBack ? ' (read back)' : ''}`);

  /** Starts the CLI through the proxy, holds the request `method path` until the CLI is killed, then forwards or drops it. */
  async function killAt(args: string[], method: string, requestPath: string, then: 'apply' | 'fail'): Promise<void> {
    await killCliAt(proxy, args, method, requestPath, then, { ISTIO_CANARY_JOURNAL: dir });
  }

  const tally = newTally();
  beforeEach(async () => {
    h = await start('tags-prod-canary', 50);
    proxy = await startFaultProxy({ kubeconfigPath: h.kubeconfigPath, context: h.contextName });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'killed-'));
    lines = [];
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'passed') await assertJournalExplains(tally, h.client, new Journal(dir), h.contextName);
    fs.rmSync(dir, { recursive: true, force: true });
    await proxy.stop();
    await h.stop();
  });
  after(() => printTally(tally, `killed runs ${where}`));

  it('killed while relabelling b (which then lands): rollback --namespace finds it, rollback --run restores both and says so', async () => {
    const before = { a: await labels('a'), b: await labels('b') };
    await killAt(['migrate', '--namespace', 'a,b', '--to', 'canary', '--relabel-only'], 'PATCH', '/api/v1/namespaces/b', 'apply');
    assert.equal((await labels('b'))['istio.io/rev'], 'canary', 'the held write landed after the kill');
    let j = await journalJson();
    const killed = j.runs[0];
    assert.equal(killed.status, 'interrupted');
    assert.deepEqual(phases(killed.writes, 'a'), ['intent', 'applied']);
    assert.deepEqual(phases(killed.writes, 'b'), ['intent'], 'only the intent: the process died waiting for the answer');

    lines = [];
    assert.equal(await cli(['rollback', '--namespace', 'b', '--dry-run']), 0, lines.join('\n'));
    assert.ok(lines.some((l) => l === `read back: namespaces/b: the unanswered write was applied (read back)`), lines.join('\n'));
    assert.ok(lines.some((l) => /^ {2}b: istio\.io\/rev=canary → istio\.io\/rev=prod {2}\(run /.test(l)), lines.join('\n'));
    assert.deepEqual(await labels('b'), { ...before.b, 'istio.io/rev': 'canary' }, 'a dry run changes nothing');

    lines = [];
    assert.equal(await cli(['rollback', '--run', killed.runId, '-o', 'json']), 0, lines.join('\n'));
    const out = JSON.parse(lines.find((l) => l.startsWith('{')) ?? '{}') as { status: string; namespaces: { namespace: string; status: string; relabel: { changed: boolean } }[] };
    assert.equal(out.status, 'completed');
    assert.deepEqual(out.namespaces.map((n) => `${n.namespace} ${n.status} ${n.relabel.changed}`).sort(), ['a done true', 'b done true']);
    assert.deepEqual(await labels('a'), before.a);
    assert.deepEqual(await labels('b'), before.b);

    j = await journalJson();
    const k = j.runs.find((r) => r.runId === killed.runId);
    assert.deepEqual(phases(k?.writes ?? [], 'b'), ['intent', 'applied (read back)'], 'the journal now says which');
    const rollback = j.runs.find((r) => r.command === 'rollback' && r.rollbackOf === killed.runId);
    assert.equal(rollback?.status, 'completed');
    assert.deepEqual(rollback?.restore?.map((t) => t.namespace).sort(), ['a', 'b']);
  });

  it('killed while relabelling b (which never lands): resume reads it back as not applied and finishes; the journal says so', async () => {
    await killAt(['migrate', '--namespace', 'a,b', '--to', 'canary', '--relabel-only'], 'PATCH', '/api/v1/namespaces/b', 'fail');
    assert.equal((await labels('b'))['istio.io/rev'], 'prod');
    const killed = (await journalJson()).runs[0];
    lines = [];
    assert.equal(await cli(['resume', '--run', killed.runId]), 0, lines.join('\n'));
    assert.ok(lines.some((l) => /^read back: namespaces\/b: the unanswered write was not applied/.test(l)), lines.join('\n'));
    assert.equal((await labels('a'))['istio.io/rev'], 'canary');
    assert.equal((await labels('b'))['istio.io/rev'], 'canary');
    const j = await journalJson();
    const old = j.runs.find((r) => r.runId === killed.runId);
    assert.equal(old?.status, 'interrupted');
    assert.deepEqual(phases(old?.writes ?? [], 'b'), ['intent', 'failed (read back)']);
    const resumed = j.runs.find((r) => r.runId === old?.handled?.by);
    assert.equal(old?.handled?.how, 'resumed');
    assert.equal(resumed?.status, 'completed');
    assert.deepEqual(phases(resumed?.writes ?? [], 'a'), [], 'a was done: not written again');
    assert.deepEqual(phases(resumed?.writes ?? [], 'b'), ['intent', 'applied']);
  });

  it('killed while restarting (the restart never lands): resume restarts it with the journaled timestamp, and verifies', async () => {
    await killAt(['migrate', '--namespace', 'b', '--to', 'canary'], 'PATCH', '/apis/apps/v1/namespaces/b/deployments/orders', 'fail');
    const killed = (await journalJson()).runs[0];
    const stamp = killed.writes.find((w) => w.kind === 'deployments')?.after[RESTARTED_AT];
    assert.ok(stamp);
    assert.notEqual((await h.client.get('deployments', 'orders', 'b')).spec?.template?.metadata?.annotations?.[RESTARTED_AT], stamp);
    lines = [];
    assert.equal(await cli(['resume', '--run', killed.runId]), 0, lines.join('\n'));
    assert.ok(lines.some((l) => /^read back: deployments\/b\/orders: the unanswered write was not applied/.test(l)), lines.join('\n'));
    assert.equal((await h.client.get('deployments', 'orders', 'b')).spec?.template?.metadata?.annotations?.[RESTARTED_AT], stamp, 'sent again with the same timestamp');
    const resumed = (await journalJson()).runs[0];
    assert.equal(resumed.status, 'completed');
    assert.deepEqual(resumed.writes.filter((w) => w.name === 'orders').map((w) => [w.phase, w.after[RESTARTED_AT]]), [['intent', stamp], ['applied', stamp]]);
  });

  it('killed while restarting (the restart lands): resume reads it back and starts no second rollout', async () => {
    await killAt(['migrate', '--namespace', 'b', '--to', 'canary'], 'PATCH', '/apis/apps/v1/namespaces/b/deployments/orders', 'apply');
    const killed = (await journalJson()).runs[0];
    const stamp = killed.writes.find((w) => w.kind === 'deployments')?.after[RESTARTED_AT];
    const landed = await h.client.get('deployments', 'orders', 'b');
    assert.equal(landed.spec?.template?.metadata?.annotations?.[RESTARTED_AT], stamp);
    lines = [];
    assert.equal(await cli(['resume', '--run', killed.runId]), 0, lines.join('\n'));
    const after = await h.client.get('deployments', 'orders', 'b');
    assert.equal(after.spec?.template?.metadata?.annotations?.[RESTARTED_AT], stamp, 'the same timestamp');
    assert.equal(after.metadata.generation, landed.metadata.generation, 'no new rollout');
    const j = await journalJson();
    assert.deepEqual(phases(j.runs.find((r) => r.runId === killed.runId)?.writes ?? [], 'orders'), ['intent', 'applied (read back)']);
    assert.equal(j.runs[0].status, 'completed');
  });
});
}
