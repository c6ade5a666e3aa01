import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Journal } from '../../../src/upgrade/journal';

describe('journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records runs and writes, survives a new instance (a reload), and reads runs newest first', () => {
    const j = new Journal(dir);
    const run = j.startRun({ command: 'migrate', context: 'c', target: 'canary', namespaces: ['a'] });
    j.recordWrite({ runId: run.runId, phase: 'intent', context: 'c', kind: 'namespaces', name: 'a', field: 'metadata.labels', before: { 'istio.io/rev': 'prod' }, after: { 'istio.io/rev': 'canary' } });
    j.recordWrite({ runId: run.runId, phase: 'applied', context: 'c', kind: 'namespaces', name: 'a', field: 'metadata.labels', before: { 'istio.io/rev': 'prod' }, after: { 'istio.io/rev': 'canary' } });
    j.updateRun(run, { status: 'completed' });
    const again = new Journal(dir);
    const runs = again.runs();
    assert.equal(runs.length, 1);
    assert.equal(runs[0].status, 'completed');
    assert.ok(runs[0].ended);
    assert.deepEqual(again.writes(run.runId).map((w) => w.phase), ['intent', 'applied']);
  });

  it('a run left "running" by a dead process reads as interrupted, unless this process owns it', () => {
    const j = new Journal(dir);
    const run = j.startRun({ command: 'migrate', context: 'c', target: 'x', namespaces: ['a', 'b'] });
    assert.equal(new Journal(dir).run(run.runId)?.status, 'interrupted');
    assert.equal(new Journal(dir).run(run.runId, new Set([run.runId]))?.status, 'running');
  });

  it('tolerates a torn last line from a killed process', () => {
    const j = new Journal(dir);
    const run = j.startRun({ command: 'migrate', context: 'c', namespaces: ['a'] });
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), '{"type":"write","write":{"runId":"');
    assert.equal(new Journal(dir).runs()[0].runId, run.runId);
  });
});
