import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClusterClient, ResourceKind, WriteOptions } from '../../../src/kube/clusterClient';
import { ClusterError } from '../../../src/kube/clusterError';
import type { KWebhookConfiguration } from '../../../src/mesh/kubeObjects';
import type { TagWrite } from '../../../src/mesh/tagPlan';
import { Journal } from '../../../src/upgrade/journal';
import { applyTagWrites, rollbackTagRun } from '../../../src/upgrade/tagOps';
import { tagMwc } from '../mesh/fixtures';

type Obj = { metadata: { name: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> } };

/** Enough of a ClusterClient for tag writes: an object map with resourceVersions, 404/409 like the API server. */
function fakeClient(opts: { raceCreate?: Obj } = {}): ClusterClient & { objects: Map<string, Obj>; calls: string[] } {
  const objects = new Map<string, Obj>();
  const calls: string[] = [];
  let rv = 10;
  const key = (kind: string, name: string, ns?: string): string => `${kind}/${ns ?? ''}/${name}`;
  const err = (status: number, kind: 'notFound' | 'conflict', message: string): ClusterError =>
    new ClusterError({ kind, context: 'fake', message, status });
  let raced = false;
  const client = {
    context: 'fake', objects, calls,
    async get(kind: ResourceKind, name: string, namespace?: string) {
      calls.push(`get ${name}`);
      if (opts.raceCreate && !raced && name === opts.raceCreate.metadata.name) {
        raced = true;
        throw err(404, 'notFound', 'not found');
      }
      const o = objects.get(key(kind, name, namespace));
      if (!o) throw err(404, 'notFound', 'not found');
      return structuredClone(o);
    },
    async create(kind: ResourceKind, object: Obj, o?: WriteOptions) {
      calls.push(`create ${object.metadata.name}${o?.dryRun ? ' (dry run)' : ''}`);
      const k = key(kind, object.metadata.name, object.metadata.namespace);
      if (opts.raceCreate && object.metadata.name === opts.raceCreate.metadata.name && !objects.has(k)) {
        objects.set(k, { ...structuredClone(opts.raceCreate), metadata: { ...opts.raceCreate.metadata, resourceVersion: String(++rv) } });
      }
      if (objects.has(k)) throw err(409, 'conflict', 'already exists');
      if (!o?.dryRun) objects.set(k, { ...structuredClone(object), metadata: { ...object.metadata, resourceVersion: String(++rv) } });
      return object;
    },
    async replace(kind: ResourceKind, object: Obj, o?: WriteOptions) {
      calls.push(`replace ${object.metadata.name}@${object.metadata.resourceVersion}${o?.dryRun ? ' (dry run)' : ''}`);
      const k = key(kind, object.metadata.name, object.metadata.namespace);
      const cur = objects.get(k);
      if (!cur) throw err(404, 'notFound', 'not found');
      if (cur.metadata.resourceVersion !== object.metadata.resourceVersion) throw err(409, 'conflict', 'modified');
      if (!o?.dryRun) objects.set(k, { ...structuredClone(object), metadata: { ...object.metadata, resourceVersion: String(++rv) } });
      return object;
    },
    async delete(kind: ResourceKind, name: string, namespace?: string, o?: WriteOptions) {
      calls.push(`delete ${name}${o?.dryRun ? ' (dry run)' : ''}`);
      if (!objects.delete(key(kind, name, namespace)) && !o?.dryRun) throw err(404, 'notFound', 'not found');
    },
  };
  return client as unknown as ClusterClient & { objects: Map<string, Obj>; calls: string[] };
}

function put(c: { objects: Map<string, Obj> }, o: KWebhookConfiguration): void {
  c.objects.set(`mutatingwebhookconfigurations//${o.metadata.name}`, { ...structuredClone(o), metadata: { ...o.metadata, resourceVersion: '5' } } as Obj);
}

function apply(object: KWebhookConfiguration): TagWrite {
  return { kind: 'mutatingwebhookconfigurations', name: object.metadata.name, op: 'apply', object, summary: `apply ${object.metadata.name}` };
}

describe('tag writes (create-or-replace, journal, undo)', () => {
  let dir: string;
  let journal: Journal;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagops-'));
    journal = new Journal(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates a new tag webhook and journals intent/applied with previousObject null', async () => {
    const c = fakeClient();
    const out = await applyTagWrites(c, [apply(tagMwc('stable', '1-8-0'))], { journal });
    assert.equal(out.status, 'completed');
    assert.deepEqual(out.results.map((r) => r.action), ['created']);
    const w = journal.writes(out.runId);
    assert.deepEqual(w.map((x) => [x.phase, x.op, x.previousObject]), [['intent', 'create', null], ['applied', 'create', null]]);
    assert.equal(journal.run(out.runId as string)?.command, 'tag');
  });

  it('409 AlreadyExists on create (created meanwhile) → re-read → PUT with the current resourceVersion', async () => {
    const c = fakeClient({ raceCreate: tagMwc('prod', '1-7-6') as Obj });
    const out = await applyTagWrites(c, [apply(tagMwc('prod', '1-8-0'))], { journal, overwrite: true });
    assert.equal(out.status, 'completed', out.error);
    assert.deepEqual(out.results.map((r) => r.action), ['replaced']);
    assert.ok(c.calls.includes('replace istio-revision-tag-prod@11'), c.calls.join(', '));
    assert.equal(c.objects.get('mutatingwebhookconfigurations//istio-revision-tag-prod')?.metadata.labels?.['istio.io/rev'], '1-8-0');
    const failed = journal.writes(out.runId).find((x) => x.phase === 'failed');
    assert.match(failed?.error ?? '', /conflict \(409\)/);
  });

  it('without overwrite an existing object is refused with istioctl-like wording', async () => {
    const c = fakeClient();
    put(c, tagMwc('prod', '1-7-6'));
    const out = await applyTagWrites(c, [apply(tagMwc('prod', '1-8-0'))], { journal });
    assert.equal(out.status, 'failed');
    assert.match(out.error ?? '', /already exists, and --overwrite is false/);
    assert.equal(c.objects.get('mutatingwebhookconfigurations//istio-revision-tag-prod')?.metadata.labels?.['istio.io/rev'], '1-7-6');
  });

  it('dry run passes dryRun to the server, journals nothing, changes nothing', async () => {
    const c = fakeClient();
    put(c, tagMwc('prod', '1-7-6'));
    const out = await applyTagWrites(c, [apply(tagMwc('prod', '1-8-0')), { kind: 'mutatingwebhookconfigurations', name: 'istio-revision-tag-prod', op: 'delete', summary: 'd' }], { journal, dryRun: true, overwrite: true });
    assert.equal(out.status, 'dry run');
    assert.deepEqual(c.calls.filter((x) => !x.startsWith('get')), ['replace istio-revision-tag-prod@5 (dry run)', 'delete istio-revision-tag-prod (dry run)']);
    assert.deepEqual(journal.runs(), []);
  });

  it('undo restores the previous webhook, deletes what the run created, and refuses if someone moved the tag since', async () => {
    const c = fakeClient();
    put(c, tagMwc('prod', '1-7-6'));
    const out = await applyTagWrites(c, [apply(tagMwc('prod', '1-8-0')), apply(tagMwc('stable', '1-8-0'))], { journal, overwrite: true });
    assert.equal(out.status, 'completed', out.error);
    const undo = await rollbackTagRun(c, journal, out.runId as string);
    assert.equal(undo.status, 'completed', undo.error);
    assert.deepEqual(undo.results.map((r) => [r.write.op, r.write.name, r.action]), [
      ['delete', 'istio-revision-tag-stable', 'deleted'],
      ['apply', 'istio-revision-tag-prod', 'replaced'],
    ]);
    const restored = c.objects.get('mutatingwebhookconfigurations//istio-revision-tag-prod') as unknown as KWebhookConfiguration;
    assert.deepEqual(restored.webhooks, tagMwc('prod', '1-7-6').webhooks);
    assert.equal(restored.metadata.labels?.['istio.io/rev'], '1-7-6');

    const again = await applyTagWrites(c, [apply(tagMwc('prod', '1-8-0'))], { journal, overwrite: true });
    put(c, tagMwc('prod', '1-9-0'));
    await assert.rejects(rollbackTagRun(c, journal, again.runId as string), /changed since run/);
  });
});
