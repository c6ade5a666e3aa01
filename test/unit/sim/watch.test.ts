import { strict as assert } from 'node:assert';
import { resourceByName } from '../../../src/sim/core/resourceRegistry';
import { startSimulator, type RunningSimulator } from '../../../src/sim/simulator';
import { asList, asObj, MERGE, request, watch } from './simClient';

describe('sim API server: WATCH', function () {
  this.timeout(20000);
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ scenario: 'tags-prod-canary', historySize: 200, bookmarkIntervalMs: 100 });
  });
  after(async () => {
    await sim.stop();
  });

  const createNs = (name: string, labels: Record<string, string>) =>
    request(sim, 'POST', '/api/v1/namespaces', { body: { metadata: { name, labels } } });

  it('without resourceVersion: ADDED for the current state, then live events', async () => {
    const w = watch(sim, '/api/v1/namespaces?watch=true&labelSelector=istio.io%2Frev');
    assert.equal(await w.status, 200);
    await w.waitFor(3);
    assert.deepEqual(w.events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED a', 'ADDED b', 'ADDED c']);
    assert.equal(w.events[0].object.kind, 'Namespace', 'watch objects carry kind');
    await createNs('w-live', { 'istio.io/rev': 'prod' });
    await w.waitFor(4);
    assert.equal(`${w.events[3].type} ${w.events[3].object.metadata.name}`, 'ADDED w-live');
    w.close();
  });

  it('add/update/delete from a list resourceVersion, honouring the label selector (leaving = DELETED)', async () => {
    const list = asList(await request(sim, 'GET', '/api/v1/namespaces?labelSelector=team%3Dblue'));
    const w = watch(sim, `/api/v1/namespaces?watch=1&labelSelector=team%3Dblue&resourceVersion=${list.metadata.resourceVersion}`);
    await w.status;
    await createNs('w-blue', { team: 'blue' });
    await createNs('w-red', { team: 'red' });
    await request(sim, 'PATCH', '/api/v1/namespaces/w-blue', { contentType: MERGE, body: { metadata: { labels: { extra: 'x' } } } });
    await request(sim, 'PATCH', '/api/v1/namespaces/w-red', { contentType: MERGE, body: { metadata: { labels: { team: 'blue' } } } });
    await request(sim, 'PATCH', '/api/v1/namespaces/w-blue', { contentType: MERGE, body: { metadata: { labels: { team: 'green' } } } });
    await w.waitFor(4);
    assert.deepEqual(w.events.map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED w-blue', 'MODIFIED w-blue', 'ADDED w-red', 'DELETED w-blue']);
    const rvs = w.events.map((e) => Number(e.object.metadata.resourceVersion));
    assert.deepEqual([...rvs].sort((a, b) => a - b), rvs, 'resourceVersions increase');
    await request(sim, 'DELETE', '/api/v1/namespaces/w-red');
    await w.waitFor(6);
    assert.deepEqual(w.events.slice(4).map((e) => `${e.type} ${e.object.metadata.name}`), ['MODIFIED w-red', 'DELETED w-red']);
    assert.equal((w.events[4].object.status as { phase: string }).phase, 'Terminating');
    w.close();
  });

  it('resumes from a resourceVersion: replays what happened since, per namespace', async () => {
    const start = sim.store.currentResourceVersion;
    await request(sim, 'PATCH', '/apis/apps/v1/namespaces/c/deployments/search', { contentType: MERGE, body: { metadata: { labels: { touched: '1' } } } });
    await request(sim, 'PATCH', '/apis/apps/v1/namespaces/a/deployments/cart', { contentType: MERGE, body: { metadata: { labels: { touched: '1' } } } });
    const w = watch(sim, `/apis/apps/v1/namespaces/c/deployments?watch=true&resourceVersion=${start}`);
    await w.waitFor(1);
    assert.equal(w.events[0].type, 'MODIFIED');
    assert.equal(w.events[0].object.metadata.labels?.touched, '1');
    assert.equal(w.events.every((e) => e.object.metadata.namespace === 'c'), true);
    w.close();
  });

  it('410 Expired ERROR event for a resourceVersion older than the history', async () => {
    const old = sim.store.currentResourceVersion;
    await createNs('w-compact', {});
    sim.store.compact();
    const w = watch(sim, `/api/v1/namespaces?watch=true&resourceVersion=${old}`);
    assert.equal(await w.status, 200);
    await w.ended;
    assert.equal(w.events.length, 1);
    assert.deepEqual(w.events[0], {
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `too old resource version: ${old} (${sim.store.currentResourceVersion})`, reason: 'Expired', code: 410 },
    });
    const ok = watch(sim, `/api/v1/namespaces?watch=true&resourceVersion=${sim.store.currentResourceVersion}&timeoutSeconds=1`);
    await ok.ended;
    assert.equal(ok.events.length, 0);
  });

  it('history is bounded: many writes push an old resourceVersion out of the window', async () => {
    const old = sim.store.currentResourceVersion;
    const namespaces = resourceByName('namespaces');
    for (let i = 0; i < 205; i++) sim.api.create(namespaces, undefined, { metadata: { name: `w-many-${i}` } }, { user: 'test' });
    const w = watch(sim, `/api/v1/namespaces?watch=true&resourceVersion=${old}&timeoutSeconds=1`);
    await w.ended;
    assert.equal(w.events[0].type, 'ERROR');
    assert.equal(w.events[0].object.code, 410);
  });

  it('timeoutSeconds ends the stream; bookmarks carry the current resourceVersion', async () => {
    const t0 = Date.now();
    const w = watch(sim, `/api/v1/namespaces/a/pods?watch=true&resourceVersion=${sim.store.currentResourceVersion}&allowWatchBookmarks=true&timeoutSeconds=1`);
    await w.ended;
    assert.ok(Date.now() - t0 >= 900);
    const bookmarks = w.events.filter((e) => e.type === 'BOOKMARK');
    assert.ok(bookmarks.length >= 1);
    assert.equal(bookmarks[0].object.kind, 'Pod');
    assert.match(bookmarks[0].object.metadata.resourceVersion ?? '', /^\d+$/);
  });

  it('watches one object by name via fieldSelector and /watch/ paths', async () => {
    const w = watch(sim, '/api/v1/watch/namespaces/b');
    await w.waitFor(1);
    assert.deepEqual(w.events.map((e) => e.object.metadata.name), ['b']);
    const d = asObj(await request(sim, 'GET', '/api/v1/namespaces/b'));
    await request(sim, 'PATCH', '/api/v1/namespaces/b', { contentType: MERGE, body: { metadata: { labels: { x: 'y' } } } });
    await w.waitFor(2);
    assert.equal(w.events[1].type, 'MODIFIED');
    assert.ok(Number(w.events[1].object.metadata.resourceVersion) > Number(d.metadata.resourceVersion));
    w.close();
  });
});
