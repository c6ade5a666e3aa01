/**
 * Faults the journal must tell the truth about (issue 12 A and B; part C's proxy faults are in faultCases.ts), shared by the simulator and the real-server
 * suites: a relabel the server applies while the client gives up (timeout) or loses the connection (reset) — the
 * journal says unknown, reads it back as applied, and `rollback --run` restores it; and a second operator on a
 * namespace another process is migrating — refused naming the holder, while the first completes and verifies.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import type { ClusterClient, ListOptions, ResourceKind } from '../../src/kube/clusterClient';
import { ClusterError } from '../../src/kube/clusterError';
import { LOCK_LEASE_NAME } from '../../src/mesh/leaseObject';
import { planMigration, type MigrationPlan } from '../../src/mesh/migrationPlan';
import { readInventory } from '../../src/upgrade/inventoryReader';
import { Journal } from '../../src/upgrade/journal';
import { runMigration } from '../../src/upgrade/migrationRunner';
import { operatorName } from '../../src/upgrade/processOwner';
import { runCli } from './cliProcess';
import type { Harness, StartHarness } from './harness';
import { assertJournalExplains, newTally, printTally } from './journalTally';

async function plan(h: Harness, namespaces: string[], target: string): Promise<MigrationPlan> {
  const r = planMigration(h.contextName, await readInventory(h.client), namespaces, target);
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

/** The client, except that PATCHes of namespace `ns` are applied and then answered with `fault` (the answer is lost). */
function losingAnswers(client: ClusterClient, ns: string, fault: () => ClusterError): ClusterClient {
  return Object.create(client, {
    patch: {
      value: async (...args: Parameters<ClusterClient['patch']>) => {
        const result = await client.patch(...args);
        if (args[0] === 'namespaces' && args[1] === ns && !args[5]?.dryRun) throw fault();
        return result;
      },
    },
  }) as ClusterClient;
}

export function defineJournalFaultCases(start: StartHarness, where: string): void {
  describe(`faults the journal tells the truth about ${where}`, function () {
    this.timeout(90_000);
    let h: Harness;
    let dir: string;
    let journal: Journal;
    const io = { lines: [] as string[], out(t: string) { this.lines.push(t); }, err(t: string) { this.lines.push(t); } };
    before(async () => { h = await start('tags-prod-canary', 20); });
    after(() => h.stop());
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-'));
      journal = new Journal(dir);
      io.lines = [];
    });
    const tally = newTally();
    afterEach(async function () {
      if (this.currentTest?.state === 'passed') await assertJournalExplains(tally, h.client, journal, h.contextName);
      fs.rmSync(dir, { recursive: true, force: true });
    });
    after(() => printTally(tally, `journal faults ${where}`));

    const labels = async (ns: string) => (await h.client.get('namespaces', ns)).metadata.labels ?? {};

    for (const [name, fault] of [
      ['timeout after the server applied it', () => new ClusterError({ kind: 'timeout', context: h.contextName, message: 'timeout: no answer within 2 s (PATCH /api/v1/namespaces/a)' })],
      ['connection reset after the server applied it', () => new ClusterError({ kind: 'unreachable', context: h.contextName, message: 'cannot connect: connection reset' })],
    ] as const) {
      it(`a relabel answered by a ${name}: journaled unknown, read back as applied, the run completes, and rollback --run restores it`, async () => {
        const original = await labels('a');
        const out = await runMigration({ client: losingAnswers(h.client, 'a', fault), journal }, await plan(h, ['a'], 'canary'), { relabelOnly: true });
        assert.equal(out.status, 'completed', JSON.stringify(out.namespaces));
        assert.equal(out.namespaces[0].relabel?.changed, true);
        const writes = journal.writes(out.runId);
        assert.deepEqual(writes.map((w) => `${w.phase}${w.readBack ? ' (read back)' : ''}`), ['intent', 'unknown', 'applied (read back)']);
        assert.match(writes[1].error ?? '', /^no answer, the request may have been applied: /);
        assert.equal(writes[2].intentSeq, writes[0].seq);
        assert.equal((await labels('a'))['istio.io/rev'], 'canary');

        const code = await main(['rollback', '--kubeconfig', h.kubeconfigPath, '--context', h.contextName, '--journal', dir, '--run', out.runId ?? '', '-o', 'json'], io);
        assert.equal(code, 0, io.lines.join('\n'));
        const result = JSON.parse(io.lines.find((l) => l.startsWith('{')) ?? '{}') as { status: string; namespaces: { namespace: string; relabel: { changed: boolean } }[] };
        assert.equal(result.status, 'completed');
        assert.deepEqual(result.namespaces.map((n) => [n.namespace, n.relabel.changed]), [['a', true]]);
        assert.deepEqual(await labels('a'), original);
      });
    }

    it('a second operator on a namespace another process is migrating is refused, naming the holder; the first completes and verifies', async () => {
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => { release = r; });
      let verifying = false;
      // The first run (this process) stops at its verification until the second has been refused.
      const slow: ClusterClient = Object.create(h.client, {
        list: {
          value: async (kind: ResourceKind, o: ListOptions = {}) => {
            if (kind === 'pods' && o.namespace === 'b' && !verifying) {
              verifying = true;
              await held;
            }
            return h.client.list(kind, o);
          },
        },
      });
      const lockConfig = { durationSeconds: 3, renewEveryMs: 500 };
      const first = runMigration({ client: slow, journal }, await plan(h, ['b'], 'canary'), { locks: lockConfig, verifySettleMs: 20_000 });
      while (!verifying) await new Promise((r) => setTimeout(r, 50));
      const lease = await h.client.get('leases', LOCK_LEASE_NAME, 'b');
      const firstRun = journal.runs()[0];
      assert.match(lease.spec?.holderIdentity ?? '', new RegExp(`^${operatorName().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/run ${firstRun.runId}/pid ${process.pid}$`));

      const second = await runCli(['migrate', '--kubeconfig', h.kubeconfigPath, '--context', h.contextName, '--namespace', 'b', '--to', '1-7-6'],
        { ISTIO_CANARY_JOURNAL: path.join(dir, 'second'), ISTIO_CANARY_LEASE_SECONDS: '3' });
      assert.equal(second.code, 4, second.stderr);
      assert.match(second.stderr, new RegExp(`namespace b is being changed by ${operatorName().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(run ${firstRun.runId}, pid ${process.pid}, migrate → canary\\) since \\d{4}-`));
      const refused = new Journal(path.join(dir, 'second')).runs()[0];
      assert.equal(refused.status, 'failed');
      assert.match(refused.error ?? '', /is being changed by/);
      assert.equal((await labels('b'))['istio.io/rev'], 'canary', 'the refused run wrote nothing');

      release();
      const out = await first;
      assert.equal(out.status, 'completed', JSON.stringify(out.namespaces.map((n) => n.error)));
      assert.equal(out.namespaces[0].verdict?.verdict, 'pass');
      const after = await h.client.get('leases', LOCK_LEASE_NAME, 'b');
      assert.equal(after.spec?.holderIdentity ?? undefined, undefined, 'released at the end');
      fs.rmSync(path.join(dir, 'second'), { recursive: true, force: true });
      await main(['rollback', '--kubeconfig', h.kubeconfigPath, '--context', h.contextName, '--journal', dir, '--run', out.runId ?? ''], io);
      assert.equal((await labels('b'))['istio.io/rev'], 'prod');
    });
  });
}
