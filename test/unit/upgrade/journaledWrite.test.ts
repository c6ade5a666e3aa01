import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ClusterError } from '../../../src/kube/clusterError';
import { Journal, type RunRecord } from '../../../src/upgrade/journal';
import { resolveWrites } from '../../../src/upgrade/journalHistory';
import { reconcileRun } from '../../../src/upgrade/reconcileRun';
import { relabelNamespace } from '../../../src/upgrade/relabelNamespace';
import { RESTARTED_AT, restartWorkload } from '../../../src/upgrade/restartWorkload';
import { UpgradeError } from '../../../src/upgrade/upgradeErrors';
import { isAmbiguous, judgeReadBack } from '../../../src/upgrade/writeOutcome';
import { FakeObjects, resetError, statusErr, timeoutError } from './fakeObjects';

const phases = (j: Journal) => j.writes().map((w) => `${w.phase}${w.readBack ? '(read back)' : ''}`);

describe('ambiguous writes', () => {
  describe('which failures leave the outcome unknown (kubernetes-api.md K4)', () => {
    it('a refusal (4xx, incl. 429 rejected before the handler) is not applied; no answer, 5xx and cancel-in-flight are unknown', () => {
      for (const [kind, status] of [['conflict', 409], ['invalid', 422], ['forbidden', 403], ['notFound', 404], ['throttled', 429]] as const) {
        assert.equal(isAmbiguous(statusErr(kind, status)), false, `${status}`);
      }
      assert.equal(isAmbiguous(timeoutError()), true);
      assert.equal(isAmbiguous(resetError()), true);
      assert.equal(isAmbiguous(statusErr('unknown', 500, 'InternalError')), true);
      assert.equal(isAmbiguous(statusErr('unknown', 502)), true);
      assert.equal(isAmbiguous(statusErr('unknown', 503)), true);
      assert.equal(isAmbiguous(new ClusterError({ kind: 'timeout', context: 'c', message: 'timeout (504)', status: 504 })), true);
      assert.equal(isAmbiguous(new ClusterError({ kind: 'cancelled', context: 'c', message: 'cancelled: PATCH …' })), true);
      assert.equal(isAmbiguous(new UpgradeError('conflict', 'labels changed since the plan')), false);
    });
  });

  describe('reading back decides (our values → applied; prior → not applied; else → someone else)', () => {
    const labels = { field: 'metadata.labels', before: { 'istio-injection': 'enabled', 'istio.io/rev': null }, after: { 'istio-injection': null, 'istio.io/rev': 'canary' } };
    const ns = (l: Record<string, string>) => ({ metadata: { name: 'a', resourceVersion: '7', labels: { team: 'x', ...l } } });

    it('namespace labels', () => {
      assert.deepEqual(judgeReadBack(ns({ 'istio.io/rev': 'canary' }), labels), { state: 'applied', resourceVersion: '7' });
      assert.deepEqual(judgeReadBack(ns({ 'istio-injection': 'enabled' }), labels), { state: 'not-applied', resourceVersion: '7' });
      assert.deepEqual(judgeReadBack(ns({ 'istio.io/rev': 'prod' }), labels), { state: 'changed', found: { 'istio-injection': null, 'istio.io/rev': 'prod' } });
      assert.deepEqual(judgeReadBack(undefined, labels), { state: 'changed', found: { exists: null } });
    });

    it('a restart timestamp, a selector (compared whole), a deleted or created object, a tag object', () => {
      const restart = { field: 'spec.template.metadata.annotations', before: { [RESTARTED_AT]: null }, after: { [RESTARTED_AT]: 'T1' } };
      const dep = (a?: string) => ({ metadata: { name: 'd' }, spec: { template: { metadata: { annotations: a ? { [RESTARTED_AT]: a } : {} } } } });
      assert.equal(judgeReadBack(dep('T1'), restart).state, 'applied');
      assert.equal(judgeReadBack(dep(), restart).state, 'not-applied');
      assert.deepEqual(judgeReadBack(dep('T2'), restart), { state: 'changed', found: { [RESTARTED_AT]: 'T2' } });
      const selector = { field: 'spec.selector', before: { app: 'gw', version: 'blue' }, after: { app: 'gw', version: 'green' } };
      const svc = (s: Record<string, string>) => ({ metadata: { name: 's' }, spec: { selector: s } });
      assert.equal(judgeReadBack(svc({ app: 'gw', version: 'green' }), selector).state, 'applied');
      assert.equal(judgeReadBack(svc({ app: 'gw', version: 'green', extra: '1' }), selector).state, 'changed');
      const del = { field: 'object', before: { object: '{"kind":"Deployment"}' }, after: { object: null } };
      assert.equal(judgeReadBack(undefined, del).state, 'applied');
      assert.equal(judgeReadBack({ metadata: { name: 'x' } }, del).state, 'not-applied');
      const create = { field: 'metadata.labels, webhooks', before: { exists: null }, after: { 'istio.io/tag': 'prod', 'istio.io/rev': '1-8' } };
      assert.equal(judgeReadBack({ metadata: { name: 'm', labels: { 'istio.io/tag': 'prod', 'istio.io/rev': '1-8' } } }, create).state, 'applied');
      assert.equal(judgeReadBack(undefined, create).state, 'not-applied');
    });
  });

  describe('journaledWrite through relabel and restart', () => {
    let dir: string;
    let journal: Journal;
    let run: RunRecord;
    let fake: FakeObjects;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jw-'));
      journal = new Journal(dir);
      run = journal.startRun({ command: 'migrate', context: 'fake', namespaces: ['a'] });
      fake = new FakeObjects();
      fake.put('namespaces', { metadata: { name: 'a', labels: { 'istio-injection': 'enabled', team: 'x' } } });
      fake.put('deployments', { metadata: { name: 'web', namespace: 'a', generation: 3 } as never, spec: { template: { metadata: { labels: { app: 'web' } } } } });
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('an answered write: intent (with its precondition) then applied (with the new resourceVersion)', async () => {
      const rv = fake.read('namespaces', 'a')?.metadata.resourceVersion;
      await relabelNamespace(fake.client(), 'a', { 'istio-injection': 'enabled' }, { 'istio.io/rev': 'canary' }, { journal, run });
      const [intent, applied] = journal.writes();
      assert.deepEqual([intent.phase, intent.resourceVersion], ['intent', rv]);
      assert.deepEqual([applied.phase, applied.intentSeq, applied.resourceVersion], ['applied', intent.seq, fake.read('namespaces', 'a')?.metadata.resourceVersion]);
    });

    it('timeout after the server applied the patch: unknown → read back → applied; the relabel reports changed', async () => {
      fake.faults = [{ match: /^PATCH namespaces\/a$/, after: timeoutError }];
      const r = await relabelNamespace(fake.client(), 'a', { 'istio-injection': 'enabled' }, { 'istio.io/rev': 'canary' }, { journal, run });
      assert.equal(r.changed, true);
      assert.deepEqual(phases(journal), ['intent', 'unknown', 'applied(read back)']);
      assert.match(journal.writes()[1].error ?? '', /^no answer, the request may have been applied: timeout/);
      assert.deepEqual(fake.calls.filter((c) => c.startsWith('PATCH')), ['PATCH namespaces/a'], 'not sent twice');
      assert.equal(fake.read('namespaces', 'a')?.metadata.labels?.['istio.io/rev'], 'canary');
    });

    it('connection reset before the server applied it: unknown → read back → not applied → sent again (same precondition) → applied', async () => {
      fake.faults = [{ match: /^PATCH namespaces\/a$/, before: resetError }];
      await relabelNamespace(fake.client(), 'a', { 'istio-injection': 'enabled' }, { 'istio.io/rev': 'canary' }, { journal, run });
      assert.deepEqual(phases(journal), ['intent', 'unknown', 'failed(read back)', 'intent', 'applied']);
      assert.equal(journal.writes()[0].resourceVersion, journal.writes()[3].resourceVersion, 'the resend carries the same precondition');
      assert.equal(fake.read('namespaces', 'a')?.metadata.labels?.['istio.io/rev'], 'canary');
      assert.equal(fake.read('namespaces', 'a')?.metadata.labels?.team, 'x');
    });

    it('the server gets to the first request late (after our read-back): the resend is refused (409), reading again finds ours → applied', async () => {
      let late: (() => void) | undefined;
      const client = fake.client();
      const patch = client.patch.bind(client);
      let patches = 0;
      client.patch = (async (...args: Parameters<typeof patch>) => {
        if (++patches === 1) {
          // No answer; the server applies it only once our first read-back has looked.
          late = () => { void patch(...args); };
          throw timeoutError();
        }
        return patch(...args);
      }) as typeof client.patch;
      const get = client.get.bind(client);
      let reads = 0;
      client.get = (async (...args: Parameters<typeof get>) => {
        const r = await get(...args);
        if (++reads === 2) {
          late?.();
          late = undefined;
        }
        return r;
      }) as typeof client.get;
      // The resend carries the precondition of the first: the late landing changed the resourceVersion → 409.
      const r = await relabelNamespace(client, 'a', { 'istio-injection': 'enabled' }, { 'istio.io/rev': 'canary' }, { journal, run });
      assert.equal(r.changed, true);
      assert.deepEqual(phases(journal), ['intent', 'unknown', 'failed(read back)', 'intent', 'applied(read back)']);
      assert.equal(patches, 2, 'sent twice; the second was refused by its precondition');
      assert.deepEqual(resolveWrites(journal.writes()).map((x) => x.fate), ['failed', 'applied'], 'a rollback finds the relabel');
    });

    it('no answer to any try: the write stays unknown (not "failed"), and the error says it may still land', async () => {
      fake.faults = [{ match: /^PATCH namespaces\/a$/, before: timeoutError, times: 3 }];
      await assert.rejects(relabelNamespace(fake.client(), 'a', { 'istio-injection': 'enabled' }, { 'istio.io/rev': 'canary' }, { journal, run }),
        (e: unknown) => e instanceof UpgradeError && e.kind === 'unknown' && /no answer to 3 tries .*it may still be/.test(e.message));
      assert.deepEqual(phases(journal), ['intent', 'unknown', 'failed(read back)', 'intent', 'unknown', 'failed(read back)', 'intent', 'unknown']);
      assert.equal(resolveWrites(journal.writes()).at(-1)?.fate, 'maybe', 'rollback and resume read it again');
    });

    it('someone else changed the labels while our answer was lost: stop with what was found, never overwrite', async () => {
      fake.faults = [{ match: /^PATCH namespaces\/a$/, before: () => {
        fake.put('namespaces', { metadata: { name: 'a', labels: { 'istio.io/rev': 'prod' } } });
        return timeoutError();
      } }];
      await assert.rejects(relabelNamespace(fake.client(), 'a', { 'istio-injection': 'enabled' }, { 'istio.io/rev': 'canary' }, { journal, run }),
        (e: unknown) => e instanceof UpgradeError && e.kind === 'conflict' && /found istio-injection unset, istio.io\/rev=prod .*someone else changed it; not overwriting/.test(e.message));
      assert.deepEqual(phases(journal), ['intent', 'unknown', 'unknown(read back)']);
      assert.deepEqual(journal.writes()[2].found, { 'istio-injection': null, 'istio.io/rev': 'prod' });
      assert.equal(fake.read('namespaces', 'a')?.metadata.labels?.['istio.io/rev'], 'prod');
    });

    it('no answer and the read-back fails too: the unknown stands and the error says so', async () => {
      fake.faults = [{ match: /^PATCH namespaces\/a$/, after: timeoutError }];
      // The relabel's own GET works; the read-back GET (the second) loses its connection.
      const client = fake.client();
      const get = client.get.bind(client);
      let gets = 0;
      client.get = (async (...args: Parameters<typeof get>) => {
        if (++gets === 2) throw resetError();
        return get(...args);
      }) as typeof client.get;
      await assert.rejects(relabelNamespace(client, 'a', { 'istio-injection': 'enabled' }, { 'istio.io/rev': 'canary' }, { journal, run }),
        (e: unknown) => e instanceof UpgradeError && e.kind === 'unknown' && /may or may not have been applied .*reading it back failed too/.test(e.message));
      assert.deepEqual(phases(journal), ['intent', 'unknown']);
      assert.deepEqual(resolveWrites(journal.writes()).map((r) => r.fate), ['maybe']);
    });

    it('a refused write (422) is failed at once, without a read-back', async () => {
      fake.faults = [{ match: /^PATCH namespaces\/a$/, before: () => statusErr('invalid', 422) }];
      await assert.rejects(relabelNamespace(fake.client(), 'a', { 'istio-injection': 'enabled' }, { 'istio.io/rev': 'canary' }, { journal, run }), /invalid/);
      assert.deepEqual(phases(journal), ['intent', 'failed']);
      assert.equal(fake.calls.filter((c) => c.startsWith('GET')).length, 1);
    });

    it('a restart journals its exact timestamp; after a lost answer it is read back, not restarted twice', async () => {
      fake.faults = [{ match: /^PATCH deployments\/a\/web$/, after: timeoutError }];
      const now = () => new Date('2026-01-02T03:04:05.678Z');
      const r = await restartWorkload(fake.client(), { kind: 'Deployment', namespace: 'a', name: 'web' }, { journal, run, now });
      assert.equal(r.restartedAt, '2026-01-02T03:04:05.678Z');
      assert.equal(r.generation, 3);
      assert.deepEqual(journal.writes()[0].after, { [RESTARTED_AT]: '2026-01-02T03:04:05.678Z' });
      assert.deepEqual(phases(journal), ['intent', 'unknown', 'applied(read back)']);
      assert.equal(fake.calls.filter((c) => c.startsWith('PATCH')).length, 1);
    });

    it('a resumed restart sends the journaled timestamp again: the server sees no change, no second rollout', async () => {
      const ref = { kind: 'Deployment' as const, namespace: 'a', name: 'web' };
      await restartWorkload(fake.client(), ref, { journal, run, now: () => new Date('2026-01-02T03:04:05.678Z') });
      const rv = fake.read('deployments', 'web', 'a')?.metadata.resourceVersion;
      const again = await restartWorkload(fake.client(), ref, { journal, run, now: () => new Date('2027-01-01T00:00:00Z'), timestampFor: () => '2026-01-02T03:04:05.678Z' });
      assert.equal(again.restartedAt, '2026-01-02T03:04:05.678Z');
      assert.equal(fake.read('deployments', 'web', 'a')?.metadata.resourceVersion, rv, 'no new object version: no new rollout');
    });
  });

  describe('history and reconciliation after a killed process', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jh-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const w = (runId: string, name: string, phase: 'intent' | 'applied' | 'failed' | 'unknown', extra = {}) => ({
      runId, phase, context: 'fake', kind: 'namespaces' as const, name, field: 'metadata.labels',
      before: { 'istio-injection': 'enabled', 'istio.io/rev': null }, after: { 'istio-injection': null, 'istio.io/rev': 'canary' }, ...extra,
    });

    it('pairs outcomes with intents: answered, refused, unknown and killed-before-any-answer', () => {
      const j = new Journal(dir);
      const run = j.startRun({ command: 'migrate', context: 'fake', namespaces: ['a', 'b', 'c', 'd'] });
      const ia = j.recordWrite(w(run.runId, 'a', 'intent'));
      const ib = j.recordWrite(w(run.runId, 'b', 'intent'));
      j.recordWrite(w(run.runId, 'a', 'applied', { intentSeq: ia.seq }));
      j.recordWrite(w(run.runId, 'b', 'failed', { intentSeq: ib.seq }));
      const ic = j.recordWrite(w(run.runId, 'c', 'intent'));
      j.recordWrite(w(run.runId, 'c', 'unknown', { intentSeq: ic.seq }));
      j.recordWrite(w(run.runId, 'd', 'intent'));
      j.recordWrite(w(run.runId, 'e', 'applied'));
      const r = resolveWrites(j.writes(run.runId));
      assert.deepEqual(r.map((x) => `${x.write.name}:${x.fate}${x.noIntent ? ' (no intent)' : ''}`), ['a:applied', 'b:failed', 'c:maybe', 'd:maybe', 'e:applied (no intent)']);
    });

    it('reads back every write left without an outcome and appends what it found to that run', async () => {
      const fake = new FakeObjects();
      fake.put('namespaces', { metadata: { name: 'landed', labels: { 'istio.io/rev': 'canary' } } });
      fake.put('namespaces', { metadata: { name: 'never', labels: { 'istio-injection': 'enabled' } } });
      fake.put('namespaces', { metadata: { name: 'other', labels: { 'istio.io/rev': 'prod' } } });
      const j = new Journal(dir);
      const run = j.startRun({ command: 'migrate', context: 'fake', namespaces: ['landed', 'never', 'other'] });
      for (const n of ['landed', 'never', 'other']) j.recordWrite(w(run.runId, n, 'intent'));
      // The process died: its run shows as interrupted only once its owner is gone.
      await assert.rejects(reconcileRun(fake.client(), j, run.runId), /still running/);
      j.updateRun(run, { status: 'interrupted' });
      const out = await reconcileRun(fake.client(), j, run.runId);
      assert.deepEqual(out.map((o) => `${o.write.name}:${o.verdict.state}`), ['landed:applied', 'never:not-applied', 'other:changed']);
      assert.deepEqual(resolveWrites(j.writes(run.runId)).map((x) => `${x.write.name}:${x.fate}`), ['landed:applied', 'never:failed', 'other:maybe']);
      assert.ok(j.writes(run.runId).slice(3).every((x) => x.readBack === true));
      assert.deepEqual(await reconcileRun(fake.client(), j, run.runId).then((o) => o.map((x) => x.write.name)), ['other'], 'settled writes are not read again');
    });
  });
});
