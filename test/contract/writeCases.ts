/** Writes the extension makes: the one-patch namespace relabel, JSON patches with escaped keys, dry run. */
import { strict as assert } from 'node:assert';
import { relabelNamespace } from '../../src/upgrade/relabelNamespace';
import { clusterError, configMap, createNamespace, type EnvRef } from './contractTarget';
import { WatchRecorder } from './watchRecorder';

const NS = 'ct-write';
const RELABEL_NS = 'ct-relabel';
const JSON_NS = 'ct-jsonpatch';

export function writeCases(env: EnvRef): void {
  describe('writes', () => {
    before(async () => {
      const e = env();
      await createNamespace(e, NS);
      await createNamespace(e, RELABEL_NS, { ct: 'relabel', 'istio-injection': 'enabled' });
      await createNamespace(e, JSON_NS, { ct: 'jsonpatch', 'istio.io/rev': 'prod' });
    });
    // Later cases install Istio revisions and tags: these namespaces must not be bound to them.
    after(async () => {
      for (const ns of [RELABEL_NS, JSON_NS]) {
        await env().client.patch('namespaces', ns, undefined, 'merge', { metadata: { labels: { 'istio.io/rev': null } } });
      }
    });

    it('relabels a namespace with ONE merge patch: istio-injection removed, istio.io/rev set', async () => {
      const { client } = env();
      const before = await client.get('namespaces', RELABEL_NS);
      const w = new WatchRecorder(client, 'namespaces', { labelSelector: 'ct=relabel', resourceVersion: before.metadata.resourceVersion ?? '' });
      try {
        await w.untilOpen();
        const after = await client.patch('namespaces', RELABEL_NS, undefined, 'merge', {
          metadata: { resourceVersion: before.metadata.resourceVersion, labels: { 'istio-injection': null, 'istio.io/rev': 'canary' } },
        });
        assert.deepEqual(after.metadata.labels, { ct: 'relabel', 'istio.io/rev': 'canary' });
        assert.notEqual(after.metadata.resourceVersion, before.metadata.resourceVersion);
        await w.untilEvents(1);
        await new Promise((r) => setTimeout(r, 300));
        assert.deepEqual(w.summary(), [`MODIFIED ${RELABEL_NS}`], 'exactly one write');
        assert.deepEqual(w.events[0].labels, { ct: 'relabel', 'istio.io/rev': 'canary' });
        assert.equal(w.events[0].resourceVersion, after.metadata.resourceVersion);
      } finally {
        w.stop();
      }
    });

    it('relabels through relabelNamespace (the extension\'s code path)', async () => {
      const { client } = env();
      const r = await relabelNamespace(client, RELABEL_NS, { 'istio.io/rev': 'canary' }, { 'istio.io/rev': 'prod' }, {});
      assert.equal(r.changed, true);
      const ns = await client.get('namespaces', RELABEL_NS);
      assert.deepEqual(ns.metadata.labels, { ct: 'relabel', 'istio.io/rev': 'prod' });
    });

    it('records our field manager in managedFields; a label another manager changes moves to it', async () => {
      const { client, raw } = env();
      interface Managed { manager?: string; operation?: string; fieldsV1?: { 'f:metadata'?: { 'f:labels'?: Record<string, unknown> } } }
      const owners = async (key: string): Promise<string[]> => {
        const ns = await client.get('namespaces', RELABEL_NS) as unknown as { metadata: { managedFields?: Managed[] } };
        return (ns.metadata.managedFields ?? []).filter((m) => m.fieldsV1?.['f:metadata']?.['f:labels']?.[`f:${key}`] !== undefined)
          .map((m) => `${m.manager}/${m.operation}`);
      };
      // The relabel cases above wrote istio.io/rev through the client (merge patch, no explicit fieldManager).
      assert.deepEqual(await owners('istio.io/rev'), ['istio-canary-upgrades/Update']);
      assert.deepEqual(await owners('istio-injection'), [], 'a removed label is owned by nobody');
      const r = await raw.request('PATCH', `/api/v1/namespaces/${RELABEL_NS}?fieldManager=kubectl-label`,
        { metadata: { labels: { 'istio.io/rev': '1-8-0' } } }, 'application/merge-patch+json');
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.deepEqual(await owners('istio.io/rev'), ['kubectl-label/Update']);
      assert.deepEqual(await owners('ct'), ['istio-canary-upgrades/Update'], 'created by us, untouched since');
      await client.patch('namespaces', RELABEL_NS, undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'prod' } } });
      assert.deepEqual(await owners('istio.io/rev'), ['istio-canary-upgrades/Update'], 'and back');
    });

    it('applies a JSON patch whose paths escape "/" in label keys as ~1', async () => {
      const { client } = env();
      const after = await client.patch('namespaces', JSON_NS, undefined, 'json', [
        { op: 'test', path: '/metadata/labels/istio.io~1rev', value: 'prod' },
        { op: 'replace', path: '/metadata/labels/istio.io~1rev', value: '1-8-0' },
        { op: 'add', path: '/metadata/labels/sidecar.istio.io~1inject', value: 'false' },
      ]);
      assert.deepEqual(after.metadata.labels, { ct: 'jsonpatch', 'istio.io/rev': '1-8-0', 'sidecar.istio.io/inject': 'false' });
      const removed = await client.patch('namespaces', JSON_NS, undefined, 'json', [{ op: 'remove', path: '/metadata/labels/sidecar.istio.io~1inject' }]);
      assert.deepEqual(removed.metadata.labels, { ct: 'jsonpatch', 'istio.io/rev': '1-8-0' });
    });

    it('rejects a JSON patch whose test fails with 422 (kind invalid) and changes nothing', async () => {
      const { client } = env();
      const before = await client.get('namespaces', JSON_NS);
      const err = await clusterError(() => client.patch('namespaces', JSON_NS, undefined, 'json', [
        { op: 'test', path: '/metadata/labels/istio.io~1rev', value: 'prod' },
        { op: 'replace', path: '/metadata/labels/istio.io~1rev', value: 'canary' },
      ]));
      assert.equal(err.kind, 'invalid');
      assert.equal(err.status, 422);
      // 1.20 drops the JSON-patch library's reason: no causes, just this sentence.
      assert.equal(err.message, 'invalid: the server rejected our request due to an error in our request');
      assert.equal((await client.get('namespaces', JSON_NS)).metadata.resourceVersion, before.metadata.resourceVersion);
    });

    it('rejects a JSON patch removing a missing label with 422 (kind invalid)', async () => {
      const err = await clusterError(() => env().client.patch('namespaces', JSON_NS, undefined, 'json', [
        { op: 'remove', path: '/metadata/labels/istio-injection' },
      ]));
      assert.equal(err.kind, 'invalid');
      assert.equal(err.status, 422);
      assert.equal(err.message, 'invalid: the server rejected our request due to an error in our request');
    });

    describe('server-side dry run changes nothing', () => {
      before(() => env().client.create('configmaps', configMap(NS, 'dry', { ct: 'dry', state: 'before' })));

      it('patch: answers with the patched object, stores nothing', async () => {
        const { client } = env();
        const before = await client.get('configmaps', 'dry', NS);
        const answer = await client.patch('configmaps', 'dry', NS, 'merge', { metadata: { labels: { state: 'after' } } }, { dryRun: true });
        assert.equal(answer.metadata.labels?.state, 'after');
        const now = await client.get('configmaps', 'dry', NS);
        assert.equal(now.metadata.labels?.state, 'before');
        assert.equal(now.metadata.resourceVersion, before.metadata.resourceVersion);
      });

      it('namespace merge patch: the relabel is validated but not applied', async () => {
        const { client } = env();
        const answer = await client.patch('namespaces', JSON_NS, undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'dry' } } }, { dryRun: true });
        assert.equal(answer.metadata.labels?.['istio.io/rev'], 'dry');
        assert.equal((await client.get('namespaces', JSON_NS)).metadata.labels?.['istio.io/rev'], '1-8-0');
        const err = await clusterError(() => client.patch('namespaces', JSON_NS, undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'not valid!' } } }, { dryRun: true }));
        assert.equal(err.kind, 'invalid');
        assert.equal(err.status, 422);
      });

      it('create: answers with the object, stores nothing', async () => {
        const { client } = env();
        const answer = await client.create('configmaps', configMap(NS, 'dry-new', { ct: 'dry' }), { dryRun: true });
        assert.equal(answer.metadata.name, 'dry-new');
        assert.equal(answer.metadata.namespace, NS);
        const err = await clusterError(() => client.get('configmaps', 'dry-new', NS));
        assert.equal(err.kind, 'notFound');
      });

      it('delete: the object stays', async () => {
        const { client } = env();
        const before = await client.get('configmaps', 'dry', NS);
        await client.delete('configmaps', 'dry', NS, { dryRun: true });
        const now = await client.get('configmaps', 'dry', NS);
        assert.equal(now.metadata.resourceVersion, before.metadata.resourceVersion);
      });

      it('delete of a namespace: it stays Active', async () => {
        const { client } = env();
        await client.delete('namespaces', JSON_NS, undefined, { dryRun: true });
        const ns = await client.get('namespaces', JSON_NS);
        assert.equal(ns.metadata.deletionTimestamp, undefined);
        assert.equal(ns.status?.phase, 'Active');
      });
    });
  });
}
