import { strict as assert } from 'node:assert';
import type { ServerResponse } from 'node:http';
import type { ClusterError } from '../../../src/kube/clusterError';
import { DEFAULT_RETRY, retryVerdict, type RetrySettings } from '../../../src/kube/retryPolicy';
import { statusError, transportError, type CallDescription } from '../../../src/kube/errorMapping';
import { FakeApiServer, json, status, type RecordedRequest } from './fakeApiServer';
import { clientFor, recordingLogger, rejection, waitFor } from './kubeTestUtil';

/** Fast retries for tests: 10 ms, doubled, up to 4 sends. */
const FAST: RetrySettings = { maxAttempts: 4, maxWaitMs: 5_000, baseDelayMs: 10, maxDelayMs: 100 };

/** Answers the first `times` requests matching `match` with `answer`, then lets them through. */
function failFirst(fake: FakeApiServer, times: number, match: (r: RecordedRequest) => boolean, answer: (res: ServerResponse, r: RecordedRequest) => void): void {
  let left = times;
  fake.interceptors.push((req, res) => {
    if (left === 0 || !match(req)) return false;
    left--;
    answer(res, req);
    return true;
  });
}

const reset = (res: ServerResponse): void => { res.socket?.destroy(); };

describe('kube retries (client-go rules, against a local HTTPS server)', () => {
  let fake: FakeApiServer;

  beforeEach(async () => {
    fake = await FakeApiServer.start();
    fake.put('namespaces', { metadata: { name: 'demo', labels: { 'istio-injection': 'enabled' } } });
    for (let i = 0; i < 5; i++) fake.put('pods', { metadata: { name: `p${i}`, namespace: 'demo' } });
  });
  afterEach(async () => { await fake.stop(); });

  it('waits out a 429 with Retry-After on a write and sends it again (APF rejected it unprocessed); each retry is logged', async () => {
    failFirst(fake, 1, (r) => r.method === 'PATCH', (res) => json(res, 429, status(429, 'TooManyRequests', 'too many requests'), { 'retry-after': '1' }));
    fake.interceptors.push((req, res) => {
      if (req.method !== 'PATCH') return false;
      json(res, 200, { metadata: { name: 'demo', labels: JSON.parse(req.body).metadata.labels } });
      return true;
    });
    const logger = recordingLogger();
    const client = clientFor(fake, { logger, retry: FAST });
    const patched = await client.patch('namespaces', 'demo', undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'canary' } } });
    assert.equal(patched.metadata.labels?.['istio.io/rev'], 'canary');
    assert.equal(fake.requests.filter((r) => r.method === 'PATCH').length, 2);
    assert.deepEqual(logger.calls.map((c) => c.status), [429, 200]);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /^\[fake\] PATCH \/api\/v1\/namespaces\/demo\?fieldManager=istio-canary-upgrades: HTTP 429 with Retry-After 1 s; attempt 2 of 4 in 1\.0 s$/);
    client.close();
  });

  it('retries one page of a LIST on a 500 and on a reset connection, and returns the whole list once', async () => {
    failFirst(fake, 1, (r) => r.url.pathname === '/api/v1/pods' && r.url.searchParams.get('continue') === '2', (res) => json(res, 500, status(500, 'InternalError', 'etcd leader changed')));
    failFirst(fake, 1, (r) => r.url.pathname === '/api/v1/pods' && r.url.searchParams.get('continue') === '4', reset);
    const client = clientFor(fake, { pageSize: 2, retry: FAST });
    const listed = await client.list('pods');
    assert.deepEqual(listed.items.map((p) => p.metadata.name), ['p0', 'p1', 'p2', 'p3', 'p4']);
    assert.equal(listed.requests, 3, 'pages, not attempts');
    assert.deepEqual(fake.requestsTo('/api/v1/pods').map((r) => r.url.searchParams.get('continue')), [null, '2', '2', '4', '4']);
    client.close();
  });

  it('gives up on a persistent 503 naming the attempts', async () => {
    fake.interceptors.push((req, res) => {
      if (req.url.pathname !== '/api/v1/namespaces/demo') return false;
      json(res, 503, status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request'));
      return true;
    });
    const logger = recordingLogger();
    const client = clientFor(fake, { logger, retry: FAST });
    const e = await rejection(client.get('namespaces', 'demo'));
    assert.equal(e.attempts, 4);
    assert.match(e.message, /HTTP 503: the server is currently unable to handle the request \(after 4 attempts\)$/);
    assert.equal(fake.requestsTo('/api/v1/namespaces/demo').length, 4);
    assert.equal(logger.warnings.length, 3);
    client.close();
  });

  it('never resends a write after a 500 without Retry-After or a reset after sending: the error says the outcome is unknown', async () => {
    failFirst(fake, 1, (r) => r.method === 'PATCH', (res) => json(res, 500, status(500, 'InternalError', 'Internal error occurred')));
    const client = clientFor(fake, { retry: FAST });
    const body = { metadata: { labels: { 'istio.io/rev': 'canary' } } };
    const internal = await rejection(client.patch('namespaces', 'demo', undefined, 'merge', body));
    assert.equal(internal.ambiguous, true);
    assert.equal(internal.attempts, undefined);
    assert.match(internal.message, /^PATCH namespaces failed with HTTP 500: Internal error occurred — the change may or may not have been applied$/);

    // The server applies the change, then the connection breaks before the answer.
    failFirst(fake, 1, (r) => r.method === 'PATCH', (res) => {
      fake.put('namespaces', { metadata: { name: 'demo', labels: { 'istio.io/rev': 'canary' } } }, 'MODIFIED');
      reset(res);
    });
    const broken = await rejection(client.patch('namespaces', 'demo', undefined, 'merge', body));
    assert.equal(broken.ambiguous, true);
    assert.match(broken.message, /^PATCH namespaces was sent, but the connection to https:\/\/127\.0\.0\.1:\d+ broke before the answer/);
    assert.doesNotMatch(broken.message, /cannot connect/);
    assert.equal(fake.requests.filter((r) => r.method === 'PATCH').length, 2, 'each sent once');
    assert.equal((await client.get('namespaces', 'demo')).metadata.labels?.['istio.io/rev'], 'canary', 'it was applied');
    client.close();
  });

  it('a write that times out after it was sent is ambiguous; a 5xx with Retry-After is resent for any verb', async () => {
    failFirst(fake, 1, (r) => r.method === 'PATCH', () => undefined); // never answers
    const client = clientFor(fake, { retry: FAST, requestTimeoutMs: 300 });
    const timedOut = await rejection(client.patch('namespaces', 'demo', undefined, 'merge', {}));
    assert.equal(timedOut.kind, 'timeout');
    assert.equal(timedOut.ambiguous, true);
    assert.match(timedOut.message, /^timeout: PATCH namespaces was sent, but no answer from https:\/\/127\.0\.0\.1:\d+ within 0\.3 s/);

    failFirst(fake, 2, (r) => r.method === 'DELETE', (res) => json(res, 503, status(503, 'ServiceUnavailable', 'etcd not ready'), { 'retry-after': '0' }));
    fake.interceptors.push((req, res) => {
      if (req.method !== 'DELETE') return false;
      json(res, 200, status(200, 'Success', ''));
      return true;
    });
    await client.delete('configmaps', 'c', 'demo');
    assert.equal(fake.requests.filter((r) => r.method === 'DELETE').length, 3);
    client.close();
  });

  it('a 429 without Retry-After is retried for a read, not for a write', async () => {
    const throttle = (res: ServerResponse) => json(res, 429, status(429, 'TooManyRequests', 'slow down'));
    failFirst(fake, 1, (r) => r.method === 'GET', throttle);
    const client = clientFor(fake, { retry: FAST });
    assert.equal((await client.get('namespaces', 'demo')).metadata.name, 'demo');
    failFirst(fake, 1, (r) => r.method === 'PATCH', throttle);
    const e = await rejection(client.patch('namespaces', 'demo', undefined, 'merge', {}));
    assert.equal(e.kind, 'throttled');
    assert.ok(!e.ambiguous);
    client.close();
  });

  it('gives up at once when Retry-After asks for more than the retry budget', async () => {
    failFirst(fake, 1, () => true, (res) => json(res, 429, status(429, 'TooManyRequests', 'slow down'), { 'retry-after': '600' }));
    const client = clientFor(fake, { retry: FAST });
    const e = await rejection(client.get('namespaces', 'demo'));
    assert.equal(e.kind, 'throttled');
    assert.match(e.message, /retry after 600 s$/);
    assert.equal(fake.requests.length, 1);
    client.close();
  });

  it('cancellation stops a waiting retry at once', async function () {
    this.timeout(5000);
    failFirst(fake, 1, () => true, (res) => json(res, 429, status(429, 'TooManyRequests', 'slow down'), { 'retry-after': '60' }));
    const client = clientFor(fake, { retry: { ...FAST, maxWaitMs: 120_000 } });
    const controller = new AbortController();
    const pending = client.list('pods', { signal: controller.signal });
    await waitFor(() => fake.requests.length === 1);
    controller.abort();
    const e = await rejection(pending);
    assert.equal(e.kind, 'cancelled');
    assert.equal(fake.requests.length, 1);
    client.close();
  });

  it('connection refused: retried (any verb) once the server has answered this client — e.g. while it restarts', async () => {
    const port = fake.port;
    const logger = recordingLogger();
    const client = clientFor(fake, { logger, retry: FAST });
    const never = clientFor(fake, { retry: FAST });
    assert.equal((await client.get('namespaces', 'demo')).metadata.name, 'demo');
    await fake.stop();
    const down = await rejection(client.get('namespaces', 'demo'));
    assert.equal(down.network, 'refused');
    assert.match(down.message, /connection refused \(after 4 attempts\)$/);
    assert.equal(logger.warnings.filter((w) => w.includes('connection refused')).length, 3);

    const unseen = await rejection(never.get('namespaces', 'demo'));
    assert.equal(unseen.network, 'refused', 'a server this client never reached is reported at once');
    assert.equal(unseen.attempts, undefined);

    // Back on the same port while a write waits to be resent: it goes through, once.
    fake = await FakeApiServer.start(port);
    fake.put('namespaces', { metadata: { name: 'demo' } });
    const patient = clientFor(fake, { logger, retry: { ...FAST, baseDelayMs: 200, maxDelayMs: 200 } });
    await patient.get('namespaces', 'demo');
    await fake.stop();
    logger.warnings.length = 0;
    const write = patient.patch('namespaces', 'demo', undefined, 'merge', {});
    await waitFor(() => logger.warnings.some((w) => w.includes('PATCH') && w.includes('connection refused')), 3000, 'a refused PATCH');
    fake = await FakeApiServer.start(port);
    fake.put('namespaces', { metadata: { name: 'demo' } });
    assert.equal((await write).metadata.name, 'demo');
    assert.equal(fake.requests.filter((r) => r.method === 'PATCH').length, 1);
    for (const c of [client, never, patient]) c.close();
  });

  it('retries opening a watch on a 500 without reporting an error', async () => {
    failFirst(fake, 1, (r) => r.url.searchParams.get('watch') === 'true', (res) => json(res, 500, status(500, 'InternalError', 'watch cache not ready')));
    const client = clientFor(fake, { retry: FAST });
    const errors: ClusterError[] = [];
    let opened = false;
    const handle = client.watch('namespaces', { resourceVersion: '1' }, { onEvent: () => undefined, onOpen: () => { opened = true; }, onError: (e) => errors.push(e) });
    await waitFor(() => opened, 3000, 'the watch to open');
    assert.deepEqual(errors, []);
    assert.equal(fake.requests.filter((r) => r.url.searchParams.get('watch') === 'true').length, 2);
    handle.stop();
    client.close();
  });
});

describe('kube/retryPolicy', () => {
  const get: CallDescription = { context: 'c', server: 'https://h', method: 'GET', path: '/api/v1/pods', verb: 'list', resource: 'pods' };
  const patch: CallDescription = { ...get, method: 'PATCH', verb: 'patch' };
  const state = { method: 'GET', attempt: 1, waitedMs: 0, serverSeen: true };

  it('backs off exponentially up to the cap and honours a longer Retry-After', () => {
    const e500 = statusError(get, 500, {});
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => {
      const v = retryVerdict(e500, { ...state, attempt }, { ...DEFAULT_RETRY, maxAttempts: 10, maxWaitMs: 1e9 });
      return v.retry ? v.delayMs : 0;
    });
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 8000]);
    const asked = retryVerdict(statusError(get, 429, {}, '3'), state);
    assert.deepEqual(asked, { retry: true, delayMs: 3000, why: 'HTTP 429 with Retry-After 3 s' });
  });

  it('stops at maxAttempts and when the total wait would pass maxWaitMs', () => {
    const e = statusError(get, 503, {});
    assert.equal(retryVerdict(e, { ...state, attempt: DEFAULT_RETRY.maxAttempts }).retry, false);
    assert.equal(retryVerdict(e, { ...state, attempt: 2, waitedMs: DEFAULT_RETRY.maxWaitMs - 500 }).retry, false);
  });

  it('resends writes only when the server did not process them', () => {
    const w = { ...state, method: 'PATCH' };
    assert.equal(retryVerdict(statusError(patch, 429, {}, '1'), w).retry, true);
    assert.equal(retryVerdict(statusError(patch, 503, {}, '1'), w).retry, true);
    assert.equal(retryVerdict(statusError(patch, 503, {}), w).retry, false);
    assert.equal(retryVerdict(statusError(patch, 409, {}), w).retry, false);
    const refused = transportError(patch, Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), undefined, true);
    assert.equal(retryVerdict(refused, w).retry, true);
    assert.equal(retryVerdict(refused, { ...w, serverSeen: false }).retry, false);
    const reset = transportError(patch, Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }), undefined, true);
    assert.equal(retryVerdict(reset, w).retry, false);
    assert.equal(retryVerdict(transportError(get, Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })), state).retry, true);
    assert.equal(retryVerdict(transportError(get, new DOMException('t', 'TimeoutError'), 1000), state).retry, false, 'our own time-out');
    assert.equal(retryVerdict(statusError(get, 404, {}), state).retry, false);
    assert.equal(retryVerdict(new Error('not a cluster error'), state).retry, false);
  });
});
