import { strict as assert } from 'node:assert';
import { startSimulator, type RunningSimulator } from '../../../src/sim/simulator';
import { asList, asObj, asStatus, JSON_PATCH, MERGE, request, STRATEGIC } from './simClient';

const LABEL_MESSAGE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

describe('sim API server: REST verbs and errors', function () {
  this.timeout(20000);
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ scenario: 'canary-1-6-to-1-7' });
  });
  after(async () => {
    await sim.stop();
  });

  const ns = (name: string, labels: Record<string, string> = {}) =>
    request(sim, 'POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } } });

  it('serves /version, health and discovery that kubectl needs', async () => {
    assert.equal(asObj(await request(sim, 'GET', '/version')).minor as unknown, '20');
    assert.equal((await request(sim, 'GET', '/healthz', { token: null })).text, 'ok');
    const api = asObj(await request(sim, 'GET', '/api'));
    assert.deepEqual(api.versions, ['v1']);
    const core = (await request(sim, 'GET', '/api/v1')).body as { resources: { name: string; shortNames?: string[]; namespaced: boolean; verbs: string[] }[] };
    const pods = core.resources.find((r) => r.name === 'pods');
    assert.deepEqual(pods?.shortNames, ['po']);
    assert.ok(core.resources.some((r) => r.name === 'pods/status'));
    const apps = (await request(sim, 'GET', '/apis/apps/v1')).body as { groupVersion: string; resources: { name: string; shortNames?: string[] }[] };
    assert.deepEqual(apps.resources.find((r) => r.name === 'deployments')?.shortNames, ['deploy']);
    const groups = (await request(sim, 'GET', '/apis')).body as { groups: { name: string }[] };
    assert.deepEqual(groups.groups.map((g) => g.name).sort(), ['admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apps', 'autoscaling', 'batch', 'coordination.k8s.io', 'policy']);
    const coordination = (await request(sim, 'GET', '/apis/coordination.k8s.io/v1')).body as { groupVersion: string; resources: { name: string; kind: string; namespaced: boolean; verbs: string[] }[] };
    assert.deepEqual(coordination.resources.map((r) => [r.name, r.kind, r.namespaced]), [['leases', 'Lease', true]]);
    assert.ok(coordination.resources[0].verbs.includes('update'));
    assert.equal((await request(sim, 'GET', '/openapi/v2')).status, 404);
  });

  it('401 for an unknown token, 403 for anonymous discovery', async () => {
    const r = await request(sim, 'GET', '/api/v1/namespaces', { token: 'nope' });
    assert.equal(r.status, 401);
    assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
    const anon = await request(sim, 'GET', '/api', { token: null });
    assert.equal(anon.status, 403);
    assert.equal(asStatus(anon).message, 'forbidden: User "system:anonymous" cannot get path "/api"');
  });

  it('403 for `restricted` listing or watching pods, at cluster scope and in a namespace', async () => {
    const token = sim.restrictedToken;
    const all = await request(sim, 'GET', '/api/v1/pods', { token });
    assert.equal(all.status, 403);
    assert.deepEqual(all.body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'pods is forbidden: User "restricted" cannot list resource "pods" in API group "" at the cluster scope',
      reason: 'Forbidden', details: { kind: 'pods' }, code: 403,
    });
    const inNs = await request(sim, 'GET', '/api/v1/namespaces/demo-a/pods?watch=true', { token });
    assert.equal(asStatus(inNs).message, 'pods is forbidden: User "restricted" cannot watch resource "pods" in API group "" in the namespace "demo-a"');
    assert.equal((await request(sim, 'GET', '/api/v1/namespaces', { token })).status, 200);
  });

  it('lists with label selectors (equality, set-based, existence) and field selectors', async () => {
    const names = async (path: string) => asList(await request(sim, 'GET', path)).items.map((o) => o.metadata.name);
    assert.deepEqual(await names('/api/v1/namespaces?labelSelector=istio-injection%3Denabled'), ['demo-a', 'demo-b']);
    assert.deepEqual(await names('/api/v1/namespaces?labelSelector=' + encodeURIComponent('istio-injection in (enabled),metadata-missing!=x')), ['demo-a', 'demo-b']);
    assert.ok((await names('/api/v1/namespaces?labelSelector=!istio-injection')).includes('istio-system'));
    assert.equal((await names('/api/v1/pods?labelSelector=app%3Dapp-a')).length, 2);
    assert.deepEqual(await names('/api/v1/namespaces?fieldSelector=metadata.name%3Ddemo-b'), ['demo-b']);
    const pods = await names('/api/v1/pods?fieldSelector=metadata.namespace%3Ddemo-a');
    assert.ok(pods.length === 2 && pods.every((n) => n.startsWith('app-a-')));
    const list = asList(await request(sim, 'GET', '/api/v1/namespaces/demo-a/pods'));
    assert.equal(list.kind, 'PodList');
    assert.equal(list.items[0].kind, undefined, 'list items carry no kind');
    assert.match(list.metadata.resourceVersion, /^\d+$/);
  });

  it('400 for a malformed selector, like the real server', async () => {
    const r = await request(sim, 'GET', '/api/v1/pods?labelSelector=' + encodeURIComponent('app in (a'));
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: "unable to parse requirement: found '', expected: ',' or ')'", reason: 'BadRequest', code: 400 });
    assert.equal(asStatus(await request(sim, 'GET', '/api/v1/pods?fieldSelector=spec.foo%3Dx')).message, 'field label not supported: spec.foo');
  });

  it('pages with limit + continue and reports remainingItemCount', async () => {
    const all = asList(await request(sim, 'GET', '/api/v1/pods')).items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`);
    assert.deepEqual([...all].sort(), all, 'etcd key order');
    const seen: string[] = [];
    let cont = '';
    let pages = 0;
    do {
      const page = asList(await request(sim, 'GET', `/api/v1/pods?limit=3${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`));
      seen.push(...page.items.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
      if (page.metadata.continue) assert.equal(page.metadata.remainingItemCount, all.length - seen.length);
      cont = page.metadata.continue ?? '';
      pages++;
    } while (cont);
    assert.deepEqual(seen, all);
    assert.equal(pages, Math.ceil(all.length / 3));
    const token = JSON.parse(Buffer.from(asList(await request(sim, 'GET', '/api/v1/pods?limit=1')).metadata.continue ?? '', 'base64url').toString());
    assert.equal(token.v, 'meta.k8s.io/v1');
    assert.equal((await request(sim, 'GET', '/api/v1/pods?limit=1&continue=%%%')).status, 400);
    const filtered = asList(await request(sim, 'GET', '/api/v1/pods?limit=1&labelSelector=app%3Dapp-a'));
    assert.ok(filtered.metadata.continue && filtered.metadata.remainingItemCount === undefined);
  });

  it('404 NotFound Status for a missing object and for creating in a missing namespace', async () => {
    const r = await request(sim, 'GET', '/api/v1/namespaces/x');
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'namespaces "x" not found', reason: 'NotFound', details: { name: 'x', kind: 'namespaces' }, code: 404 });
    const d = asStatus(await request(sim, 'GET', '/apis/apps/v1/namespaces/demo-a/deployments/nope'));
    assert.equal(d.message, 'deployments.apps "nope" not found');
    assert.deepEqual(d.details, { name: 'nope', group: 'apps', kind: 'deployments' });
    const c = await request(sim, 'POST', '/api/v1/namespaces/nowhere/configmaps', { body: { metadata: { name: 'c' } } });
    assert.equal(c.status, 404);
    assert.equal(asStatus(c).message, 'namespaces "nowhere" not found');
    assert.equal((await request(sim, 'GET', '/api/v1/foos')).status, 404);
  });

  it('creates with generateName, 409 AlreadyExists, server-set metadata', async () => {
    const created = await ns('api-create', { team: 'a' });
    assert.equal(created.status, 201);
    const obj = asObj(created);
    assert.match(obj.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.match(obj.metadata.creationTimestamp ?? '', /Z$/);
    assert.deepEqual(obj.status, { phase: 'Active' });
    const again = await ns('api-create');
    assert.equal(again.status, 409);
    assert.equal(asStatus(again).message, 'namespaces "api-create" already exists');
    const gen = asObj(await request(sim, 'POST', '/api/v1/namespaces/api-create/configmaps', { body: { metadata: { generateName: 'cfg-' }, data: { a: '1' } } }));
    assert.match(gen.metadata.name, /^cfg-[a-z0-9]{5}$/);
  });

  it('merge patch removes istio-injection and sets istio.io/rev in one call', async () => {
    await ns('api-merge', { 'istio-injection': 'enabled', keep: 'me' });
    const r = await request(sim, 'PATCH', '/api/v1/namespaces/api-merge', { contentType: MERGE, body: { metadata: { labels: { 'istio-injection': null, 'istio.io/rev': 'canary' } } } });
    assert.equal(r.status, 200);
    assert.deepEqual(asObj(r).metadata.labels, { keep: 'me', 'istio.io/rev': 'canary' });
    const bad = await request(sim, 'PATCH', '/api/v1/namespaces/api-merge', { contentType: MERGE, body: '{not json' });
    assert.equal(bad.status, 500);
    assert.equal(asStatus(bad).message, 'Invalid JSON Patch');
  });

  it('JSON patch with ~1 escapes; failing test op → 422', async () => {
    await ns('api-jsonpatch', { 'istio-injection': 'enabled' });
    const ops = [
      { op: 'test', path: '/metadata/labels/istio-injection', value: 'enabled' },
      { op: 'remove', path: '/metadata/labels/istio-injection' },
      { op: 'add', path: '/metadata/labels/istio.io~1rev', value: 'canary' },
    ];
    const r = await request(sim, 'PATCH', '/api/v1/namespaces/api-jsonpatch', { contentType: JSON_PATCH, body: ops });
    assert.deepEqual(asObj(r).metadata.labels, { 'istio.io/rev': 'canary' });
    const failed = await request(sim, 'PATCH', '/api/v1/namespaces/api-jsonpatch', { contentType: JSON_PATCH, body: [{ op: 'test', path: '/metadata/labels/istio.io~1rev', value: 'other' }] });
    assert.equal(failed.status, 422);
    assert.deepEqual(failed.body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'the server rejected our request due to an error in our request', reason: 'Invalid',
      details: {}, code: 422,
    });
    assert.equal((await request(sim, 'PATCH', '/api/v1/namespaces/api-jsonpatch', { contentType: JSON_PATCH, body: { op: 'add' } })).status, 400);
  });

  it('415 for an unknown patch content type', async () => {
    const r = await request(sim, 'PATCH', '/api/v1/namespaces/demo-a', { contentType: 'text/plain', body: 'x' });
    assert.equal(r.status, 415);
    assert.equal(asStatus(r).reason, 'UnsupportedMediaType');
    assert.match(asStatus(r).message ?? '', /^the body of the request was in an unknown format - accepted media types include: application\/json-patch\+json, application\/merge-patch\+json/);
  });

  it('409 Conflict on a stale resourceVersion (PUT and patch)', async () => {
    const created = asObj(await ns('api-conflict'));
    const rv = created.metadata.resourceVersion;
    await request(sim, 'PATCH', '/api/v1/namespaces/api-conflict', { contentType: MERGE, body: { metadata: { labels: { a: '1' } } } });
    const put = await request(sim, 'PUT', '/api/v1/namespaces/api-conflict', { body: { ...created, metadata: { ...created.metadata, labels: { b: '2' } } } });
    assert.equal(put.status, 409);
    assert.deepEqual(put.body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'Operation cannot be fulfilled on namespaces "api-conflict": the object has been modified; please apply your changes to the latest version and try again',
      reason: 'Conflict', details: { name: 'api-conflict', kind: 'namespaces' }, code: 409,
    });
    const patch = await request(sim, 'PATCH', '/api/v1/namespaces/api-conflict', { contentType: MERGE, body: { metadata: { resourceVersion: rv, labels: { c: '3' } } } });
    assert.equal(patch.status, 409);
    const current = asObj(await request(sim, 'GET', '/api/v1/namespaces/api-conflict'));
    const ok = await request(sim, 'PUT', '/api/v1/namespaces/api-conflict', { body: { ...current, metadata: { ...current.metadata, labels: { b: '2' } } } });
    assert.equal(ok.status, 200);
    assert.ok(Number(asObj(ok).metadata.resourceVersion) > Number(current.metadata.resourceVersion));
  });

  it('422 Invalid for a bad label value, with details.causes', async () => {
    const r = await request(sim, 'PATCH', '/api/v1/namespaces/demo-b', { contentType: MERGE, body: { metadata: { labels: { x: 'bad value!' } } } });
    assert.equal(r.status, 422);
    assert.deepEqual(r.body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: `Namespace "demo-b" is invalid: metadata.labels: Invalid value: "bad value!": ${LABEL_MESSAGE}`,
      reason: 'Invalid',
      details: { name: 'demo-b', kind: 'Namespace', causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "bad value!": ${LABEL_MESSAGE}`, field: 'metadata.labels' }] },
      code: 422,
    });
    const create = asStatus(await ns('Bad_Name'));
    assert.match(create.message ?? '', /^Namespace "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of/);
  });

  it('dryRun=All validates and answers as if written but stores nothing', async () => {
    const rvBefore = sim.store.currentResourceVersion;
    const created = await request(sim, 'POST', '/api/v1/namespaces?dryRun=All', { body: { metadata: { name: 'api-dry' } } });
    assert.equal(created.status, 201);
    assert.equal(asObj(created).metadata.name, 'api-dry');
    assert.equal(asObj(created).metadata.resourceVersion, undefined);
    assert.equal((await request(sim, 'GET', '/api/v1/namespaces/api-dry')).status, 404);
    const patched = await request(sim, 'PATCH', '/api/v1/namespaces/demo-a?dryRun=All', { contentType: MERGE, body: { metadata: { labels: { 'istio-injection': null, 'istio.io/rev': 'canary' } } } });
    assert.deepEqual(asObj(patched).metadata.labels, { 'istio.io/rev': 'canary' });
    const invalidDry = await request(sim, 'PATCH', '/api/v1/namespaces/demo-a?dryRun=All', { contentType: MERGE, body: { metadata: { labels: { x: 'bad value!' } } } });
    assert.equal(invalidDry.status, 422);
    const restart = await request(sim, 'PATCH', '/apis/apps/v1/namespaces/demo-a/deployments/app-a?dryRun=All', {
      contentType: STRATEGIC, body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' } } } } },
    });
    assert.equal(asObj(restart).metadata.generation, 2);
    const pod = await request(sim, 'POST', '/api/v1/namespaces/demo-b/pods?dryRun=All', { body: { metadata: { name: 'dry-pod', labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'x:1' }] } } });
    assert.equal((asObj(pod).spec as { containers: { name: string }[] }).containers.map((c) => c.name).join(','), 'x,istio-proxy', 'admission ran');
    const del = await request(sim, 'DELETE', '/api/v1/namespaces/demo-b?dryRun=All');
    assert.equal(del.status, 200);
    assert.equal(sim.store.currentResourceVersion, rvBefore, 'no write, no event');
    assert.deepEqual(asObj(await request(sim, 'GET', '/api/v1/namespaces/demo-a')).metadata.labels, { 'istio-injection': 'enabled' });
    assert.equal((await request(sim, 'POST', '/api/v1/namespaces?dryRun=Some', { body: { metadata: { name: 'x' } } })).status, 422);
  });

  it('PUT to /status changes only status; PUT to the object keeps status', async () => {
    const d = asObj(await request(sim, 'GET', '/apis/apps/v1/namespaces/demo-a/deployments/app-a'));
    const r = await request(sim, 'PUT', '/apis/apps/v1/namespaces/demo-a/deployments/app-a', { body: { ...d, status: { replicas: 99 } } });
    assert.deepEqual(asObj(r).status, d.status);
    const scale = asObj(await request(sim, 'GET', '/apis/apps/v1/namespaces/demo-a/deployments/app-a/scale'));
    assert.equal(scale.kind, 'Scale');
    assert.deepEqual(scale.spec, { replicas: 2 });
  });

  it('DELETE returns the object for pods/namespaces and a Status for deployments; owned objects are collected', async () => {
    await ns('api-delete');
    const dep = { metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } } };
    assert.equal((await request(sim, 'POST', '/apis/apps/v1/namespaces/api-delete/deployments', { body: dep })).status, 201);
    assert.equal(asList(await request(sim, 'GET', '/api/v1/namespaces/api-delete/pods')).items.length, 2);
    const del = await request(sim, 'DELETE', '/apis/apps/v1/namespaces/api-delete/deployments/web');
    assert.equal(asStatus(del).status, 'Success');
    assert.deepEqual({ ...asStatus(del).details, uid: undefined }, { name: 'web', group: 'apps', kind: 'deployments', uid: undefined });
    assert.equal(asList(await request(sim, 'GET', '/apis/apps/v1/namespaces/api-delete/replicasets')).items.length, 0);
    assert.equal(asList(await request(sim, 'GET', '/api/v1/namespaces/api-delete/pods')).items.length, 0);
    const gone = await request(sim, 'DELETE', '/api/v1/namespaces/api-delete');
    assert.equal(asObj(gone).kind, 'Namespace');
    assert.equal((asObj(gone).status as { phase: string }).phase, 'Terminating');
  });
});
