/**
 * Issue 12 E (journal): lines of valid JSON but the wrong shape are skipped with a warning by `journal`,
 * `journal -o json` and `rollback`; a hand-edited line naming a namespace its run never touched is shown, flagged,
 * by `rollback --dry-run`, and left alone by `rollback` unless --force.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import { Journal } from '../../src/upgrade/journal';
import { startSimHarness, type SimHarness } from './simHarness';

describe('hand-edited and malformed journal lines', function () {
  this.timeout(60_000);
  let h: SimHarness;
  let dir: string;
  let lines: string[];
  const io = { out: (t: string) => { lines.push(t); }, err: (t: string) => { lines.push(t); } };
  const cli = (args: string[]) => { lines = []; return main([...args, '--journal', dir], io); };
  const labels = async (ns: string) => (await h.client.get('namespaces', ns)).metadata.labels ?? {};

  before(async () => {
    h = await startSimHarness('tags-prod-canary');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'edited-'));
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await h.stop();
  });

  it('flags a namespace its run never touched, skips it unless --force, and never crashes on lines of the wrong shape', async () => {
    const k = ['--kubeconfig', h.kubeconfigPath, '--context', h.contextName];
    assert.equal(await cli(['migrate', ...k, '--namespace', 'a', '--to', 'canary', '--relabel-only']), 0, lines.join('\n'));
    const run = new Journal(dir).runs()[0];
    // Someone edits the journal: b "relabelled" by that run (no intent, not among its namespaces), plus junk of the right syntax.
    const forged = {
      runId: run.runId, seq: 99, time: new Date().toISOString(), phase: 'applied', context: h.contextName, kind: 'namespaces', name: 'b',
      field: 'metadata.labels', before: { 'istio-injection': 'enabled', 'istio.io/rev': null }, after: { 'istio-injection': null, 'istio.io/rev': 'canary' },
    };
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), [
      JSON.stringify({ type: 'write', write: forged }),
      JSON.stringify({ type: 'run', run: { runId: 'x', command: 'migrate', namespaces: 'a,b' } }),
      JSON.stringify({ type: 'write', write: { ...forged, phase: 'done' } }),
      '[1,2,3]',
    ].join('\n') + '\n');

    assert.equal(await cli(['journal']), 0);
    assert.equal(lines.filter((l) => l.startsWith('warning: ')).length, 3, lines.join('\n'));
    assert.ok(lines.some((l) => l.startsWith(`${run.runId}  completed`)));
    assert.equal(await cli(['journal', '-o', 'json']), 0);
    const json = JSON.parse(lines.find((l) => l.startsWith('{')) ?? '{}') as { runs: unknown[]; warnings: string[] };
    assert.equal(json.runs.length, 1);
    assert.equal(json.warnings.length, 3);
    assert.match(json.warnings[1], /unknown phase "done"/);

    const b = await labels('b');
    assert.equal(await cli(['rollback', ...k, '--run', run.runId, '--dry-run']), 0, lines.join('\n'));
    assert.ok(lines.some((l) => /^ {2}a: istio\.io\/rev=canary → istio\.io\/rev=prod {2}\(run /.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^ {2}\[skipped\] b: .*⚠ not among run .*'s namespaces \(a\); ⚠ the journal has an outcome line without its intent/.test(l)), lines.join('\n'));
    assert.equal(lines.filter((l) => l.startsWith('warning: journal line')).length, 3);

    assert.equal(await cli(['rollback', ...k, '--run', run.runId, '-o', 'json']), 0, lines.join('\n'));
    const out = JSON.parse(lines.find((l) => l.startsWith('{')) ?? '{}') as { status: string; namespaces: { namespace: string }[]; skipped: { namespace: string; problems: string[] }[] };
    assert.equal(out.status, 'completed');
    assert.deepEqual(out.namespaces.map((n) => n.namespace), ['a']);
    assert.deepEqual(out.skipped.map((s) => s.namespace), ['b']);
    assert.equal((await labels('a'))['istio.io/rev'], 'prod');
    assert.deepEqual(await labels('b'), b, 'the namespace the run never touched is left alone');

    // With --force the flagged namespace is included — and still protected: its labels are not what the line claims.
    assert.equal(await cli(['rollback', ...k, '--run', run.runId, '--force']), 3, lines.join('\n'));
    assert.ok(lines.some((l) => /b: failed .*changed since the plan/.test(l)), lines.join('\n'));
    assert.deepEqual(await labels('b'), b);
  });
});
