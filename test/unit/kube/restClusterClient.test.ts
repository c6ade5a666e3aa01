import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { WatchEventType } from '../../../src/kube/clusterClient';
import { ClusterError } from '../../../src/kube/clusterError';
import { expireContinueOnce, FakeApiServer, json, status } from './fakeApiServer';
import { clientFor, deadPort, delay, recordingLogger, rejection, waitFor } from './kubeTestUtil';
import { DEFAULT_RETRY } from '../../../src/kube/retryPolicy';

const TOKEN = 'secret-token-123';


describe('kube/restClusterClient (against a local HTTPS server)', () => {
  let fake: FakeApiServer;

  beforeEach(async () => { fake = await FakeApiServer.start(); });
  afterEach(async () => { await fake.stop(); });

  it('pages a LIST with limit/continue over pooled connections, counts requests and bytes, logs without secrets', async () => {
    for (let i = 0; i < 7; i++) fake.put('pods', { metadata: { name: `p${i}`, namespace: i < 4 ? 'a' : 'b' } });
    const logger = recordingLogger();
    const client = clientFor(fake, { pageSize: 3, logger });
    const result = await client.list('pods');
    assert.deepEqual(result.items.map((p) => p.metadata.name), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    assert.equal((result.items[0] as { kind?: string }).kind, 'Pod', 'list items get their kind');
    assert.equal(result.requests, 3);
    assert.equal(result.resourceVersion, String(fake.rv));
    const sent = fake.requestsTo('/api/v1/pods');
    assert.deepEqual(sent.map((r) => [r.url.searchParams.get('limit'), r.url.searchParams.get('continue')]), [['3', null], ['3', '3'], ['3', '6']]);
    assert.ok(sent.every((r) => r.headers.authorization === `Bearer ${TOKEN}`));
    assert.ok(sent.every((r) => r.headers.accept === 'application/json'));
    await client.list('pods', { pageSize: 1 });
    const ports = new Set(fake.requestsTo('/api/v1/pods').map((r) => r.remotePort));
    assert.ok(ports.size <= 2, `10 requests should reuse the pooled TLS connections, used ${ports.size}`);
    const stats = client.stats();
    assert.equal(stats.requests, 10);
    assert.ok(stats.bytes > 300, `bytes ${stats.bytes}`);
    assert.deepEqual(logger.calls.slice(0, 3).map((c) => [c.method, c.path, c.status]), [
      ['GET', '/api/v1/pods?limit=3', 200], ['GET', '/api/v1/pods?limit=3&continue=3', 200], ['GET', '/api/v1/pods?limit=3&continue=6', 200],
    ]);
    assert.ok(!JSON.stringify(logger).includes(TOKEN));
    client.close();
  });

  it('starts a paged LIST over once when its continue token expired (410)', async () => {
    for (let i = 0; i < 5; i++) fake.put('pods', { metadata: { name: `p${i}`, namespace: 'a' } });
    expireContinueOnce(fake, '/api/v1/pods', '2');
    const client = clientFor(fake, { pageSize: 2 });
    const result = await client.list('pods');
    assert.equal(result.items.length, 5);
    assert.equal(result.requests, 5, '2 pages, an expired one, then 3 pages');
    client.close();
  });

  it('hands each decoded, trimmed page to onPage in order, and says so when the pager starts over after a 410', async () => {
    for (let i = 0; i < 5; i++) {
      fake.put('pods', { metadata: { name: `p${i}`, namespace: i < 3 ? 'a' : 'b', managedFields: [{ manager: 'x' }] }, spec: { containers: [] } });
    }
    const client = clientFor(fake, { pageSize: 2 });
    const pages: { names: string[]; restarted: boolean }[] = [];
    const onPage = (items: readonly { metadata: { name: string; managedFields?: unknown } }[], page: { restarted: boolean }) => {
      assert.ok(items.every((p) => p.metadata.managedFields === undefined), 'pages are trimmed like the result');
      pages.push({ names: items.map((p) => p.metadata.name), restarted: page.restarted });
    };
    const plain = await client.list('pods', { trim: true, onPage });
    assert.deepEqual(pages, [
      { names: ['p0', 'p1'], restarted: false }, { names: ['p2', 'p3'], restarted: false }, { names: ['p4'], restarted: false },
    ]);
    assert.deepEqual(pages.flatMap((p) => p.names), plain.items.map((p) => p.metadata.name), 'the pages hold exactly the result');

    pages.length = 0;
    expireContinueOnce(fake, '/api/v1/pods', '4');
    const restarted = await client.list('pods', { trim: true, onPage });
    assert.deepEqual(pages, [
      { names: ['p0', 'p1'], restarted: false }, { names: ['p2', 'p3'], restarted: false },
      { names: ['p0', 'p1'], restarted: true }, { names: ['p2', 'p3'], restarted: false }, { names: ['p4'], restarted: false },
    ]);
    assert.deepEqual(restarted.items.map((p) => p.metadata.name), ['p0', 'p1', 'p2', 'p3', 'p4'], 'the result is as without the callback');
    assert.equal(restarted.requests, 6);
    client.close();
  });

  it('decodes a LIST that arrives in small chunks item by item; a 200 that is not JSON is an error, not an empty list', async () => {
    const items = [0, 1, 2].map((i) => ({
      metadata: { name: `s${i}`, namespace: 'a' },
      spec: { volumeClaimTemplates: [{ metadata: { name: 'data' } }, { metadata: { name: `x},{"metadata":${i}` } }] },
    }));
    let garbage = false;
    fake.interceptors.push((req, res) => {
      if (req.url.pathname !== '/apis/apps/v1/statefulsets') return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      const body = garbage ? '<html>502 Bad Gateway</html>' : JSON.stringify({ kind: 'StatefulSetList', metadata: { resourceVersion: '7' }, items });
      // Many small writes, so the body reaches the client in many chunks.
      for (let i = 0; i < body.length; i += 5) res.write(body.slice(i, i + 5));
      res.end();
      return true;
    });
    const client = clientFor(fake);
    const result = await client.list('statefulsets');
    assert.deepEqual(result.items.map((s) => s.metadata.name), ['s0', 's1', 's2']);
    assert.deepEqual(result.items[1], { kind: 'StatefulSet', ...items[1] });
    assert.equal(result.resourceVersion, '7');
    garbage = true;
    const e = await rejection(client.list('statefulsets'));
    assert.match(e.message, /^GET \/apis\/apps\/v1\/statefulsets\?limit=500: the answer from https:\/\/127\.0\.0\.1:\d+ is not valid JSON/);
    assert.match(e.remedy ?? '', /not a proxy/);
    client.close();
  });

  it('skips a malformed watch line with a warning and keeps streaming', async () => {
    const logger = recordingLogger();
    fake.interceptors.push((req, res) => {
      if (req.url.searchParams.get('watch') !== 'true') return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      // One event split across chunks, a garbage line, then another event and the end of the stream.
      res.write('{"type":"ADDED","object":{"metadata":{"name":"a"');
      setTimeout(() => {
        res.write(',"resourceVersion":"7"}}}\nnot json\n{"type":"DELETED","object":{"metadata":{"name":"a"}}}');
        res.end();
      }, 20);
      return true;
    });
    const client = clientFor(fake, { logger });
    const events: string[] = [];
    let closed = false;
    client.watch('pods', { resourceVersion: '1' }, {
      onEvent: (type, pod) => events.push(`${type} ${pod.metadata.name}`), onError: assert.fail, onClose: () => { closed = true; },
    });
    await waitFor(() => closed);
    assert.deepEqual(events, ['ADDED a', 'DELETED a']);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0], /malformed watch event/);
    client.close();
  });

  it('sends namespace, selectors, patch content types, dryRun=All and fieldManager (istio-canary-upgrades unless named)', async () => {
    fake.put('namespaces', { metadata: { name: 'demo', labels: { 'istio.io/rev': 'canary' } } });
    fake.put('deployments', { metadata: { name: 'web', namespace: 'demo' } });
    fake.interceptors.push((req, res) => {
      if (req.method === 'GET') return false;
      json(res, req.method === 'POST' ? 201 : 200, { metadata: { name: 'echo', namespace: 'demo' }, echoed: req.body ? JSON.parse(req.body) : null });
      return true;
    });
    const client = clientFor(fake);
    const listed = await client.list('deployments', { namespace: 'demo', labelSelector: 'app=web,tier!=db', fieldSelector: 'metadata.name=web' });
    assert.equal(listed.items.length, 1);
    const q = fake.requestsTo('/apis/apps/v1/namespaces/demo/deployments')[0].url.searchParams;
    assert.equal(q.get('labelSelector'), 'app=web,tier!=db');
    assert.equal(q.get('fieldSelector'), 'metadata.name=web');
    assert.equal(q.get('limit'), '500');

    await client.patch('namespaces', 'demo', undefined, 'merge', { metadata: { labels: { 'istio-injection': null } } }, { dryRun: true, fieldManager: 'istio-canary' });
    await client.patch('deployments', 'web', 'demo', 'strategic', { spec: { template: {} } });
    await client.patch('mutatingwebhookconfigurations', 'tag', undefined, 'json', [{ op: 'remove', path: '/metadata/labels/istio.io~1tag' }]);
    const patches = fake.requests.filter((r) => r.method === 'PATCH');
    assert.deepEqual(patches.map((r) => [r.url.pathname, r.headers['content-type']]), [
      ['/api/v1/namespaces/demo', 'application/merge-patch+json'],
      ['/apis/apps/v1/namespaces/demo/deployments/web', 'application/strategic-merge-patch+json'],
      ['/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/tag', 'application/json-patch+json'],
    ]);
    assert.equal(patches[0].url.search, '?dryRun=All&fieldManager=istio-canary');
    assert.deepEqual(patches.slice(1).map((r) => r.url.search), ['?fieldManager=istio-canary-upgrades', '?fieldManager=istio-canary-upgrades']);
    assert.deepEqual(JSON.parse(patches[0].body), { metadata: { labels: { 'istio-injection': null } } });
    await client.replace?.('namespaces', { metadata: { name: 'demo', resourceVersion: '5' } });
    assert.equal(fake.requests.find((r) => r.method === 'PUT')?.url.search, '?fieldManager=istio-canary-upgrades');

    const created = await client.create('configmaps', { metadata: { name: 'c', namespace: 'istio-system' }, data: { a: 'b' } }, { dryRun: true });
    assert.equal(created.metadata.name, 'echo');
    const post = fake.requests.find((r) => r.method === 'POST');
    assert.equal(post?.url.pathname, '/api/v1/namespaces/istio-system/configmaps');
    assert.equal(post?.url.search, '?dryRun=All&fieldManager=istio-canary-upgrades');
    assert.deepEqual(JSON.parse(post?.body ?? ''), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'istio-system' }, data: { a: 'b' } });

    await client.delete('mutatingwebhookconfigurations', 'istio-revision-tag-prod', undefined, { dryRun: true });
    const del = fake.requests.find((r) => r.method === 'DELETE');
    assert.equal(`${del?.url.pathname}${del?.url.search}`, '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/istio-revision-tag-prod?dryRun=All');

    assert.equal((await client.get('namespaces', 'demo')).metadata.labels?.['istio.io/rev'], 'canary');
    assert.deepEqual(await client.version(), { major: '1', minor: '20', gitVersion: 'v1.20.2' });
    assert.equal((await rejection(client.get('deployments', 'nope', 'demo'))).kind, 'notFound');
    client.close();
  });

  it('streams a WATCH: ADDED/MODIFIED/DELETED, BOOKMARK, then a 410 ERROR as kind gone (and no onClose)', async () => {
    const client = clientFor(fake);
    const events: [WatchEventType, string][] = [];
    const bookmarks: string[] = [];
    const errors: ClusterError[] = [];
    let opened = 0;
    let closed = 0;
    const handle = client.watch('pods', { resourceVersion: '1000', labelSelector: 'app=x', timeoutSeconds: 60 }, {
      onOpen: () => { opened++; },
      onEvent: (type, pod) => events.push([type, pod.metadata.name]),
      onBookmark: (rv) => bookmarks.push(rv),
      onError: (e) => errors.push(e),
      onClose: () => { closed++; },
    });
    await waitFor(() => fake.openWatches('pods') === 1 && opened === 1, 3000, 'watch open');
    const q = fake.requestsTo('/api/v1/pods', true)[0].url.searchParams;
    assert.deepEqual(
      ['watch', 'resourceVersion', 'allowWatchBookmarks', 'timeoutSeconds', 'labelSelector'].map((k) => q.get(k)),
      ['true', '1000', 'true', '60', 'app=x'],
    );
    fake.put('pods', { metadata: { name: 'a', namespace: 'n' } });
    fake.put('pods', { metadata: { name: 'a', namespace: 'n' }, spec: { x: 1 } }, 'MODIFIED');
    fake.bookmark('pods');
    fake.remove('pods', 'n', 'a');
    await waitFor(() => events.length === 3 && bookmarks.length === 1, 3000, 'events');
    assert.deepEqual(events, [['ADDED', 'a'], ['MODIFIED', 'a'], ['DELETED', 'a']]);
    assert.equal(bookmarks[0], String(fake.rv - 1));
    fake.watchError('pods', 410);
    await waitFor(() => errors.length === 1, 3000, 'error');
    assert.equal(errors[0].kind, 'gone');
    await delay(50);
    assert.equal(closed, 0);
    handle.stop();
    assert.ok(client.stats().bytes > 0);
    client.close();
  });

  it('reports a normal end of the stream as onClose, and stop() ends it without callbacks', async () => {
    const client = clientFor(fake);
    let closed = 0;
    let errors = 0;
    client.watch('namespaces', { resourceVersion: '5' }, { onEvent: () => undefined, onError: () => { errors++; }, onClose: () => { closed++; } });
    await waitFor(() => fake.openWatches('namespaces') === 1);
    fake.closeWatches('namespaces');
    await waitFor(() => closed === 1, 3000, 'close');

    const calls: string[] = [];
    const handle = client.watch('pods', { resourceVersion: '5' }, {
      onEvent: () => calls.push('event'), onError: () => calls.push('error'), onClose: () => calls.push('close'),
    });
    await waitFor(() => fake.openWatches('pods') === 1);
    handle.stop();
    await waitFor(() => fake.openWatches('pods') === 0, 3000, 'server sees the watch closed');
    fake.put('pods', { metadata: { name: 'late', namespace: 'n' } });
    await delay(50);
    assert.deepEqual(calls, []);
    assert.equal(errors, 0);
    client.close();
  });

  it('maps a 403 Status with RBAC details, also for a watch that is refused', async () => {
    const message = 'pods is forbidden: User "limited" cannot list resource "pods" in API group "" at the cluster scope';
    fake.interceptors.push((req, res) => {
      if (req.url.pathname !== '/api/v1/pods') return false;
      json(res, 403, status(403, 'Forbidden', message, { kind: 'pods' }));
      return true;
    });
    const client = clientFor(fake);
    const e = await rejection(client.list('pods'));
    assert.equal(e.kind, 'forbidden');
    assert.equal(e.status, 403);
    assert.equal(e.message, 'forbidden: cannot list pods at cluster scope (RBAC)');
    assert.match(e.remedy ?? '', /user "limited"/);
    const watchErrors: ClusterError[] = [];
    client.watch('pods', { resourceVersion: '1' }, { onEvent: () => undefined, onError: (w) => watchErrors.push(w) });
    await waitFor(() => watchErrors.length === 1);
    assert.equal(watchErrors[0].kind, 'forbidden');
    client.close();
  });

  it('maps 401, 429 with Retry-After (when it is not retried) and a 410 on watch open', async () => {
    fake.interceptors.push((req, res) => {
      if (req.url.pathname === '/api/v1/namespaces') { json(res, 401, status(401, 'Unauthorized', 'Unauthorized')); return true; }
      if (req.url.pathname === '/api/v1/configmaps') { json(res, 429, status(429, 'TooManyRequests', 'slow down'), { 'retry-after': '3' }); return true; }
      if (req.url.pathname === '/api/v1/pods') { json(res, 410, status(410, 'Expired', 'too old resource version: 1 (2000)')); return true; }
      return false;
    });
    const client = clientFor(fake, { retry: { ...DEFAULT_RETRY, maxAttempts: 1 } });
    const unauthorized = await rejection(client.list('namespaces'));
    assert.equal(unauthorized.kind, 'unauthorized');
    assert.ok(!unauthorized.describe().includes(TOKEN));
    const throttled = await rejection(client.list('configmaps'));
    assert.equal(throttled.kind, 'throttled');
    assert.equal(throttled.retryAfterSeconds, 3);
    const errors: ClusterError[] = [];
    client.watch('pods', { resourceVersion: '1' }, { onEvent: () => undefined, onError: (e) => errors.push(e) });
    await waitFor(() => errors.length === 1);
    assert.equal(errors[0].kind, 'gone');
    client.close();
  });

  it('a dead port is unreachable ("connection refused") and logged as an error', async () => {
    const port = await deadPort();
    const logger = recordingLogger();
    const text = fake.kubeconfigYaml().replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${port}`);
    const client = clientFor(fake, { logger }, text);
    const e = await rejection(client.list('pods'));
    assert.equal(e.kind, 'unreachable');
    assert.equal(e.message, `cannot connect to https://127.0.0.1:${port}: connection refused`);
    assert.match(e.remedy ?? '', /check the cluster is running/);
    assert.deepEqual(logger.calls.map((c) => [c.method, c.path, c.status]), [['GET', '/api/v1/pods?limit=500', 'error']]);
    client.close();
  });

  it('times out, cancels on AbortSignal, and rejects an untrusted certificate', async () => {
    fake.interceptors.push((req) => req.url.pathname === '/api/v1/pods'); // never answers
    const client = clientFor(fake, { requestTimeoutMs: 200 });
    const timedOut = await rejection(client.list('pods'));
    assert.equal(timedOut.kind, 'timeout');
    assert.match(timedOut.message, /within 0\.2 s/);

    const controller = new AbortController();
    const pending = client.list('pods', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    assert.equal((await rejection(pending)).kind, 'cancelled');
    client.close();

    const noCa = fake.kubeconfigYaml().replace(/ {4}certificate-authority-data: .*\n/, '');
    const untrusting = clientFor(fake, {}, noCa);
    const tls = await rejection(untrusting.list('namespaces'));
    assert.equal(tls.kind, 'unreachable');
    assert.match(tls.message, /certificate is not trusted/);
    untrusting.close();
  });

  it('an exec plugin missing from PATH is unauthorized with the command named', async () => {
    const text = fake.kubeconfigYaml().replace(/ {4}token: .*/,
      '    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: no-such-auth-plugin-xyz}');
    const client = clientFor(fake, {}, text);
    const e = await rejection(client.list('pods'));
    assert.equal(e.kind, 'unauthorized');
    assert.equal(e.message, 'exec plugin `no-such-auth-plugin-xyz` not found on PATH');
    assert.equal(fake.requests.length, 0);
    client.close();
  });

  it('runs a working exec plugin once for parallel requests and sends its token; a failing one is unauthorized', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exec-plugin-'));
    const runs = path.join(dir, 'runs');
    const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: 'exec-token-456' } });
    const script = `echo run >> '${runs}'; printf '%s' '${credential}'`;
    const exec = (s: string) => `    exec: {apiVersion: client.authentication.k8s.io/v1beta1, command: /bin/sh, args: ["-c", ${JSON.stringify(s)}]}`;
    try {
      const client = clientFor(fake, {}, fake.kubeconfigYaml().replace(/ {4}token: .*/, exec(script)));
      await Promise.all(['namespaces', 'pods', 'deployments', 'services', 'configmaps'].map((k) => client.list(k as 'pods')));
      assert.equal(fs.readFileSync(runs, 'utf8').trim().split('\n').length, 1);
      assert.ok(fake.requests.every((r) => r.headers.authorization === 'Bearer exec-token-456'));
      client.close();

      const failing = clientFor(fake, {}, fake.kubeconfigYaml().replace(/ {4}token: .*/, exec('echo "error: SSO session expired, run login" >&2; exit 1')));
      const e = await rejection(failing.list('pods'));
      assert.equal(e.kind, 'unauthorized');
      assert.equal(e.message, 'exec plugin `/bin/sh` failed: error: SSO session expired, run login');
      failing.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes userinfo out of the server URL: sent as Basic auth when no other credential is set, never in a message or a log', async () => {
    const withUserinfo = (text: string, port = fake.port) => text.replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://alice:s%3Acr3t-pw@127.0.0.1:${port}`);
    const anonymous = withUserinfo(fake.kubeconfigYaml()).replace(/ {4}token: .*/, '    {}');
    const logger = recordingLogger();
    const basic = clientFor(fake, { logger }, anonymous);
    await basic.list('pods');
    assert.equal(fake.requests[0].headers.authorization, `Basic ${Buffer.from('alice:s:cr3t-pw').toString('base64')}`);
    basic.close();
    const token = clientFor(fake, {}, withUserinfo(fake.kubeconfigYaml()));
    await token.list('pods');
    assert.equal(fake.requests[1].headers.authorization, `Bearer ${TOKEN}`);
    token.close();

    const dead = clientFor(fake, { logger }, withUserinfo(fake.kubeconfigYaml(), await deadPort()));
    const e = await rejection(dead.list('pods'));
    assert.match(e.message, /^cannot connect to https:\/\/127\.0\.0\.1:\d+: connection refused$/);
    const everything = JSON.stringify([e.details(), logger.calls, logger.warnings]);
    assert.ok(!everything.includes('cr3t-pw') && !everything.includes('alice'), everything);
    dead.close();
  });

  it('reaches a Service through the service proxy (literal colons, query kept); a proxied JSON error keeps its message', async () => {
    fake.interceptors.push((req, res) => {
      if (!req.url.pathname.includes('/services/')) return false;
      if (req.url.searchParams.get('query') === 'bad') json(res, 400, { status: 'error', errorType: 'bad_data', error: 'parse error at char 4' });
      else json(res, 200, { status: 'success', data: { resultType: 'vector', result: [] } });
      return true;
    });
    const client = clientFor(fake);
    assert.ok(client.serviceProxyGet);
    const body = await client.serviceProxyGet('istio-system', { name: 'prometheus', port: 'http' }, 'api/v1/query', { query: 'sum(x{a="b"})', time: '1.5' });
    assert.deepEqual(body, { status: 'success', data: { resultType: 'vector', result: [] } });
    const sent = fake.requests.filter((r) => r.url.pathname.includes('/services/'));
    assert.equal(sent[0].url.pathname, '/api/v1/namespaces/istio-system/services/prometheus:http/proxy/api/v1/query');
    assert.equal(sent[0].url.searchParams.get('query'), 'sum(x{a="b"})');
    await client.serviceProxyGet('monitoring', { name: 'prometheus-k8s', port: 9090, scheme: 'https' }, 'api/v1/query', { query: 'up' });
    assert.equal(fake.requests.filter((r) => r.url.pathname.includes('/services/'))[1].url.pathname, '/api/v1/namespaces/monitoring/services/https:prometheus-k8s:9090/proxy/api/v1/query');
    const e = await rejection(client.serviceProxyGet('istio-system', { name: 'prometheus' }, 'api/v1/query', { query: 'bad' }));
    assert.ok(e instanceof ClusterError && e.kind === 'invalid' && /parse error at char 4/.test(e.message), String(e));
    client.close();
  });
});
