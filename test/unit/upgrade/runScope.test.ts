import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HOLDER_ANNOTATION, LOCK_LEASE_NAME, holderIdentity, type KLease } from '../../../src/mesh/leaseObject';
import { Journal } from '../../../src/upgrade/journal';
import { inRunScope, type RunContext } from '../../../src/upgrade/runScope';
import { UpgradeError } from '../../../src/upgrade/upgradeErrors';
import { FakeObjects, statusErr } from './fakeObjects';

const FAST = { durationSeconds: 3, renewEveryMs: 100, retryMs: 50 };

describe('run scope', () => {
  let dir: string;
  let journal: Journal;
  let fake: FakeObjects;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scope-'));
    journal = new Journal(dir);
    fake = new FakeObjects();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lease = () => fake.read('leases', LOCK_LEASE_NAME, 'a') as KLease | undefined;
  const spec = { command: 'migrate' as const, target: 'canary', namespaces: ['a'], locks: FAST };

  it('starts the run, holds the lock while the work runs, records how it ended, releases the lock', async () => {
    let seen: RunContext | undefined;
    const value = await inRunScope({ client: fake.client(), journal }, spec, async (rc) => {
      seen = rc;
      assert.equal(journal.run(rc.run?.runId ?? '')?.status, 'running');
      assert.match(lease()?.spec?.holderIdentity ?? '', new RegExp(`/run ${rc.run?.runId}/pid ${process.pid}$`));
      return 42;
    }, () => ({ status: 'completed' }));
    assert.equal(value, 42);
    const run = journal.run(seen?.run?.runId ?? '');
    assert.equal(run?.status, 'completed');
    assert.equal(run?.owner?.pid, process.pid);
    assert.equal(lease()?.spec?.holderIdentity, undefined, 'released');
  });

  it('the work throws: the run is failed with the reason, the error goes on, the lock is released', async () => {
    await assert.rejects(inRunScope({ client: fake.client(), journal }, spec, async () => { throw new Error('boom'); }, () => ({ status: 'completed' })), /boom/);
    const [run] = journal.runs();
    assert.deepEqual([run.status, run.error], ['failed', 'boom']);
    assert.ok(run.ended);
    assert.equal(lease()?.spec?.holderIdentity, undefined);
  });

  it('cancelled by the caller: the run is cancelled, not failed', async () => {
    const abort = new AbortController();
    await assert.rejects(inRunScope({ client: fake.client(), journal }, { ...spec, signal: abort.signal }, async (rc) => {
      abort.abort();
      if (rc.signal.aborted) throw new UpgradeError('cancelled', 'cancelled before a: restart');
      return 0;
    }, () => ({ status: 'completed' })));
    assert.equal(journal.runs()[0].status, 'cancelled');
  });

  it('a namespace locked by a live holder: the work never runs, the run is failed with who holds it', async () => {
    const other = { operator: 'bob@desk', host: os.hostname(), pid: process.pid, runId: 'run-bob', command: 'migrate', target: '1-7-6' };
    fake.put('leases', { metadata: { name: LOCK_LEASE_NAME, namespace: 'a', annotations: { [HOLDER_ANNOTATION]: JSON.stringify(other) } }, spec: { holderIdentity: holderIdentity(other), leaseDurationSeconds: 3, acquireTime: '2026-01-01T00:00:00.000000Z' } } as never);
    // bob renews while we watch.
    const renew = setInterval(() => {
      const l = lease() as KLease;
      fake.put('leases', { ...l, spec: { ...l.spec, renewTime: new Date().toISOString() } } as never);
    }, 100);
    let ran = false;
    try {
      await assert.rejects(inRunScope({ client: fake.client(), journal }, spec, async () => { ran = true; }, () => ({ status: 'completed' })),
        (e: unknown) => e instanceof UpgradeError && e.kind === 'locked' && /being changed by bob@desk \(run run-bob/.test(e.message));
    } finally {
      clearInterval(renew);
    }
    assert.equal(ran, false);
    const [run] = journal.runs();
    assert.equal(run.status, 'failed');
    assert.equal(run.stoppedAt, 'taking the namespace locks');
    assert.match(run.error ?? '', /being changed by bob@desk/);
  });

  it('RBAC forbids leases: the run goes on without a cross-user lock and says so, in its warnings and the journal', async () => {
    fake.faults = [{ match: /^POST leases\//, before: () => statusErr('forbidden', 403, 'forbidden: cannot create leases.coordination.k8s.io in namespace "a" (RBAC)') }];
    const notices: string[] = [];
    const warnings = await inRunScope({ client: fake.client(), journal }, { ...spec, onNotice: (m) => notices.push(m) }, async (rc) => rc.warnings, () => ({ status: 'completed' }));
    assert.deepEqual(warnings, ['a: no cross-user lock (forbidden: cannot create leases.coordination.k8s.io in namespace "a" (RBAC)); another operator could change it at the same time']);
    assert.deepEqual(notices, warnings);
    const [run] = journal.runs();
    assert.equal(run.status, 'completed');
    assert.deepEqual(run.warnings, warnings);
  });

  it('a lock lost while working aborts the work; the run is failed with why', async function () {
    this.timeout(10_000);
    await assert.rejects(inRunScope({ client: fake.client(), journal }, spec, async (rc) => {
      const l = lease() as KLease;
      fake.put('leases', { ...l, spec: { ...l.spec, holderIdentity: 'bob@desk/run run-bob/pid 1' } } as never);
      await new Promise<void>((resolve) => rc.signal.addEventListener('abort', () => resolve(), { once: true }));
      throw new UpgradeError('cancelled', 'cancelled before a: verify');
    }, () => ({ status: 'completed' })));
    const [run] = journal.runs();
    assert.equal(run.status, 'failed');
    assert.match(run.error ?? '', /^lost the lock of a: namespace a is being changed by bob@desk\/run run-bob\/pid 1/);
  });

  it('a dry run starts no run and takes no lock', async () => {
    await inRunScope({ client: fake.client(), journal }, { ...spec, dryRun: true }, async (rc) => assert.equal(rc.run, undefined), () => ({ status: 'completed' }));
    assert.deepEqual(journal.runs(), []);
    assert.equal(lease(), undefined);
    assert.deepEqual(fake.calls, []);
  });
});
