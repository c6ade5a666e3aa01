import { strict as assert } from 'node:assert';
import type { ClusterErrorKind } from '../../../src/kube/clusterError';
import { credentialError } from '../../../src/kube/credentialError';
import { redactSecrets, statusError, transportError, type CallDescription } from '../../../src/kube/errorMapping';

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
});
