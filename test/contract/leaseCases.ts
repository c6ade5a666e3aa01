/**
 * coordination.k8s.io/v1 Leases as the namespace locks use them (kubernetes-api.md K2): create, read back with
 * MicroTime intact, renew with the resourceVersion read, 409 on a stale one and on a second create, the
 * label-selected LIST the tree's cache makes, and 1.20's validation of the duration.
 */
import { strict as assert } from 'node:assert';
import type { KLease } from '../../src/mesh/leaseObject';
import { LOCK_LABEL_KEY, LOCK_LABEL_VALUE, LOCK_LEASE_NAME, LOCK_SELECTOR } from '../../src/mesh/leaseObject';
import { clusterError, createNamespace, type EnvRef } from './contractTarget';

const NS = 'ct-lease';

function lease(holder: string, transitions = 0): KLease {
  return {
    metadata: { name: LOCK_LEASE_NAME, namespace: NS, labels: { [LOCK_LABEL_KEY]: LOCK_LABEL_VALUE } },
    spec: {
      holderIdentity: holder, leaseDurationSeconds: 30, leaseTransitions: transitions,
      acquireTime: '2026-08-22T10:00:00.123000Z', renewTime: '2026-08-22T10:00:00.123000Z',
    },
  };
}

export function leaseCases(env: EnvRef): void {
  describe('leases (namespace locks)', () => {
    before(() => createNamespace(env(), NS, { ct: 'lease' }));

    it('creates a Lease and reads it back with its holder and MicroTimes unchanged', async () => {
      const { client } = env();
      const created = await client.create('leases', lease('ana@laptop/run r1/pid 1'));
      assert.ok(created.metadata.resourceVersion);
      const got = await client.get('leases', LOCK_LEASE_NAME, NS);
      assert.deepEqual(got.spec, lease('ana@laptop/run r1/pid 1').spec);
      assert.equal(got.metadata.labels?.[LOCK_LABEL_KEY], LOCK_LABEL_VALUE);
    });

    it('a second create of the same lock is 409 AlreadyExists (a racing acquirer)', async () => {
      const err = await clusterError(() => env().client.create('leases', lease('bob@desk/run r2/pid 2')));
      assert.equal(err.kind, 'conflict');
      assert.equal(err.status, 409);
      assert.equal(err.message, `conflict: leases.coordination.k8s.io "${LOCK_LEASE_NAME}" already exists`);
    });

    it('renews with the resourceVersion read (PUT), and refuses a stale resourceVersion with 409 Conflict', async () => {
      const { client } = env();
      if (!client.replace) throw new Error('the client has no PUT');
      const read = await client.get('leases', LOCK_LEASE_NAME, NS);
      const renewed = await client.replace('leases', { ...read, spec: { ...read.spec, renewTime: '2026-08-22T10:00:10.000000Z' } });
      assert.notEqual(renewed.metadata.resourceVersion, read.metadata.resourceVersion);
      assert.equal(renewed.spec?.renewTime, '2026-08-22T10:00:10.000000Z');
      const err = await clusterError(() => client.replace?.('leases', { ...read, spec: { ...lease('bob@desk/run r2/pid 2', 1).spec } }) ?? Promise.resolve());
      assert.equal(err.kind, 'conflict');
      assert.equal(err.status, 409);
      assert.equal(err.message, `conflict: Operation cannot be fulfilled on leases.coordination.k8s.io "${LOCK_LEASE_NAME}": the object has been modified; please apply your changes to the latest version and try again`);
      assert.equal((await client.get('leases', LOCK_LEASE_NAME, NS)).spec?.holderIdentity, 'ana@laptop/run r1/pid 1');
    });

    it('lists only the locks by their label selector, across namespaces', async () => {
      const { client } = env();
      const all = await client.list('leases', { labelSelector: LOCK_SELECTOR });
      assert.deepEqual(all.items.map((l) => `${l.metadata.namespace}/${l.metadata.name}`), [`${NS}/${LOCK_LEASE_NAME}`]);
      const trimmed = await client.list('leases', { labelSelector: LOCK_SELECTOR, trim: true });
      assert.equal(trimmed.items[0].spec?.holderIdentity, 'ana@laptop/run r1/pid 1');
    });

    it('rejects a lease duration of 0 with 422 (kind invalid)', async () => {
      const bad = { ...lease('x'), metadata: { ...lease('x').metadata, name: 'bad-duration' }, spec: { ...lease('x').spec, leaseDurationSeconds: 0 } };
      const err = await clusterError(() => env().client.create('leases', bad));
      assert.equal(err.kind, 'invalid');
      assert.equal(err.status, 422);
      assert.equal(err.message, 'invalid: Lease.coordination.k8s.io "bad-duration" is invalid: spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0');
    });
  });
}
