import { strict as assert } from 'node:assert';
import type { ClusterError, ClusterErrorKind } from '../../../src/kube/clusterError';
import { credentialError } from '../../../src/kube/credentialError';
import { redactSecrets, redactUrlUserinfo, statusError, transportError, type CallDescription } from '../../../src/kube/errorMapping';

const call: CallDescription = {
  context: 'prod', server: 'https://127.0.0.1:1', method: 'GET', path: '/api/v1/pods?limit=500', verb: 'list', resource: 'pods',
};

function sysError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code, ...extra });
}

/** undici's shape: TypeError("fetch failed") with the socket error as cause. */
function fetchFailed(cause: unknown): Error {
  return new TypeError('fetch failed', { cause });
}

describe('kube/errorMapping', () => {
  it('maps transport failures to kinds with actionable messages', () => {
    const table: [unknown, ClusterErrorKind, RegExp][] = [
      [fetchFailed(sysError('ECONNREFUSED')), 'unreachable', /^cannot connect to https:\/\/127\.0\.0\.1:1: connection refused$/],
      [fetchFailed(sysError('ENOTFOUND')), 'unreachable', /host name not found/],
      [fetchFailed(sysError('EHOSTUNREACH')), 'unreachable', /host unreachable/],
      [fetchFailed(sysError('ECONNRESET')), 'unreachable', /connection reset/],
      [fetchFailed(new AggregateError([sysError('ECONNREFUSED'), sysError('ECONNREFUSED')])), 'unreachable', /connection refused/],
      [fetchFailed(sysError('DEPTH_ZERO_SELF_SIGNED_CERT')), 'unreachable', /certificate is not trusted/],
      [fetchFailed(sysError('UNABLE_TO_VERIFY_LEAF_SIGNATURE')), 'unreachable', /not trusted/],
      [fetchFailed(sysError('UND_ERR_CONNECT_TIMEOUT')), 'timeout', /connect timeout/],
      [new DOMException('This operation was aborted', 'AbortError'), 'cancelled', /cancelled/],
      [new Error('something odd'), 'unknown', /something odd/],
    ];
    for (const [err, kind, message] of table) {
      const mapped = transportError(call, err);
      assert.equal(mapped.kind, kind, String(err));
      assert.match(mapped.message, message);
      assert.equal(mapped.context, 'prod');
    }
    assert.match(transportError(call, fetchFailed(sysError('ECONNREFUSED'))).remedy ?? '', /cluster is running and the kubeconfig's server address/);
    assert.match(transportError(call, fetchFailed(sysError('SELF_SIGNED_CERT_IN_CHAIN'))).remedy ?? '', /certificate-authority/);
    const timedOut = transportError(call, new DOMException('x', 'TimeoutError'), 15000);
    assert.equal(timedOut.kind, 'timeout');
    assert.match(timedOut.message, /within 15 s/);
  });

  it('maps HTTP statuses', () => {
    const table: [number, ClusterErrorKind][] = [
      [401, 'unauthorized'], [403, 'forbidden'], [404, 'notFound'], [409, 'conflict'], [410, 'gone'],
      [422, 'invalid'], [400, 'invalid'], [429, 'throttled'], [504, 'timeout'], [500, 'unknown'], [418, 'unknown'],
    ];
    for (const [status, kind] of table) {
      const e = statusError(call, status, { kind: 'Status', code: status, message: `m${status}` });
      assert.equal(e.kind, kind, String(status));
      assert.equal(e.status, status);
    }
    assert.match(statusError(call, 500, { message: 'boom' }).message, /HTTP 500: boom/);
    assert.match(statusError(call, 401, {}).remedy ?? '', /expired.*exec plugin/);
    const invalid = statusError(call, 422, {
      message: 'Namespace "x" is invalid', details: { causes: [{ field: 'metadata.labels', message: 'bad value' }] },
    });
    assert.match(invalid.message, /^invalid: Namespace "x" is invalid \(metadata.labels: bad value\)$/);
    const throttled = statusError(call, 429, {}, '7');
    assert.equal(throttled.retryAfterSeconds, 7);
    assert.match(throttled.message, /retry after 7 s/);
  });

  it('parses RBAC denials into verb, resource and namespace', () => {
    const cluster = statusError(call, 403, {
      kind: 'Status', code: 403, reason: 'Forbidden',
      message: 'pods is forbidden: User "limited" cannot list resource "pods" in API group "" at the cluster scope',
    });
    assert.equal(cluster.kind, 'forbidden');
    assert.equal(cluster.message, 'forbidden: cannot list pods at cluster scope (RBAC)');
    assert.match(cluster.remedy ?? '', /grant user "limited" the "list" verb on pods cluster-wide \(a ClusterRole/);
    assert.deepEqual([cluster.verb, cluster.resource, cluster.namespace], ['list', 'pods', undefined]);

    const ns = statusError({ ...call, method: 'PATCH', verb: 'patch', resource: 'deployments.apps', namespace: 'demo' }, 403, {
      message: 'deployments.apps "web" is forbidden: User "bob" cannot patch resource "deployments" in API group "apps" in the namespace "demo"',
    });
    assert.equal(ns.message, 'forbidden: cannot patch deployments.apps in namespace "demo" (RBAC)');
    assert.match(ns.remedy ?? '', /in namespace "demo" \(a Role \+ RoleBinding\)/);
    assert.deepEqual([ns.verb, ns.resource, ns.namespace], ['patch', 'deployments.apps', 'demo']);

    const webhook = statusError(call, 403, { message: 'admission webhook "x" denied the request' });
    assert.equal(webhook.message, 'forbidden: admission webhook "x" denied the request');
  });

  it('maps credential failures: a missing exec plugin, a failing one, an unreadable file', () => {
    const enoent = Object.assign(new Error('spawn aws ENOENT'), { code: 'ENOENT', syscall: 'spawn aws', path: 'aws' });
    const missing = credentialError('prod', enoent, 'aws');
    assert.equal(missing.kind, 'unauthorized');
    assert.equal(missing.describe().startsWith('exec plugin `aws` not found on PATH — use an absolute path in the kubeconfig'), true);

    const failed = credentialError('prod', new Error('error: token expired, run aws sso login\nmore'), 'aws');
    assert.equal(failed.kind, 'unauthorized');
    assert.equal(failed.message, 'exec plugin `aws` failed: error: token expired, run aws sso login');

    const file = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', syscall: 'open', path: '/x/ca.crt' });
    const bad = credentialError('prod', file);
    assert.equal(bad.kind, 'badConfig');
    assert.match(bad.message, /cannot read \/x\/ca\.crt/);

    assert.equal(credentialError('prod', new Error('HTTP protocol is not allowed when skipTLSVerify is not set or false')).kind, 'badConfig');
  });

  it('never lets a token, password or key into a message', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    const leaks = [
      new Error(`request failed: Authorization: Bearer ${jwt}`),
      new Error('bad header Bearer s3cr3t-opaque-token'),
      new Error('token=abcd1234efgh password: hunter22'),
      new Error('-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----'),
    ];
    for (const leak of leaks) {
      for (const e of [transportError(call, leak), credentialError('prod', leak, 'aws'), credentialError('prod', leak)]) {
        const text = `${e.message} ${e.remedy ?? ''}`;
        for (const secret of [jwt, 's3cr3t-opaque-token', 'abcd1234efgh', 'hunter22', 'MIIEvQ']) {
          assert.ok(!text.includes(secret), `${secret} leaked in: ${text}`);
        }
      }
    }
    const fromStatus = statusError(call, 400, { message: `bad token: ${jwt}` });
    assert.ok(!fromStatus.message.includes(jwt));
    assert.equal(redactSecrets('value is XYZW-1234 here', ['XYZW-1234']), 'value is <redacted> here');
  });

  it('redacts userinfo of any URL in a message: https://user:pass@host', () => {
    assert.equal(redactUrlUserinfo('GET https://admin:hunter2@10.0.0.1:6443/api failed'), 'GET https://<redacted>@10.0.0.1:6443/api failed');
    assert.equal(redactUrlUserinfo('socks5://u@proxy:1080 and http://x/y@z'), 'socks5://<redacted>@proxy:1080 and http://x/y@z');
    const e = transportError(call, new TypeError('Request cannot be constructed from a URL that includes credentials: https://admin:hunter2@h/api'));
    assert.ok(!e.message.includes('hunter2'), e.message);
  });

  it('marks a write whose outcome is unknown as ambiguous, and nothing else', () => {
    const patch: CallDescription = { ...call, method: 'PATCH', path: '/api/v1/namespaces/demo', verb: 'patch', resource: 'namespaces' };
    const ambiguous: [string, ClusterError][] = [
      ['reset after sending', transportError(patch, fetchFailed(sysError('ECONNRESET')), undefined, true)],
      ['socket closed after sending', transportError(patch, fetchFailed(sysError('UND_ERR_SOCKET')), undefined, true)],
      ['our time-out after sending', transportError(patch, new DOMException('x', 'TimeoutError'), 2000, true)],
      ['cancelled in flight', transportError(patch, new DOMException('x', 'AbortError'), undefined, true)],
      ['500 InternalError', statusError(patch, 500, { message: 'etcdserver: request timed out' })],
      ['502 from a proxy', statusError(patch, 502, 'Bad Gateway')],
      ['504 Timeout', statusError(patch, 504, { reason: 'Timeout' })],
    ];
    for (const [what, e] of ambiguous) {
      assert.equal(e.ambiguous, true, what);
      assert.match(e.message, /may or may not have been applied/, what);
      assert.doesNotMatch(e.message, /cannot connect/, what);
      assert.match(e.remedy ?? '', /read the object back/, what);
    }
    assert.match(ambiguous[0][1].message, /^PATCH namespaces was sent, but the connection to https:\/\/127\.0\.0\.1:1 broke before the answer \(connection reset\)/);
    assert.equal(ambiguous[2][1].kind, 'timeout');
    const clear: [string, ClusterError][] = [
      ['refused: nothing sent', transportError(patch, fetchFailed(sysError('ECONNREFUSED')), undefined, true)],
      ['TLS: nothing sent', transportError(patch, fetchFailed(sysError('DEPTH_ZERO_SELF_SIGNED_CERT')), undefined, true)],
      ['connect time-out', transportError(patch, fetchFailed(sysError('UND_ERR_CONNECT_TIMEOUT')), undefined, true)],
      ['reset before sending', transportError(patch, fetchFailed(sysError('ECONNRESET')), undefined, false)],
      ['a read that broke', transportError(call, fetchFailed(sysError('ECONNRESET')), undefined, true)],
      ['a read that got 500', statusError(call, 500, { message: 'boom' })],
      ['503 with Retry-After (not processed)', statusError(patch, 503, {}, '2')],
      ['429', statusError(patch, 429, {}, '1')],
      ['409', statusError(patch, 409, { message: 'conflict' })],
    ];
    for (const [what, e] of clear) assert.ok(!e.ambiguous, what);
    assert.equal(clear[6][1].retryAfterSeconds, 2);
    assert.equal(statusError(patch, 429, {}, 'Wed, 21 Oct 2015 07:28:00 GMT').retryAfterSeconds, undefined, 'only the seconds form');
  });
});
