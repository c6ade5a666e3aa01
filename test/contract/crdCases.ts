/**
 * CustomResourceDefinitions: the Sail CRDs register, discovery shows sailoperator.io/v1, IstioRevisionTags are
 * created, listed, patched (spec and status), and the group is a 404 before the CRDs and after their removal.
 */
import { strict as assert } from 'node:assert';
import { sailCrds } from '../../src/sim/scenarios/sailCrds';
import type { EnvRef } from './contractTarget';
import { eventually } from './contractTarget';
import { installCrds, removeCrds } from './crdInstall';
import { rawOk } from './rawApi';

const TAGS = '/apis/sailoperator.io/v1/istiorevisiontags';
const MERGE = 'application/merge-patch+json';

interface Obj {
  metadata: { name: string; generation?: number; labels?: Record<string, string>; resourceVersion?: string };
  spec?: { targetRef?: { kind: string; name: string }; [k: string]: unknown };
  status?: Record<string, unknown>;
  [k: string]: unknown;
}

const tag = (name: string, labels: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'sailoperator.io/v1', kind: 'IstioRevisionTag', metadata: { name, labels }, spec: { targetRef: { kind: 'Istio', name: 'default' } }, ...extra,
});

export function crdCases(env: EnvRef): void {
  describe('custom resource definitions (Sail CRDs)', () => {
    after(() => removeCrds(env().raw, sailCrds().map((c) => c.metadata.name)));

    it('sailoperator.io is a 404 before its CRDs exist', async () => {
      for (const path of ['/apis/sailoperator.io/v1', TAGS]) {
        const r = await env().raw.request('GET', path);
        assert.equal(r.status, 404, path);
        assert.equal(r.body, '404 page not found\n');
      }
      const groups = (await rawOk(env().raw, 'GET', '/apis')) as { groups: { name: string }[] };
      assert.ok(!groups.groups.some((g) => g.name === 'sailoperator.io'));
    });

    it('creates the CRDs; once Established, discovery serves sailoperator.io/v1 (cluster-scoped, status subresources)', async () => {
      await installCrds(env().raw, sailCrds());
      const groups = (await rawOk(env().raw, 'GET', '/apis')) as { groups: { name: string; preferredVersion: unknown }[] };
      assert.deepEqual(groups.groups.find((g) => g.name === 'sailoperator.io')?.preferredVersion, { groupVersion: 'sailoperator.io/v1', version: 'v1' });
      const list = (await rawOk(env().raw, 'GET', '/apis/sailoperator.io/v1')) as { resources: { name: string; singularName: string; namespaced: boolean; kind: string; verbs: string[]; shortNames?: string[] }[] };
      // The real server's order of a group's custom resources is not stable.
      assert.deepEqual(list.resources.map((r) => `${r.name}:${r.kind}:${r.namespaced}`).sort(), [
        'istiorevisions:IstioRevision:false', 'istiorevisions/status:IstioRevision:false',
        'istiorevisiontags:IstioRevisionTag:false', 'istiorevisiontags/status:IstioRevisionTag:false',
        'istios:Istio:false', 'istios/status:Istio:false',
      ].sort());
      const tags = list.resources.find((r) => r.name === 'istiorevisiontags');
      assert.equal(tags?.singularName, 'istiorevisiontag');
      assert.deepEqual(tags?.shortNames, ['istiorevtag']);
      assert.deepEqual([...(tags?.verbs ?? [])].sort(), ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
      const crd = (await rawOk(env().raw, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/istiorevisiontags.sailoperator.io')) as { status: { acceptedNames: unknown } };
      assert.deepEqual(crd.status.acceptedNames, {
        plural: 'istiorevisiontags', singular: 'istiorevisiontag', shortNames: ['istiorevtag'], kind: 'IstioRevisionTag', listKind: 'IstioRevisionTagList', categories: ['istio-io'],
      });
    });

    it('creates IstioRevisionTags: unknown top-level fields pruned, status ignored, generation 1', async () => {
      const created = (await rawOk(env().raw, 'POST', TAGS, tag('ct-prod', { ct: 'crd', tier: 'prod' }, { junk: 1, status: { istioRevision: 'x' } }))) as Obj;
      assert.equal(created.junk, undefined);
      assert.equal(created.status, undefined);
      assert.equal(created.metadata.generation, 1);
      await rawOk(env().raw, 'POST', TAGS, tag('ct-canary', { ct: 'crd', tier: 'canary' }));
    });

    it('lists IstioRevisionTags with a label selector', async () => {
      const list = (await rawOk(env().raw, 'GET', `${TAGS}?labelSelector=${encodeURIComponent('ct=crd,tier in (canary)')}`)) as { kind: string; items: Obj[] };
      assert.equal(list.kind, 'IstioRevisionTagList');
      assert.deepEqual(list.items.map((i) => i.metadata.name), ['ct-canary']);
      const all = (await rawOk(env().raw, 'GET', `${TAGS}?labelSelector=ct%3Dcrd`)) as { items: Obj[] };
      assert.deepEqual(all.items.map((i) => i.metadata.name), ['ct-canary', 'ct-prod']);
    });

    it('merge-patches spec.targetRef (generation +1) and the status subresource (spec untouched)', async () => {
      const moved = (await rawOk(env().raw, 'PATCH', `${TAGS}/ct-prod`, { spec: { targetRef: { kind: 'IstioRevision', name: 'default-v1-25-1' } } }, MERGE)) as Obj;
      assert.deepEqual(moved.spec?.targetRef, { kind: 'IstioRevision', name: 'default-v1-25-1' });
      assert.equal(moved.metadata.generation, 2);
      const relabelled = (await rawOk(env().raw, 'PATCH', `${TAGS}/ct-prod`, { metadata: { labels: { extra: 'yes' } } }, MERGE)) as Obj;
      assert.equal(relabelled.metadata.generation, 2, 'metadata changes keep the generation');
      const status = (await rawOk(env().raw, 'PATCH', `${TAGS}/ct-prod/status`, {
        status: { istioRevision: 'default-v1-25-1', istiodNamespace: 'istio-system' }, spec: { targetRef: { kind: 'Istio', name: 'ignored' } },
      }, MERGE)) as Obj;
      assert.deepEqual(status.status, { istioRevision: 'default-v1-25-1', istiodNamespace: 'istio-system' });
      assert.deepEqual(status.spec?.targetRef, { kind: 'IstioRevision', name: 'default-v1-25-1' });
      const smp = await env().raw.request('PATCH', `${TAGS}/ct-prod`, { metadata: { labels: { e: 'f' } } }, 'application/strategic-merge-patch+json');
      assert.equal(smp.status, 415);
    });

    it('refuses a tag without targetRef.name (422, the schema\'s Required value)', async () => {
      const r = await env().raw.request('POST', TAGS, { apiVersion: 'sailoperator.io/v1', kind: 'IstioRevisionTag', metadata: { name: 'ct-bad' }, spec: { targetRef: { kind: 'Istio' } } });
      assert.equal(r.status, 422);
      assert.equal((r.body as { message: string }).message, 'IstioRevisionTag.sailoperator.io "ct-bad" is invalid: spec.targetRef.name: Required value');
    });

    it('deleting the CRDs removes the group again', async () => {
      await removeCrds(env().raw, sailCrds().map((c) => c.metadata.name));
      await eventually('sailoperator.io/v1 gone from discovery', async () => (await env().raw.request('GET', '/apis/sailoperator.io/v1')).status, (s) => s === 404, 30_000, 100);
      assert.equal((await env().raw.request('GET', `${TAGS}/ct-prod`)).status, 404);
    });
  });
}
