/** The fault proxy itself (test/rig/faultProxy.ts), in front of the simulator: each fault does what it says. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as https from 'node:https';
import { load as loadYaml } from 'js-yaml';
import { loadKubeconfigs } from '../../src/kube/kubeconfigLoader';
import { openClusterSession, type ClusterSession } from '../../src/kube/clusterSession';
import { isClusterError } from '../../src/kube/clusterError';
import { DEFAULT_RETRY } from '../../src/kube/retryPolicy';
import { startSimulator, type RunningSimulator } from '../../src/sim/simulator';
import { startFaultProxy, type FaultProxy } from '../rig/faultProxy';
import { rawApi, type RawApi } from '../contract/rawApi';

const NO_RETRY = { ...DEFAULT_RETRY, maxAttempts: 1 };

/** Opens a watch through the proxy and collects its lines until the stream ends or breaks. */
function watchLines(proxy: FaultProxy, path: string): Promise<{ status: number; lines: string[]; broke: boolean }> {
  const doc = loadYaml(fs.readFileSync(proxy.kubeconfigPath, 'utf8')) as { clusters: { cluster: { 'certificate-authority-data': string } }[]; users: { user: { token: string } }[] };
  return new Promise((resolve) => {
    const lines: string[] = [];
    let status = 0;
    const req = https.get(`${proxy.url}${path}`, {
      ca: Buffer.from(doc.clusters[0].cluster['certificate-authority-data'], 'base64'),
      headers: { Authorization: `Bearer ${doc.users[0].user.token}` },
    }, (res) => {
      status = res.statusCode ?? 0;
      let pending = '';
      res.on('data', (c: Buffer) => {
        pending += c.toString('utf8');
        const parts = pending.split('\n');
        pending = parts.pop() ?? '';
        lines.push(...parts.filter((l) => l.trim() !== ''));
      });
      res.on('end', () => resolve({ status, lines, broke: false }));
      res.on('error', () => resolve({ status, lines, broke: true }));
      res.on('aborted', () => resolve({ status, lines, broke: true }));
    });
    req.on('error', () => resolve({ status, lines, broke: true }));
  });
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('expected a failure');
}

describe('test/rig/faultProxy (in front of the simulator)', function () {
  this.timeout(30000);
  let sim: RunningSimulator;
  let proxy: FaultProxy;
  let direct: RawApi;
  let via: RawApi;
  let session: ClusterSession;

  before(async () => {
    sim = await startSimulator({ scenario: 'tags-prod-canary', port: 0 });
    proxy = await startFaultProxy({ kubeconfigPath: sim.kubeconfigPath, context: sim.contextName });
    direct = rawApi(sim.kubeconfigPath, sim.contextName);
    via = rawApi(proxy.kubeconfigPath, proxy.context);
    session = openClusterSession(loadKubeconfigs([proxy.kubeconfigPath]), proxy.context, { retry: NO_RETRY, requestTimeoutMs: 2000 });
  });
  afterEach(() => proxy.clear());
  after(async () => {
    session.dispose();
    await proxy.stop();
    await sim.stop();
  });

  const labelOf = async (ns: string): Promise<string | undefined> =>
    ((await direct.request('GET', `/api/v1/namespaces/${ns}`)).body as { metadata: { labels?: Record<string, string> } }).metadata.labels?.['istio.io/rev'];
  const relabel = (ns: string, rev: string) => session.client.patch('namespaces', ns, undefined, 'merge', { metadata: { labels: { 'istio.io/rev': rev } } });

  it('passes requests through with the upstream credentials and records them; its kubeconfig has the upstream context name', async () => {
    assert.equal(proxy.context, sim.contextName);
    const list = await session.client.list('namespaces');
    assert.ok(list.items.some((n) => n.metadata.name === 'a'));
    assert.deepEqual(proxy.requests.at(-1), { method: 'GET', path: '/api/v1/namespaces?limit=500' });
  });

  it('answers a status (429 with Retry-After, 500) without forwarding, once or N times, matched by method and path', async () => {
    const throttle = proxy.add({ method: 'PATCH', path: /^\/api\/v1\/namespaces\/a\b/, action: { kind: 'status', status: 429, retryAfterSeconds: 2 } });
    const r = await via.request('PATCH', '/api/v1/namespaces/a', { metadata: { labels: { 'istio.io/rev': 'canary' } } }, 'application/merge-patch+json');
    assert.equal(r.status, 429);
    assert.equal((r.body as { reason: string }).reason, 'TooManyRequests');
    assert.equal(await labelOf('a'), 'prod', 'not forwarded');
    assert.equal(throttle.fired, 1);
    assert.equal((await via.request('GET', '/api/v1/namespaces/a')).status, 200, 'a GET does not match the PATCH rule');
    await relabel('a', 'prod');
    assert.equal(throttle.fired, 1, 'used up');

    proxy.add({ path: /\/pods/, times: 2, action: { kind: 'status', status: 500 } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await via.request('GET', '/api/v1/namespaces/a/pods')).status);
    assert.deepEqual(statuses, [500, 500, 200]);
    assert.deepEqual(proxy.requests.slice(-3).map((q) => q.fault), ['status', 'status', undefined]);
  });

  it('resets without forwarding: the write does not happen', async () => {
    proxy.add({ method: 'PATCH', path: /namespaces\/b/, action: { kind: 'reset' } });
    const e = await failure(relabel('b', 'canary'));
    assert.ok(isClusterError(e) && e.network === 'reset', String(e));
    assert.equal(await labelOf('b'), 'prod');
  });

  it('delays the answer of a write the server applies at once (the client times out: ambiguous, yet applied)', async () => {
    proxy.add({ method: 'PATCH', path: /namespaces\/b/, action: { kind: 'delay', ms: 3000 } });
    const e = await failure(relabel('b', 'canary'));
    assert.ok(isClusterError(e) && e.kind === 'timeout' && e.ambiguous, String(e));
    assert.equal(await labelOf('b'), 'canary');
    await relabel('b', 'prod');
  });

  it('forwards, then resets before the answer (applied, then reset: ambiguous)', async () => {
    proxy.add({ method: 'PATCH', path: /namespaces\/c/, action: { kind: 'resetAfterForward' } });
    const e = await failure(relabel('c', 'prod'));
    assert.ok(isClusterError(e) && e.ambiguous === true, String(e));
    assert.match((e as Error).message, /was sent, but the connection to https:\/\/127\.0\.0\.1:\d+ broke before the answer/);
    assert.equal(await labelOf('c'), 'prod');
    await relabel('c', 'canary');
  });

  it('drops a watch after N events, and answers a watch with 410 Gone as an ERROR event or a status', async () => {
    proxy.add({ path: /watch=true/, action: { kind: 'watchDrop', afterEvents: 2 } });
    const dropped = await watchLines(proxy, '/api/v1/namespaces?watch=true');
    assert.equal(dropped.status, 200);
    assert.equal(dropped.lines.length, 2, 'the two events, then the reset');
    assert.ok(dropped.lines.every((l) => JSON.parse(l).type === 'ADDED'));
    assert.equal(dropped.broke, true);

    proxy.add({ path: /watch=true/, action: { kind: 'watchGone' } });
    const gone = await watchLines(proxy, '/api/v1/namespaces?watch=true&resourceVersion=1');
    assert.equal(gone.status, 200);
    assert.deepEqual(JSON.parse(gone.lines[0]).object.code, 410);
    proxy.add({ path: /watch=true/, action: { kind: 'watchGone', as: 'status' } });
    assert.equal((await watchLines(proxy, '/api/v1/namespaces?watch=true')).status, 410);
  });

  it('runs a hook at the moment a rule fires, before its action', async () => {
    const order: string[] = [];
    proxy.add({ method: 'GET', path: /namespaces\/a$/, action: { kind: 'pass' }, before: async (q) => { order.push(`hook ${q.method} ${q.path}`); } });
    await session.client.get('namespaces', 'a');
    order.push('answered');
    assert.deepEqual(order, ['hook GET /api/v1/namespaces/a', 'answered']);
  });

  it('kill switch: down refuses connections and cuts open ones; up listens again on the same port', async () => {
    const watching = watchLines(proxy, '/api/v1/namespaces?watch=true');
    await new Promise((r) => setTimeout(r, 200));
    await proxy.down();
    assert.equal((await watching).broke, true);
    const e = await failure(session.client.get('namespaces', 'a'));
    assert.ok(isClusterError(e) && e.network === 'refused', String(e));
    await proxy.up();
    assert.equal((await session.client.get('namespaces', 'a')).metadata.name, 'a');
  });
});
