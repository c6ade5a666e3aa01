/** WATCH: event types, resuming from a resourceVersion, selectors, server timeouts, 410 Gone → relist. */
import { strict as assert } from 'node:assert';
import { configMap, createNamespace, type EnvRef } from './contractTarget';
import { WatchRecorder } from './watchRecorder';

const NS = 'ct-watch';

export function watchCases(env: EnvRef): void {
  describe('watch', () => {
    const recorders: WatchRecorder[] = [];
    const record = (...args: ConstructorParameters<typeof WatchRecorder>) => {
      const r = new WatchRecorder(...args);
      recorders.push(r);
      return r;
    };
    before(() => createNamespace(env(), NS));
    afterEach(() => {
      for (const r of recorders.splice(0)) r.stop();
    });

    let addedRv = '';
    it('reports ADDED, MODIFIED and DELETED after the list\'s resourceVersion', async () => {
      const { client } = env();
      const list = await client.list('configmaps', { namespace: NS, labelSelector: 'ct=watch' });
      const w = record(client, 'configmaps', { namespace: NS, labelSelector: 'ct=watch', resourceVersion: list.resourceVersion });
      await w.untilOpen();
      await client.create('configmaps', configMap(NS, 'w-1', { ct: 'watch' }, { a: '1' }));
      await client.patch('configmaps', 'w-1', NS, 'merge', { data: { a: '2' } });
      await client.delete('configmaps', 'w-1', NS);
      await w.untilEvents(3);
      assert.deepEqual(w.summary(), ['ADDED w-1', 'MODIFIED w-1', 'DELETED w-1']);
      const rvs = w.events.map((e) => Number(e.resourceVersion));
      assert.ok(rvs[0] < rvs[1] && rvs[1] < rvs[2], `resourceVersions increase: ${rvs.join(', ')}`);
      assert.deepEqual(w.errors, []);
      addedRv = w.events[0].resourceVersion;
    });

    it('resumes from a resourceVersion with only the later events', async () => {
      assert.ok(addedRv, 'needs the previous case');
      const w = record(env().client, 'configmaps', { namespace: NS, labelSelector: 'ct=watch', resourceVersion: addedRv });
      await w.untilEvents(2);
      assert.deepEqual(w.summary(), ['MODIFIED w-1', 'DELETED w-1']);
    });

    it('turns an object leaving or entering the selection into DELETED / ADDED', async () => {
      const { client } = env();
      const list = await client.list('configmaps', { namespace: NS, labelSelector: 'ct=watch,phase=a' });
      const w = record(client, 'configmaps', { namespace: NS, labelSelector: 'ct=watch,phase=a', resourceVersion: list.resourceVersion });
      await w.untilOpen();
      await client.create('configmaps', configMap(NS, 'w-2', { ct: 'watch', phase: 'a' }));
      await client.patch('configmaps', 'w-2', NS, 'merge', { metadata: { labels: { phase: 'b' } } });
      const modified = await client.patch('configmaps', 'w-2', NS, 'merge', { metadata: { labels: { phase: 'a' } } });
      await w.untilEvents(3);
      assert.deepEqual(w.summary(), ['ADDED w-2', 'DELETED w-2', 'ADDED w-2']);
      assert.equal(w.events[1].labels.phase, 'a', 'DELETED carries the last object that matched');
      assert.equal(w.events[2].resourceVersion, modified.metadata.resourceVersion);
      await client.delete('configmaps', 'w-2', NS);
    });

    it('starts with synthetic ADDED events for the current state when no resourceVersion is given', async () => {
      const { client } = env();
      await client.create('configmaps', configMap(NS, 'w-3', { ct: 'watch-now' }));
      const w = record(client, 'configmaps', { namespace: NS, labelSelector: 'ct=watch-now', resourceVersion: '' });
      await w.untilEvents(1);
      assert.deepEqual(w.summary(), ['ADDED w-3']);
      await client.delete('configmaps', 'w-3', NS);
      await w.untilEvents(2);
      assert.deepEqual(w.summary(), ['ADDED w-3', 'DELETED w-3']);
    });

    it('ends normally (onClose) after timeoutSeconds', async () => {
      const { client } = env();
      const list = await client.list('configmaps', { namespace: NS });
      const started = Date.now();
      const w = record(client, 'configmaps', { namespace: NS, resourceVersion: list.resourceVersion, timeoutSeconds: 2 });
      await w.until('close', () => w.closed || w.errors.length > 0, 15_000);
      assert.deepEqual(w.errors, []);
      assert.ok(Date.now() - started >= 1500, 'not before the timeout');
      for (const rv of w.bookmarks) assert.ok(Number(rv) >= Number(list.resourceVersion), 'bookmarks never go back');
    });

    it('refuses a watch of pods by the limited user with 403 (kind forbidden)', async () => {
      const { limited } = env();
      assert.ok(limited, 'the target has a limited context');
      const w = record(limited, 'pods', { resourceVersion: '' });
      await w.until('an error', () => w.errors.length > 0);
      assert.equal(w.errors[0].kind, 'forbidden');
      assert.equal(w.errors[0].status, 403);
      assert.equal(w.errors[0].message, 'forbidden: cannot watch pods at cluster scope (RBAC)');
    });
  });
}
