/** The migration seed flows (003, 001, waves), shared by the simulator and the real-server suites. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { main } from '../../src/cli';
import { planMigration, type MigrationPlan } from '../../src/mesh/migrationPlan';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { runMigration } from '../../src/upgrade/migrationRunner';
import { rollbackTargets, runRollback } from '../../src/upgrade/rollback';
import { relabelNamespace } from '../../src/upgrade/relabelNamespace';
import { Journal } from '../../src/upgrade/journal';
import type { ClusterClient } from '../../src/kube/clusterClient';
import { ns, proxies } from '../integration/simHarness';
import type { Harness, StartHarness } from './harness';

async function plan(h: Harness, namespaces: string[], target: string): Promise<MigrationPlan> {
  const r = planMigration(h.contextName, await readInventory(h.client), namespaces, target);
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

async function labelsOf(h: Harness, name: string): Promise<Record<string, string> | undefined> {
  return (await h.client.get('namespaces', name)).metadata.labels;
}

export function defineMigrateCases(start: StartHarness, where: string): void {
  describe(`migrate, verify and roll back ${where} (end to end over HTTPS)`, function () {
    this.timeout(60000);
    let dir: string;
    let journal: Journal;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-'));
      journal = new Journal(dir);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    describe('seed 003: demo-a, then demo-b, from 1.6.14 to the 1.7.0 canary, and back', () => {
      let h: Harness;
      let seedJournal: Journal;
      let original: Record<string, string | undefined>;
      before(async () => {
        h = await start('canary-1-6-to-1-7', 20);
        seedJournal = new Journal(fs.mkdtempSync(path.join(os.tmpdir(), 'seed003-')));
        original = { a: JSON.stringify(await labelsOf(h, 'demo-a')), b: JSON.stringify(await labelsOf(h, 'demo-b')) };
      });
      after(async () => {
        fs.rmSync(seedJournal.dir, { recursive: true, force: true });
        await h.stop();
      });

      it('moves demo-a first, with demo-b still on 1.6 in between, then demo-b', async () => {
        const p = await plan(h, ['demo-a'], 'canary');
        assert.deepEqual(p.namespaces[0].patch, { metadata: { labels: { 'istio-injection': null, 'istio.io/rev': 'canary' } } });
        assert.deepEqual(p.namespaces[0].restart.map((r) => r.name), ['app-a']);
        const first = await runMigration({ client: h.client, journal: seedJournal }, p);
        assert.equal(first.status, 'completed', JSON.stringify(first));
        assert.equal(first.namespaces[0].verdict?.verdict, 'pass');

        const between = await h.snapshot();
        assert.deepEqual(ns(between, 'demo-a').target, { revision: 'canary', via: 'istio.io/rev' });
        assert.deepEqual(proxies(between, 'demo-a', 'app-a'), ['canary/1.7.0', 'canary/1.7.0']);
        assert.deepEqual(ns(between, 'demo-b').target, { revision: 'default', via: 'istio-injection' });
        assert.deepEqual(proxies(between, 'demo-b', 'app-b'), ['default/1.6.14']);
        const rev = (n: string) => between.revisions.find((r) => r.name === n);
        assert.equal(rev('canary')?.proxyCount, 2);
        assert.ok((rev('default')?.proxyCount ?? 0) >= 1);

        const second = await runMigration({ client: h.client, journal: seedJournal }, await plan(h, ['demo-b'], 'canary'));
        assert.equal(second.status, 'completed');
        assert.deepEqual(proxies(await h.snapshot(), 'demo-b', 'app-b'), ['canary/1.7.0']);
        const labels = await labelsOf(h, 'demo-b');
        assert.equal(labels?.['istio.io/rev'], 'canary');
        assert.equal(labels?.['istio-injection'], undefined);
        assert.deepEqual(seedJournal.runs().map((r) => r.status), ['completed', 'completed']);
      });

      it('refuses to plan istio.io/rev=default against the 1.6 revisionless injector (it only selects istio-injection=enabled)', async () => {
        const p = await plan(h, ['demo-a'], 'default');
        assert.ok(p.warnings.some((w) => w.severity === 'error' && /would not be injected/.test(w.message)), JSON.stringify(p.warnings));
      });

      it('rolls both back to exactly the labels they had (byte for byte), then restarts and verifies on 1.6.14', async () => {
        const targets = rollbackTargets(seedJournal, { namespaces: ['demo-a', 'demo-b'], context: h.contextName });
        assert.deepEqual(targets.map((t) => t.restore), [{ 'istio-injection': 'enabled' }, { 'istio-injection': 'enabled' }]);
        const rolled = await runRollback({ client: h.client, journal: seedJournal }, targets);
        assert.equal(rolled.status, 'completed', JSON.stringify(rolled.namespaces.map((n) => n.error)));
        assert.equal(JSON.stringify(await labelsOf(h, 'demo-a')), original.a);
        assert.equal(JSON.stringify(await labelsOf(h, 'demo-b')), original.b);
        const s = await h.snapshot();
        assert.deepEqual(proxies(s, 'demo-a', 'app-a'), ['default/1.6.14', 'default/1.6.14']);
        assert.deepEqual(proxies(s, 'demo-b', 'app-b'), ['default/1.6.14']);
      });
    });

    describe('seed 001: namespace a moved from tag prod to tag canary and back', () => {
      let h: Harness;
      before(async () => { h = await start('tags-prod-canary', 20); });
      after(() => h.stop());

      it('moves a from prod to canary: 1.7.6 proxies become 1.8.0, b stays on prod', async () => {
        const out = await runMigration({ client: h.client, journal }, await plan(h, ['a'], 'canary'));
        assert.equal(out.status, 'completed');
        const s = await h.snapshot();
        assert.deepEqual(ns(s, 'a').target, { revision: '1-8-0', via: 'tag', tag: 'canary' });
        for (const w of ns(s, 'a').workloads) assert.ok(w.pods.every((p) => p.revision === '1-8-0' && p.proxyVersion === '1.8.0' && !p.needsRestart));
        for (const w of ns(s, 'b').workloads) assert.ok(w.pods.every((p) => p.revision === '1-7-6'));
        const [undo] = [await runRollback({ client: h.client, journal }, rollbackTargets(journal, { namespaces: ['a'], context: h.contextName }))];
        assert.equal(undo.status, 'completed');
        assert.equal((await labelsOf(h, 'a'))?.['istio.io/rev'], 'prod');
      });

      it('dry run changes nothing and says what would change', async () => {
        const before = JSON.stringify(await labelsOf(h, 'b'));
        const out = await runMigration({ client: h.client, journal }, await plan(h, ['b'], 'canary'), { dryRun: true });
        assert.equal(out.status, 'dry run');
        assert.equal(out.namespaces[0].relabel?.changed, true);
        assert.ok(out.namespaces[0].restarted.length > 0);
        assert.equal(JSON.stringify(await labelsOf(h, 'b')), before);
        assert.ok(ns(await h.snapshot(), 'b').workloads.every((w) => w.pods.every((p) => p.revision === '1-7-6')));
        assert.equal(journal.runs().length, 0, 'a dry run writes no journal');
      });

      it('stops instead of overwriting a label someone else changed since the plan', async () => {
        const p = await plan(h, ['b'], 'canary');
        await h.client.patch('namespaces', 'b', undefined, 'merge', { metadata: { labels: { 'istio.io/rev': '1-7-6' } } });
        const out = await runMigration({ client: h.client, journal }, p);
        assert.equal(out.status, 'failed');
        assert.match(out.namespaces[0].error ?? '', /changed since the plan/);
        assert.equal((await labelsOf(h, 'b'))?.['istio.io/rev'], '1-7-6');
        await h.client.patch('namespaces', 'b', undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'prod' } } });
      });

      it('re-reads on a 409 (someone changed an unrelated label between our read and our write) and applies the relabel', async () => {
        let interfered = false;
        // A client whose first GET of namespace b is followed, before our PATCH, by someone else's write.
        const racing: ClusterClient = Object.create(h.client, {
          get: {
            value: async (...args: Parameters<ClusterClient['get']>) => {
              const got = await h.client.get(...args);
              if (!interfered && args[0] === 'namespaces' && args[1] === 'b') {
                interfered = true;
                await h.client.patch('namespaces', 'b', undefined, 'merge', { metadata: { labels: { team: 'search' } } });
              }
              return got;
            },
          },
        });
        const r = await relabelNamespace(racing, 'b', { 'istio.io/rev': 'prod' }, { 'istio.io/rev': 'canary' }, { journal, run: journal.startRun({ command: 'migrate', context: 'x', namespaces: ['b'] }) });
        assert.ok(interfered);
        assert.equal(r.changed, true);
        const labels = await labelsOf(h, 'b');
        assert.equal(labels?.team, 'search', 'the other writer\'s label survives');
        assert.equal(labels?.['istio.io/rev'], 'canary');
        const phases = journal.writes().map((w) => `${w.phase}${w.error ? `:${w.error.slice(0, 8)}` : ''}`);
        assert.deepEqual(phases, ['intent', 'failed:conflict', 'intent', 'applied']);
        await h.client.patch('namespaces', 'b', undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'prod', team: null } } });
      });
    });

    describe('waves: cancelled, and interrupted by a killed process — both resume and both undo', () => {
      let h: Harness;
      before(async () => { h = await start('tags-prod-canary', 150); });
      after(() => h.stop());

      it('a cancelled wave stops between steps, records where, resumes to completion, and undoes', async () => {
        const abort = new AbortController();
        const p = await plan(h, ['a', 'b', 'c'], '1-8-0');
        const out = await runMigration({ client: h.client, journal }, p, {
          signal: abort.signal, concurrency: 1, stopOnFailure: true,
          onProgress: (e) => { if (e.namespace === 'a' && e.step === 'wait') abort.abort(); },
        });
        assert.equal(out.status, 'cancelled');
        assert.equal(out.namespaces.find((n) => n.namespace === 'b')?.status, 'not started');
        const run = journal.run(out.runId as string);
        assert.equal(run?.status, 'cancelled');
        assert.match(run?.stoppedAt ?? '', /^a: cancelled/);

        const resumed = await runMigration({ client: h.client, journal }, await plan(h, run?.namespaces ?? [], run?.target ?? ''), { concurrency: 2 });
        assert.equal(resumed.status, 'completed', JSON.stringify(resumed.namespaces.map((n) => n.error)));
        const s = await h.snapshot();
        for (const n of ['a', 'b', 'c']) assert.deepEqual(ns(s, n).target?.revision, '1-8-0');

        // Undo both runs, newest first: the namespaces are back on their tags.
        for (const id of [resumed.runId, out.runId]) {
          const targets = rollbackTargets(journal, { runId: id, context: h.contextName });
          const undo = await runRollback({ client: h.client, journal }, targets);
          assert.equal(undo.status, 'completed', JSON.stringify(undo.namespaces.map((n) => n.error)));
        }
        assert.equal((await labelsOf(h, 'a'))?.['istio.io/rev'], 'prod');
        assert.equal((await labelsOf(h, 'b'))?.['istio.io/rev'], 'prod');
        assert.equal((await labelsOf(h, 'c'))?.['istio.io/rev'], 'canary');
      });

      it('a wave whose process is killed mid-run shows as interrupted, resumes from the CLI, and undoes', async () => {
        const cliPath = path.join(__dirname, '..', '..', 'src', 'cli.ts');
        const env = { ...process.env, ISTIO_CANARY_JOURNAL: dir, KUBECONFIG: h.kubeconfigPath };
        const child = spawn(process.execPath, ['--import', 'tsx', cliPath, 'migrate', '--context', h.contextName, '--namespace', 'a,b,c', '--to', '1-8-0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`the CLI never started waiting: ${stderr}`)), 30000);
          child.stderr.on('data', () => {
            if (/a: wait/.test(stderr)) {
              clearTimeout(timer);
              child.kill('SIGKILL');
              resolve();
            }
          });
        });
        await new Promise((r) => child.once('exit', r));
        const killed = new Journal(dir).runs()[0];
        assert.equal(killed.status, 'interrupted');
        assert.deepEqual(killed.namespaces, ['a', 'b', 'c']);
        assert.ok(new Journal(dir).writes(killed.runId).some((w) => w.kind === 'namespaces' && w.name === 'a' && w.phase === 'applied'));

        const io = { out: () => undefined, err: () => undefined };
        process.env.ISTIO_CANARY_JOURNAL = dir;
        try {
          assert.equal(await main(['migrate', '--kubeconfig', h.kubeconfigPath, '--context', h.contextName, '--namespace', killed.namespaces.join(','), '--to', killed.target ?? ''], io), 0);
          const s = await h.snapshot();
          for (const n of ['a', 'b', 'c']) assert.equal(ns(s, n).target?.revision, '1-8-0');
          const runs = new Journal(dir).runs();
          assert.equal(await main(['rollback', '--kubeconfig', h.kubeconfigPath, '--run', runs[0].runId], io), 0);
          assert.equal(await main(['rollback', '--kubeconfig', h.kubeconfigPath, '--run', killed.runId], io), 0);
        } finally {
          delete process.env.ISTIO_CANARY_JOURNAL;
        }
        assert.equal((await labelsOf(h, 'a'))?.['istio.io/rev'], 'prod');
        assert.equal((await labelsOf(h, 'c'))?.['istio.io/rev'], 'canary');
      });
    });
  });
}
