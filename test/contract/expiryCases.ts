/**
 * After the server's history is gone (etcd compaction, a restarted apiserver's fresh watch cache): a watch
 * resuming from an old resourceVersion gets 410 Gone and a relist recovers; an old continue token gets 410.
 */
import { strict as assert } from 'node:assert';
import { configMap, createNamespace, type EnvRef } from './contractTarget';
import { WatchRecorder } from './watchRecorder';

const NS = 'ct-expiry';

export function expiryCases(env: EnvRef): void {
  describe('expired history (410 Gone)', () => {
    const recorders: WatchRecorder[] = [];
    let oldRv = '';
    let oldContinue = '';
    const continuePath = `/api/v1/namespaces/${NS}/configmaps?labelSelector=ct%3Dexpiry&limit=2`;

    before(async function () {
      this.timeout(90_000);
      const e = env();
      await createNamespace(e, NS);
      for (let i = 0; i < 5; i++) await e.client.create('configmaps', configMap(NS, `cm-${i}`, { ct: 'expiry' }));
      const page = (await e.raw.request('GET', continuePath)).body as { metadata: { continue?: string; resourceVersion: string } };
      oldRv = page.metadata.resourceVersion;
      oldContinue = page.metadata.continue ?? '';
      await e.client.patch('configmaps', 'cm-0', NS, 'merge', { data: { later: 'write' } });
      assert.ok(e.cluster.expireWatchHistory, 'the target can expire its history');
      await e.cluster.expireWatchHistory();
    });
    after(() => {
      for (const r of recorders.splice(0)) r.stop();
    });

    it('answers a watch resuming from before the history with 410 (kind gone); a relist recovers', async () => {
      const { client } = env();
      const w = new WatchRecorder(client, 'configmaps', { namespace: NS, labelSelector: 'ct=expiry', resourceVersion: oldRv });
      recorders.push(w);
      await w.until('an error', () => w.errors.length > 0);
      assert.equal(w.errors[0].kind, 'gone');
      assert.equal(w.errors[0].status, 410);
      assert.match(w.errors[0].message, new RegExp(`^resource version too old: too old resource version: ${oldRv} \\(\\d+\\)$`));
      assert.deepEqual(w.events, []);

      const relisted = await client.list('configmaps', { namespace: NS, labelSelector: 'ct=expiry' });
      assert.equal(relisted.items.length, 5);
      const again = new WatchRecorder(client, 'configmaps', { namespace: NS, labelSelector: 'ct=expiry', resourceVersion: relisted.resourceVersion });
      recorders.push(again);
      await again.untilOpen();
      await client.create('configmaps', configMap(NS, 'cm-new', { ct: 'expiry' }));
      await again.untilEvents(1);
      assert.deepEqual(again.summary(), ['ADDED cm-new']);
      assert.deepEqual(again.errors, []);
    });

    it('answers a continue token from before the compaction with 410 Expired', async () => {
      const e = env();
      assert.ok(oldContinue, 'the first page had a continue token');
      const r = await e.raw.request('GET', `${continuePath}&continue=${encodeURIComponent(oldContinue)}`);
      assert.equal(r.status, 410);
      const body = r.body as { reason?: string; message?: string };
      assert.equal(body.reason, 'Expired');
      assert.match(body.message ?? '', /^The provided continue parameter is too old to display a consistent list result\./);
    });
  });
}
