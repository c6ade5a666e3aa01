/** Failures the extension branches on: 409 (stale resourceVersion, exists), 422 (invalid label), 404, 403. */
import { strict as assert } from 'node:assert';
import { clusterError, configMap, createNamespace, type EnvRef } from './contractTarget';

const NS = 'ct-errors';
const LABEL_RULE = 'a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', '
  + 'and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', '
  + 'regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')';

export function errorCases(env: EnvRef): void {
  describe('errors', () => {
    before(async () => {
      const e = env();
      await createNamespace(e, NS, { ct: 'errors' });
      await e.client.create('configmaps', configMap(NS, 'cm', { ct: 'errors' }));
    });

    describe('409 conflict', () => {
      it('on a merge patch carrying a stale metadata.resourceVersion', async () => {
        const { client } = env();
        const stale = (await client.get('namespaces', NS)).metadata.resourceVersion;
        await client.patch('namespaces', NS, undefined, 'merge', { metadata: { labels: { step: '1' } } });
        const err = await clusterError(() => client.patch('namespaces', NS, undefined, 'merge', { metadata: { resourceVersion: stale, labels: { step: '2' } } }));
        assert.equal(err.kind, 'conflict');
        assert.equal(err.status, 409);
        assert.equal(err.message, `conflict: Operation cannot be fulfilled on namespaces "${NS}": the object has been modified; please apply your changes to the latest version and try again`);
        assert.equal((await client.get('namespaces', NS)).metadata.labels?.step, '1');
      });

      it('on an update (PUT) carrying a stale metadata.resourceVersion', async () => {
        const { client, raw } = env();
        const current = await client.get('configmaps', 'cm', NS);
        await client.patch('configmaps', 'cm', NS, 'merge', { data: { k: 'v1' } });
        const r = await raw.request('PUT', `/api/v1/namespaces/${NS}/configmaps/cm`, { ...current, apiVersion: 'v1', kind: 'ConfigMap', data: { k: 'v2' } });
        assert.equal(r.status, 409);
        const body = r.body as { reason?: string; message?: string; details?: { name?: string; kind?: string } };
        assert.equal(body.reason, 'Conflict');
        assert.equal(body.message, 'Operation cannot be fulfilled on configmaps "cm": the object has been modified; please apply your changes to the latest version and try again');
        assert.deepEqual(body.details, { name: 'cm', kind: 'configmaps' });
      });

      it('on creating an object that exists (AlreadyExists)', async () => {
        const err = await clusterError(() => env().client.create('configmaps', configMap(NS, 'cm')));
        assert.equal(err.kind, 'conflict');
        assert.equal(err.status, 409);
        assert.equal(err.message, 'conflict: configmaps "cm" already exists');
      });
    });

    describe('422 invalid', () => {
      it('on a label value that is not a valid label value (patch)', async () => {
        const { client } = env();
        const err = await clusterError(() => client.patch('namespaces', NS, undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'bad value!' } } }));
        assert.equal(err.kind, 'invalid');
        assert.equal(err.status, 422);
        assert.equal(err.message, `invalid: Namespace "${NS}" is invalid: metadata.labels: Invalid value: "bad value!": ${LABEL_RULE}`);
      });

      it('on a label value that is too long (create)', async () => {
        const long = 'x'.repeat(64);
        const err = await clusterError(() => env().client.create('configmaps', configMap(NS, 'long', { rev: long })));
        assert.equal(err.kind, 'invalid');
        assert.equal(err.status, 422);
        assert.equal(err.message, `invalid: ConfigMap "long" is invalid: metadata.labels: Invalid value: "${long}": must be no more than 63 characters`);
      });

      it('on a label key with two slashes', async () => {
        const err = await clusterError(() => env().client.patch('configmaps', 'cm', NS, 'merge', { metadata: { labels: { 'a/b/c': 'x' } } }));
        assert.equal(err.kind, 'invalid');
        assert.equal(err.status, 422);
        assert.match(err.message, /^invalid: ConfigMap "cm" is invalid: metadata\.labels: Invalid value: "a\/b\/c": a qualified name must consist of alphanumeric characters/);
      });
    });

    describe('404 not found', () => {
      it('on getting a missing namespace', async () => {
        const err = await clusterError(() => env().client.get('namespaces', 'ct-missing'));
        assert.equal(err.kind, 'notFound');
        assert.equal(err.status, 404);
        assert.equal(err.message, 'not found: namespaces "ct-missing" not found');
      });

      it('on patching a missing namespace', async () => {
        const err = await clusterError(() => env().client.patch('namespaces', 'ct-missing', undefined, 'merge', { metadata: { labels: { 'istio.io/rev': 'x' } } }));
        assert.equal(err.kind, 'notFound');
        assert.equal(err.status, 404);
        assert.equal(err.message, 'not found: namespaces "ct-missing" not found');
      });

      it('on creating into a missing namespace', async () => {
        const err = await clusterError(() => env().client.create('configmaps', configMap('ct-missing', 'cm')));
        assert.equal(err.kind, 'notFound');
        assert.equal(err.status, 404);
        assert.equal(err.message, 'not found: namespaces "ct-missing" not found in namespace "ct-missing"');
      });

      it('on getting a missing object in an existing namespace', async () => {
        const err = await clusterError(() => env().client.get('deployments', 'nope', NS));
        assert.equal(err.kind, 'notFound');
        assert.equal(err.message, `not found: deployments.apps "nope" not found in namespace "${NS}"`);
      });
    });

    describe('403 forbidden', () => {
      it('on the limited user listing pods in all namespaces', async () => {
        const { limited } = env();
        assert.ok(limited, 'the target has a limited context');
        const err = await clusterError(() => limited.list('pods'));
        assert.equal(err.kind, 'forbidden');
        assert.equal(err.status, 403);
        assert.equal(err.message, 'forbidden: cannot list pods at cluster scope (RBAC)');
        assert.match(err.remedy ?? '', /^ask a cluster admin to grant user "[^"]+" the "list" verb on pods cluster-wide/);
      });

      it('on the limited user listing pods in one namespace', async () => {
        const { limited } = env();
        assert.ok(limited, 'the target has a limited context');
        const err = await clusterError(() => limited.list('pods', { namespace: NS }));
        assert.equal(err.kind, 'forbidden');
        assert.equal(err.status, 403);
        assert.equal(err.message, `forbidden: cannot list pods in namespace "${NS}" (RBAC)`);
      });
    });
  });
}
