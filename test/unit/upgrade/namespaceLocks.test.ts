import { strict as assert } from 'node:assert';
import * as os from 'node:os';
import { HOLDER_ANNOTATION, LOCK_LEASE_NAME, holderIdentity, lockOf, type KLease, type LockHolder } from '../../../src/mesh/leaseObject';
import { NamespaceLocker } from '../../../src/upgrade/namespaceLocks';
import { UpgradeError } from '../../../src/upgrade/upgradeErrors';
import { FakeObjects, statusErr } from './fakeObjects';

const holder = (operator: string, runId: string, pid = process.pid, host = os.hostname()): LockHolder => ({ operator, host, pid, runId, command: 'migrate', target: 'canary' });
const ANA = holder('ana@laptop', 'run-ana');
const BOB = holder('bob@desk', 'run-bob');
// Short leases: a live holder renews every 100 ms; a watcher would need 3 s of silence to take over.
const FAST = { durationSeconds: 3, renewEveryMs: 100, retryMs: 50 };

function leaseIn(fake: FakeObjects, ns: string): KLease | undefined {
  return fake.read('leases', LOCK_LEASE_NAME, ns) as KLease | undefined;
}

function foreignLease(ns: string, h: LockHolder, durationSeconds: number): KLease {
  return {
    metadata: { name: LOCK_LEASE_NAME, namespace: ns, annotations: { [HOLDER_ANNOTATION]: JSON.stringify(h) } },
    spec: { holderIdentity: holderIdentity(h), leaseDurationSeconds: durationSeconds, acquireTime: '2026-01-01T00:00:00.000000Z', renewTime: '2026-01-01T00:00:00.000000Z', leaseTransitions: 4 },
  };
}

describe('namespace locks (Leases)', () => {
  it('takes a lock per namespace with its holder, and releases it client-go\'s way (no holder, 1 s)', async () => {
    const fake = new FakeObjects();
    const locks = await new NamespaceLocker(fake.client(), ANA, FAST).acquire(['a', 'b']);
    assert.deepEqual(locks.namespaces.sort(), ['a', 'b']);
    assert.deepEqual(locks.degraded, []);
    const a = leaseIn(fake, 'a');
    assert.equal(a?.spec?.holderIdentity, `ana@laptop/run run-ana/pid ${process.pid}`);
    assert.equal(a?.spec?.leaseDurationSeconds, 3);
    assert.match(a?.spec?.acquireTime ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.equal(a?.metadata.labels?.['app.kubernetes.io/managed-by'], 'istio-canary-upgrades');
    assert.deepEqual(lockOf(a as KLease)?.holder, ANA);
    await locks.release();
    assert.equal(leaseIn(fake, 'a')?.spec?.holderIdentity, undefined);
    assert.equal(leaseIn(fake, 'a')?.spec?.leaseDurationSeconds, 1);
    assert.equal(lockOf(leaseIn(fake, 'a') as KLease), undefined, 'a released lease is no lock');
    // Free again: the next run takes it at once.
    const again = await new NamespaceLocker(fake.client(), BOB, FAST).acquire(['a']);
    assert.equal(leaseIn(fake, 'a')?.spec?.holderIdentity, holderIdentity(BOB));
    assert.equal(leaseIn(fake, 'a')?.spec?.leaseTransitions, 1);
    await again.release();
  });

  it('renews its leases in the background (renewTime moves, with the resourceVersion as precondition) until released', async function () {
    this.timeout(10_000);
    const fake = new FakeObjects();
    const locks = await new NamespaceLocker(fake.client(), ANA, FAST).acquire(['a']);
    const first = leaseIn(fake, 'a') as KLease;
    await new Promise((r) => setTimeout(r, 350));
    const later = leaseIn(fake, 'a') as KLease;
    assert.ok((later.spec?.renewTime ?? '') > (first.spec?.renewTime ?? ''), `${later.spec?.renewTime} after ${first.spec?.renewTime}`);
    assert.equal(later.spec?.acquireTime, first.spec?.acquireTime);
    assert.ok(fake.calls.filter((c) => c.startsWith('PUT leases/a/')).length >= 2);
    await locks.release();
    const puts = fake.calls.length;
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(fake.calls.length, puts, 'no renewal after the release');
  });

  it('renews in the background; a second operator is refused with who holds it and since when', async function () {
    this.timeout(10_000);
    const fake = new FakeObjects();
    const ana = await new NamespaceLocker(fake.client(), ANA, FAST).acquire(['a']);
    const waits: string[] = [];
    try {
      await assert.rejects(new NamespaceLocker(fake.client(), BOB, { ...FAST, onWait: (m) => waits.push(m) }).acquire(['b', 'a']), (e: unknown) => {
        assert.ok(e instanceof UpgradeError && e.kind === 'locked', String(e));
        assert.match(e.message, /^namespace a is being changed by ana@laptop \(run run-ana, pid \d+, migrate → canary\) since \d{4}-.*Z \(\d+ s ago\); its lock \(Lease istio-canary-upgrade-lock\) is renewed/);
        return true;
      });
      assert.match(waits[0], /^a: locked by ana@laptop; waiting to see whether that run is alive/);
      assert.equal(leaseIn(fake, 'a')?.spec?.holderIdentity, holderIdentity(ANA), 'the holder keeps it');
      assert.equal(leaseIn(fake, 'b')?.spec?.holderIdentity, undefined, 'what the refused run took is released');
      assert.ok(!ana.lost.aborted);
    } finally {
      await ana.release();
    }
  });

  it('takes over a lease that is not renewed for its duration of local time (another host: no shortcut)', async function () {
    this.timeout(10_000);
    const fake = new FakeObjects();
    fake.put('leases', foreignLease('a', holder('cara@far', 'run-dead', 4242, 'far-away'), 1) as never);
    const started = performance.now();
    const locks = await new NamespaceLocker(fake.client(), BOB, FAST).acquire(['a']);
    assert.ok(performance.now() - started >= 1000, 'it waited a full lease duration of its own clock');
    assert.equal(leaseIn(fake, 'a')?.spec?.holderIdentity, holderIdentity(BOB));
    assert.equal(leaseIn(fake, 'a')?.spec?.leaseTransitions, 5);
    await locks.release();
  });

  it('takes over at once a lease whose holder ran on this host and whose process is gone', async () => {
    const fake = new FakeObjects();
    fake.put('leases', foreignLease('a', holder('ana@laptop', 'run-killed', 2 ** 22 + 3), 600) as never);
    const locks = await new NamespaceLocker(fake.client(), BOB, FAST).acquire(['a']);
    assert.equal(leaseIn(fake, 'a')?.spec?.holderIdentity, holderIdentity(BOB));
    await locks.release();
  });

  it('RBAC forbids leases: no cross-user lock for that namespace, said, not failed', async () => {
    const fake = new FakeObjects();
    fake.faults = [{ match: /^POST leases\/a\//, before: () => statusErr('forbidden', 403, 'forbidden: cannot create leases.coordination.k8s.io in namespace "a" (RBAC)') }];
    const locks = await new NamespaceLocker(fake.client(), ANA, FAST).acquire(['a', 'b']);
    assert.deepEqual(locks.namespaces, ['b']);
    assert.deepEqual(locks.degraded, [{ namespace: 'a', reason: 'forbidden: cannot create leases.coordination.k8s.io in namespace "a" (RBAC)' }]);
    await locks.release();
  });

  it('a lock taken over by someone else while held is reported lost (the run stops)', async function () {
    this.timeout(10_000);
    const fake = new FakeObjects();
    const locks = await new NamespaceLocker(fake.client(), ANA, FAST).acquire(['a']);
    const current = leaseIn(fake, 'a') as KLease;
    fake.put('leases', { ...current, spec: { ...current.spec, holderIdentity: holderIdentity(BOB) }, metadata: { ...current.metadata, annotations: { [HOLDER_ANNOTATION]: JSON.stringify(BOB) } } } as never);
    await new Promise<void>((resolve) => locks.lost.addEventListener('abort', () => resolve(), { once: true }));
    assert.match(String((locks.lost.reason as Error).message), /^lost the lock of a: namespace a is being changed by bob@desk/);
    await locks.release();
    assert.equal(leaseIn(fake, 'a')?.spec?.holderIdentity, holderIdentity(BOB), 'a lost lock is not released over the new holder');
  });
});
