import { strict as assert } from 'node:assert';
import { auditJournal, type Values } from '../../../src/upgrade/journalAudit';
import type { JournalWrite, RunRecord } from '../../../src/upgrade/journalTypes';

let seq = 0;
function w(runId: string, phase: JournalWrite['phase'], name: string, before: Values, after: Values, extra: Partial<JournalWrite> = {}): JournalWrite {
  seq++;
  return { runId, seq, time: '2026-12-07T00:00:00Z', phase, context: 'c', kind: 'namespaces', name, field: 'metadata.labels', before, after, ...extra };
}
const PROD = { 'istio-injection': null, 'istio.io/rev': 'prod' };
const CANARY = { 'istio-injection': null, 'istio.io/rev': 'canary' };
const run = (runId: string, command: RunRecord['command'] = 'migrate'): RunRecord => ({ runId, command, context: 'c', namespaces: [], started: '', status: 'completed' });

async function audit(writes: JournalWrite[], now: Record<string, Values | undefined>) {
  return auditJournal(writes, [run('r1'), run('r2', 'rollback')], async (x, keys) => {
    const v = now[x.name];
    return v && Object.fromEntries(keys.map((k) => [k, v[k] ?? null]));
  });
}

describe('journal audit: does the cluster look the way the journal says?', () => {
  it('applied → after; failed (or read back as not applied) → before; no answer → either', async () => {
    const i1 = w('r1', 'intent', 'a', PROD, CANARY);
    const i2 = w('r1', 'intent', 'b', PROD, CANARY);
    const i3 = w('r1', 'intent', 'c', PROD, CANARY);
    const i4 = w('r1', 'intent', 'd', PROD, CANARY);
    const writes = [
      i1, w('r1', 'applied', 'a', PROD, CANARY, { intentSeq: i1.seq }),
      i2, w('r1', 'unknown', 'b', PROD, CANARY, { intentSeq: i2.seq }), w('r1', 'failed', 'b', PROD, CANARY, { intentSeq: i2.seq, readBack: true }),
      i3, // killed mid-write: no outcome
      i4, w('r1', 'unknown', 'd', PROD, CANARY, { intentSeq: i4.seq }),
    ];
    const a = await audit(writes, { a: CANARY, b: PROD, c: CANARY, d: PROD });
    assert.deepEqual(a.objects.map((o) => `${o.name} ${o.fate} ${o.matches}`), ['a applied after', 'b failed before', 'c maybe after', 'd maybe before']);
    assert.equal(a.unexplained, 0);
  });

  it('flags what neither side of the last write explains: changed by someone else, or gone', async () => {
    const i1 = w('r1', 'intent', 'a', PROD, CANARY);
    const i2 = w('r1', 'intent', 'b', PROD, CANARY);
    const writes = [i1, w('r1', 'applied', 'a', PROD, CANARY, { intentSeq: i1.seq }), i2, w('r1', 'failed', 'b', PROD, CANARY, { intentSeq: i2.seq })];
    const a = await audit(writes, { a: { 'istio-injection': 'enabled', 'istio.io/rev': null }, b: CANARY });
    assert.deepEqual(a.objects.map((o) => `${o.name} ${o.matches}`), ['a unexplained', 'b unexplained'], 'a failed write whose value is there anyway is not ours to explain');
    assert.equal(a.unexplained, 2);
    const gone = await audit(writes.slice(0, 2), {});
    assert.equal(gone.objects[0].matches, 'unexplained');
  });

  it('the last write decides: a rollback after a migration expects the labels before both', async () => {
    const i1 = w('r1', 'intent', 'a', PROD, CANARY);
    const i2 = w('r2', 'intent', 'a', CANARY, PROD);
    const writes = [i1, w('r1', 'applied', 'a', PROD, CANARY, { intentSeq: i1.seq }), i2, w('r2', 'applied', 'a', CANARY, PROD, { intentSeq: i2.seq })];
    const a = await audit(writes, { a: PROD });
    assert.deepEqual(a.objects.map((o) => `${o.name} ${o.runId} ${o.command} ${o.matches}`), ['a r2 rollback after']);
  });

  it('reads restart annotations of workloads, and ignores what it cannot read back (tag webhooks)', async () => {
    const i = w('r1', 'intent', 'orders', { 'kubectl.kubernetes.io/restartedAt': null }, { 'kubectl.kubernetes.io/restartedAt': 'T1' }, { kind: 'deployments', namespace: 'b', field: 'spec.template.metadata.annotations' });
    const tag = w('r1', 'intent', 'istio-revision-tag-prod', {}, {}, { kind: 'mutatingwebhookconfigurations', field: 'object' });
    const writes = [i, w('r1', 'applied', 'orders', i.before, i.after, { kind: 'deployments', namespace: 'b', field: i.field, intentSeq: i.seq }), tag];
    const a = await audit(writes, { orders: { 'kubectl.kubernetes.io/restartedAt': 'T1' } });
    assert.deepEqual(a.objects.map((o) => `${o.kind}/${o.name} ${o.matches}`), ['deployments/orders after']);
  });
});
