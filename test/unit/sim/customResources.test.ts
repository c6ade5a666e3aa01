import { strict as assert } from 'node:assert';
import { istioCrd, istioRevisionTagCrd, sailCrds } from '../../../src/sim/scenarios/sailCrds';
import { crdManifest } from '../../../src/sim/scenarios/crdManifest';
import type { Scenario } from '../../../src/sim/scenarios/index';
import { startSimulator, type RunningSimulator } from '../../../src/sim/simulator';
import { asList, asObj, asStatus, JSON_PATCH, MERGE, request, STRATEGIC, watch } from './simClient';

const EMPTY: Scenario = { name: 'crd-test', seed: 'crd', description: 'base cluster only', load: () => undefined };
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const TAGS = '/apis/sailoperator.io/v1/istiorevisiontags';
const tag = (name: string, target = 'default', extra: Record<string, unknown> = {}) => ({
  apiVersion: 'sailoperator.io/v1', kind: 'IstioRevisionTag', metadata: { name, labels: { team: 'mesh' } }, spec: { targetRef: { kind: 'Istio', name: target } }, ...extra,
});

describe('sim: CustomResourceDefinitions and custom resources', function () {
  this.timeout(20000);
  let sim: RunningSimulator;
  before(async () => {
    sim = await startSimulator({ scenarioDefinition: EMPTY });
  });
  after(async () => {
    await sim.stop();
  });

  it('a group is a 404 until its CRD exists; a new CRD starts with the server\'s initial status, then is Established', async () => {
    for (const path of ['/apis/sailoperator.io', '/apis/sailoperator.io/v1', TAGS]) {
      const r = await request(sim, 'GET', path);
      assert.equal(r.status, 404, path);
      assert.equal(r.text, '404 page not found\n');
    }
    const created = await request(sim, 'POST', CRDS, { body: istioRevisionTagCrd() });
    assert.equal(created.status, 201);
    const body = asObj(created);
    assert.deepEqual(body.status, { conditions: null, acceptedNames: { plural: '', kind: '' }, storedVersions: ['v1'] });
    assert.deepEqual((body.spec as { conversion: unknown }).conversion, { strategy: 'None' });
    assert.equal(body.metadata.generation, 1);
    for (const crd of sailCrds().slice(0, 2)) assert.equal((await request(sim, 'POST', CRDS, { body: crd })).status, 201);
    const now = asObj(await request(sim, 'GET', `${CRDS}/istiorevisiontags.sailoperator.io`));
    const status = now.status as { conditions: { type: string; status: string; reason: string }[]; acceptedNames: Record<string, unknown> };
    assert.deepEqual(status.conditions.map((c) => `${c.type}=${c.status}/${c.reason}`), ['NamesAccepted=True/NoConflicts', 'Established=True/InitialNamesAccepted']);
    assert.deepEqual(status.acceptedNames, {
      plural: 'istiorevisiontags', singular: 'istiorevisiontag', shortNames: ['istiorevtag'], kind: 'IstioRevisionTag', listKind: 'IstioRevisionTagList', categories: ['istio-io'],
    });
  });

  it('discovery lists the group and its resources (sorted, singular names, status subresources)', async () => {
    const groups = (await request(sim, 'GET', '/apis')).body as { groups: { name: string; preferredVersion: unknown }[] };
    assert.deepEqual(groups.groups.find((g) => g.name === 'sailoperator.io')?.preferredVersion, { groupVersion: 'sailoperator.io/v1', version: 'v1' });
    assert.deepEqual(asObj(await request(sim, 'GET', '/apis/sailoperator.io')), {
      kind: 'APIGroup', apiVersion: 'v1', name: 'sailoperator.io',
      versions: [{ groupVersion: 'sailoperator.io/v1', version: 'v1' }], preferredVersion: { groupVersion: 'sailoperator.io/v1', version: 'v1' },
    });
    const list = (await request(sim, 'GET', '/apis/sailoperator.io/v1')).body as { resources: { name: string; singularName: string; namespaced: boolean; verbs: string[]; shortNames?: string[] }[] };
    assert.deepEqual(list.resources.map((r) => r.name), ['istiorevisions', 'istiorevisions/status', 'istiorevisiontags', 'istiorevisiontags/status', 'istios', 'istios/status']);
    const tags = list.resources[2];
    assert.equal(tags.singularName, 'istiorevisiontag');
    assert.equal(tags.namespaced, false);
    assert.deepEqual(tags.shortNames, ['istiorevtag']);
    assert.deepEqual(tags.verbs, ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch']);
    assert.deepEqual(list.resources[3].verbs, ['get', 'patch', 'update']);
  });

  it('create prunes unknown fields, drops status, sets generation 1; a namespace in the URL of a cluster-scoped kind is a 404', async () => {
    const r = await request(sim, 'POST', TAGS, { body: tag('default', 'default', { junk: { x: 1 }, status: { istioRevision: 'x' } }) });
    assert.equal(r.status, 201);
    const obj = asObj(r);
    assert.equal(obj.junk, undefined);
    assert.equal(obj.status, undefined);
    assert.equal(obj.metadata.generation, 1);
    assert.equal(obj.metadata.namespace, undefined);
    assert.deepEqual(obj.spec, { targetRef: { kind: 'Istio', name: 'default' } });
    const nested = await request(sim, 'POST', '/apis/sailoperator.io/v1/namespaces/default/istiorevisiontags', { body: tag('x') });
    assert.equal(nested.status, 404);
    assert.equal(nested.text, '404 page not found\n');
  });

  it('fills in schema defaults and refuses values the schema rejects, with the server\'s messages', async () => {
    const istio = asObj(await request(sim, 'POST', '/apis/sailoperator.io/v1/istios', {
      body: { apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name: 'defaults' }, spec: { version: 'v1.24.3', updateStrategy: {} } },
    }));
    assert.deepEqual(istio.spec, { version: 'v1.24.3', updateStrategy: { type: 'InPlace' }, namespace: 'istio-system' });
    const missing = await request(sim, 'POST', TAGS, { body: { apiVersion: 'sailoperator.io/v1', kind: 'IstioRevisionTag', metadata: { name: 'bad' }, spec: { targetRef: { kind: 'Istio' } } } });
    assert.equal(missing.status, 422);
    assert.deepEqual(missing.body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'IstioRevisionTag.sailoperator.io "bad" is invalid: spec.targetRef.name: Required value', reason: 'Invalid',
      details: { name: 'bad', group: 'sailoperator.io', kind: 'IstioRevisionTag', causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.targetRef.name' }] },
      code: 422,
    });
    const wrongType = asStatus(await request(sim, 'POST', TAGS, { body: { ...tag('bad2'), spec: { targetRef: { kind: 'Istio', name: 5 } } } }));
    assert.equal(wrongType.message, 'IstioRevisionTag.sailoperator.io "bad2" is invalid: spec.targetRef.name: Invalid value: "integer": spec.targetRef.name in body must be of type string: "integer"');
    const enumAndMin = asStatus(await request(sim, 'POST', '/apis/sailoperator.io/v1/istios', {
      body: { apiVersion: 'sailoperator.io/v1', kind: 'Istio', metadata: { name: 'bad' }, spec: { version: 'v1', updateStrategy: { type: 'Nope', inactiveRevisionDeletionGracePeriodSeconds: -1 } } },
    }));
    assert.equal(enumAndMin.message, 'Istio.sailoperator.io "bad" is invalid: [spec.updateStrategy.inactiveRevisionDeletionGracePeriodSeconds: Invalid value: -1: spec.updateStrategy.inactiveRevisionDeletionGracePeriodSeconds in body should be greater than or equal to 0, spec.updateStrategy.type: Unsupported value: "Nope": supported values: "InPlace", "RevisionBased"]');
    assert.deepEqual(enumAndMin.details?.causes?.map((c) => c.reason), ['FieldValueInvalid', 'FieldValueNotSupported']);
  });

  it('lists with label selectors and watches custom resources', async () => {
    await request(sim, 'POST', TAGS, { body: { ...tag('canary'), metadata: { name: 'canary', labels: { team: 'apps' } } } });
    const list = asList(await request(sim, 'GET', `${TAGS}?labelSelector=${encodeURIComponent('team=mesh')}`));
    assert.equal(list.kind, 'IstioRevisionTagList');
    assert.equal(list.apiVersion, 'sailoperator.io/v1');
    assert.deepEqual(list.items.map((i) => i.metadata.name), ['default']);
    const w = watch(sim, `${TAGS}?watch=true&resourceVersion=${list.metadata.resourceVersion}&labelSelector=team%3Dapps`);
    try {
      await request(sim, 'PATCH', `${TAGS}/canary`, { body: { spec: { targetRef: { name: 'other' } } }, contentType: MERGE });
      await w.waitFor(1);
      assert.equal(w.events[0].type, 'MODIFIED');
      assert.equal((w.events[0].object.spec as { targetRef: { name: string } }).targetRef.name, 'other');
    } finally {
      w.close();
    }
  });

  it('generation follows the spec, not metadata; /status writes only status; strategic merge is refused', async () => {
    const spec = asObj(await request(sim, 'PATCH', `${TAGS}/default`, { body: { spec: { targetRef: { kind: 'IstioRevision', name: 'r' } }, status: { istioRevision: 'ignored' } }, contentType: MERGE }));
    assert.equal(spec.metadata.generation, 2);
    assert.equal(spec.status, undefined, 'status is ignored on the main resource');
    const labels = asObj(await request(sim, 'PATCH', `${TAGS}/default`, { body: { metadata: { labels: { c: 'd' } } }, contentType: MERGE }));
    assert.equal(labels.metadata.generation, 2);
    const status = asObj(await request(sim, 'PATCH', `${TAGS}/default/status`, {
      body: { status: { istioRevision: 'r', istiodNamespace: 'istio-system' }, spec: { targetRef: { name: 'ignored' } } }, contentType: MERGE,
    }));
    assert.deepEqual(status.status, { istioRevision: 'r', istiodNamespace: 'istio-system' });
    assert.equal((status.spec as { targetRef: { name: string } }).targetRef.name, 'r');
    assert.equal(status.metadata.generation, 2);
    const smp = await request(sim, 'PATCH', `${TAGS}/default`, { body: { metadata: { labels: { e: 'f' } } }, contentType: STRATEGIC });
    assert.equal(smp.status, 415);
    assert.equal(asStatus(smp).message, 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
    const json = asObj(await request(sim, 'PATCH', `${TAGS}/default`, { body: [{ op: 'replace', path: '/spec/targetRef/name', value: 'r2' }], contentType: JSON_PATCH }));
    assert.equal(json.metadata.generation, 3);
    assert.deepEqual(json.status, { istioRevision: 'r', istiodNamespace: 'istio-system' });
  });

  it('prints the CRD\'s printer columns as a Table', async () => {
    await request(sim, 'PATCH', `${TAGS}/default/status`, { body: { status: { conditions: [{ type: 'InUse', status: 'True' }] } }, contentType: MERGE });
    const r = await request(sim, 'GET', TAGS, { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' });
    const table = r.body as { columnDefinitions: { name: string; type: string }[]; rows: { cells: unknown[] }[] };
    assert.deepEqual(table.columnDefinitions.map((c) => c.name), ['Name', 'Status', 'In use', 'Revision', 'Age']);
    const row = table.rows.find((x) => x.cells[0] === 'default');
    assert.deepEqual(row?.cells.slice(0, 4), ['default', null, 'True', 'r']);
    assert.match(String(row?.cells[4]), /^\d+s$/);
  });

  it('serves namespaced kinds: objects live in existing namespaces and list across them', async () => {
    const crd = crdManifest({ group: 'example.com', version: 'v1alpha1', kind: 'Widget', plural: 'widgets', scope: 'Namespaced' });
    assert.equal((await request(sim, 'POST', CRDS, { body: crd })).status, 201);
    const widget = (name: string) => ({ apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name }, spec: { size: 3 } });
    assert.equal((await request(sim, 'POST', '/apis/example.com/v1alpha1/namespaces/default/widgets', { body: widget('w1') })).status, 201);
    const missing = await request(sim, 'POST', '/apis/example.com/v1alpha1/namespaces/nope/widgets', { body: widget('w2') });
    assert.equal(missing.status, 404);
    assert.equal(asStatus(missing).message, 'namespaces "nope" not found');
    const all = asList(await request(sim, 'GET', '/apis/example.com/v1alpha1/widgets'));
    assert.deepEqual(all.items.map((w) => `${w.metadata.namespace}/${w.metadata.name}`), ['default/w1']);
  });

  it('refuses a CRD whose name is not <plural>.<group>', async () => {
    const r = await request(sim, 'POST', CRDS, { body: { ...istioCrd(), metadata: { name: 'wrong.sailoperator.io' } } });
    assert.equal(r.status, 422);
    assert.equal(asStatus(r).message, 'CustomResourceDefinition.apiextensions.k8s.io "wrong.sailoperator.io" is invalid: metadata.name: Invalid value: "wrong.sailoperator.io": must be spec.names.plural+"."+spec.group');
  });

  it('garbage-collects objects owned by a cluster-scoped custom resource', async () => {
    const owner = asObj(await request(sim, 'GET', `${TAGS}/canary`));
    const ref = { apiVersion: 'sailoperator.io/v1', kind: 'IstioRevisionTag', name: 'canary', uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
    await request(sim, 'POST', '/api/v1/namespaces/default/configmaps', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned', ownerReferences: [ref] } } });
    assert.equal((await request(sim, 'DELETE', `${TAGS}/canary`)).status, 200);
    assert.equal((await request(sim, 'GET', '/api/v1/namespaces/default/configmaps/owned')).status, 404);
  });

  it('deleting a CRD answers with it Terminating, then deletes its objects and stops serving the type', async () => {
    const w = watch(sim, `${TAGS}?watch=true&resourceVersion=${asList(await request(sim, 'GET', TAGS)).metadata.resourceVersion}`);
    try {
      const r = await request(sim, 'DELETE', `${CRDS}/istiorevisiontags.sailoperator.io`);
      assert.equal(r.status, 200);
      const body = asObj(r);
      assert.ok(body.metadata.deletionTimestamp);
      assert.deepEqual(body.metadata.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
      await w.waitFor(1);
      assert.deepEqual(w.events.map((e) => `${e.type} ${e.object.metadata.name}`), ['DELETED default']);
    } finally {
      w.close();
    }
    assert.equal((await request(sim, 'GET', `${CRDS}/istiorevisiontags.sailoperator.io`)).status, 404);
    assert.equal((await request(sim, 'GET', `${TAGS}/default`)).text, '404 page not found\n');
    const list = (await request(sim, 'GET', '/apis/sailoperator.io/v1')).body as { resources: { name: string }[] };
    assert.deepEqual(list.resources.map((x) => x.name), ['istiorevisions', 'istiorevisions/status', 'istios', 'istios/status']);
    assert.equal(sim.store.count('istiorevisiontags'), 0);
  });
});
