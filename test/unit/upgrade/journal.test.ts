import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Journal } from '../../../src/upgrade/journal';
import { withFileLock } from '../../../src/upgrade/fileLock';
import { currentOwner, liveness } from '../../../src/upgrade/processOwner';

const CHILD = path.join(__dirname, 'journalChild.ts');

function child(args: string[]): { done: Promise<number>; stdout: () => string; kill: () => void; endStdin: () => void } {
  const p = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  return {
    done: new Promise((resolve) => p.once('exit', (code) => resolve(code ?? -1))),
    stdout: () => out,
    kill: () => p.kill('SIGKILL'),
    endStdin: () => p.stdin.end(),
  };
}

async function until(ok: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const write = (runId: string, phase: 'intent' | 'applied', name = 'a') => ({
  runId, phase, context: 'c', kind: 'namespaces' as const, name, field: 'metadata.labels', before: { 'istio.io/rev': 'prod' }, after: { 'istio.io/rev': 'canary' },
});

describe('journal', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records runs and writes, survives a new instance (a reload), and reads runs newest first', () => {
    const j = new Journal(dir);
    const run = j.startRun({ command: 'migrate', context: 'c', target: 'canary', namespaces: ['a'] });
    j.recordWrite(write(run.runId, 'intent'));
    j.recordWrite(write(run.runId, 'applied'));
    j.updateRun(run, { status: 'completed' });
    const again = new Journal(dir);
    const runs = again.runs();
    assert.equal(runs.length, 1);
    assert.equal(runs[0].status, 'completed');
    assert.ok(runs[0].ended);
    assert.deepEqual(again.writes(run.runId).map((w) => [w.phase, w.seq]), [['intent', 1], ['applied', 2]]);
  });

  it('records the owner process of a run; its own live run reads as running, not interrupted', () => {
    const run = new Journal(dir).startRun({ command: 'migrate', context: 'c', target: 'x', namespaces: ['a', 'b'] });
    assert.equal(run.owner?.pid, process.pid);
    assert.equal(run.owner?.host, os.hostname());
    assert.equal(new Journal(dir).run(run.runId)?.status, 'running');
  });

  it('a run whose owner is gone (or unrecorded, from an older version) reads as interrupted', () => {
    const j = new Journal(dir);
    const gone = j.startRun({ command: 'migrate', context: 'c', namespaces: ['a'] });
    // A pid that was never ours, on this host, that does not exist.
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), `${JSON.stringify({ type: 'run', run: { ...gone, runId: 'dead', owner: { ...currentOwner(), pid: 2 ** 22 + 7, startTicks: 1 } } })}\n`);
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), `${JSON.stringify({ type: 'run', run: { ...gone, runId: 'old', owner: undefined } })}\n`);
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), `${JSON.stringify({ type: 'run', run: { ...gone, runId: 'elsewhere', owner: { ...currentOwner(), host: 'another-host' } } })}\n`);
    const status = new Map(j.runs().map((r) => [r.runId, r.status]));
    assert.equal(status.get('dead'), 'interrupted');
    assert.equal(status.get('old'), 'interrupted');
    assert.equal(status.get('elsewhere'), 'running', 'a run on another host cannot be judged: it is not called interrupted');
    assert.equal(status.get(gone.runId), 'running');
  });

  it('another live process\'s run is running; once that process is killed it is interrupted', async function () {
    this.timeout(30_000);
    const holder = child(['hold', dir]);
    await until(() => holder.stdout().includes('\n'), 'the child to start its run');
    const runId = holder.stdout().trim();
    const run = new Journal(dir).run(runId);
    assert.equal(run?.status, 'running');
    assert.notEqual(run?.owner?.pid, process.pid);
    assert.equal(liveness(run?.owner ?? currentOwner()), 'alive');
    holder.kill();
    await holder.done;
    assert.equal(new Journal(dir).run(runId)?.status, 'interrupted');
  });

  it('two processes appending at once: every seq unique and increasing, every run id unique, no line lost or torn', async function () {
    this.timeout(60_000);
    const n = 150;
    const go = path.join(os.tmpdir(), `journal-go-${process.pid}-${Date.now()}`);
    const [a, b] = [child(['append', dir, String(n), 'a', go]), child(['append', dir, String(n), 'b', go])];
    await until(() => a.stdout() === 'ready\n' && b.stdout() === 'ready\n', 'both children to be ready');
    fs.writeFileSync(go, '');
    // And this process too, meanwhile.
    const j = new Journal(dir);
    const mine = j.startRun({ command: 'restart', context: 'c', namespaces: ['me'] });
    for (let i = 0; i < 50; i++) j.recordWrite(write(mine.runId, 'intent', `m${i}`));
    assert.deepEqual(await Promise.all([a.done, b.done]), [0, 0]);
    fs.rmSync(go, { force: true });
    const fresh = new Journal(dir);
    assert.deepEqual(fresh.warnings(), []);
    const writes = fresh.writes();
    assert.equal(writes.length, 2 * n + 50);
    const seqs = writes.map((w) => w.seq);
    assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), 'seq increases in file order');
    assert.equal(new Set(seqs).size, seqs.length, 'no seq twice');
    assert.deepEqual([Math.min(...seqs), Math.max(...seqs)], [1, writes.length]);
    const runs = fresh.runs();
    assert.equal(runs.length, 3);
    assert.equal(new Set(runs.map((r) => r.runId)).size, 3);
    assert.deepEqual(runs.filter((r) => r.runId !== mine.runId).map((r) => r.status), ['completed', 'completed']);
    const span = (ns: string) => {
      const s = writes.filter((w) => w.namespace === ns).map((w) => w.seq);
      return [Math.min(...s), Math.max(...s)];
    };
    const [sa, sb] = [span('a'), span('b')];
    assert.ok(sa[0] < sb[1] && sb[0] < sa[1], `the two children appended at the same time (a ${sa.join('–')}, b ${sb.join('–')})`);
    assert.equal(fs.existsSync(path.join(dir, 'journal.lock')), false, 'the lock file is gone after the appends');
  });

  it('creates the folder 0700 and the file 0600, and tightens an older world-readable file', () => {
    const nested = path.join(dir, 'state', 'journal');
    new Journal(nested).startRun({ command: 'migrate', context: 'c', namespaces: ['a'] });
    assert.equal(fs.statSync(nested).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(nested, 'journal.jsonl')).mode & 0o777, 0o600);
    fs.chmodSync(path.join(nested, 'journal.jsonl'), 0o644);
    new Journal(nested).startRun({ command: 'migrate', context: 'c', namespaces: ['b'] });
    assert.equal(fs.statSync(path.join(nested, 'journal.jsonl')).mode & 0o777, 0o600);
  });

  it('tolerates a torn last line from a killed process, and the next append does not glue onto it', () => {
    const j = new Journal(dir);
    const run = j.startRun({ command: 'migrate', context: 'c', namespaces: ['a'] });
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), '{"type":"write","write":{"runId":"');
    assert.equal(new Journal(dir).runs()[0].runId, run.runId);
    assert.deepEqual(new Journal(dir).warnings(), [], 'a torn last line is expected after a kill');
    j.recordWrite(write(run.runId, 'intent'));
    const again = new Journal(dir);
    assert.deepEqual(again.writes().map((w) => w.phase), ['intent'], 'the write after the torn line is intact');
    assert.deepEqual(again.warnings(), ['line 2: not JSON (a write torn by a killed process?); skipped']);
  });

  it('skips lines of valid JSON but the wrong shape, with a warning each, instead of crashing', () => {
    const j = new Journal(dir);
    const run = j.startRun({ command: 'migrate', context: 'c', namespaces: ['a'] });
    j.recordWrite(write(run.runId, 'applied'));
    const bad = [
      '42', '"text"', 'null', '[]', '{}',
      '{"type":"run"}',
      '{"type":"run","run":{"runId":"x","command":"migrate","context":"c","started":"2024-01-01T00:00:00Z","status":"running","namespaces":"a"}}',
      '{"type":"run","run":{"runId":"y","command":"rm -rf","context":"c","started":"2024-01-01T00:00:00Z","status":"running","namespaces":[]}}',
      '{"type":"write","write":{"runId":"z","seq":"1","phase":"applied"}}',
      `{"type":"write","write":${JSON.stringify({ ...write(run.runId, 'applied', 'b'), seq: 9, time: 't', phase: 'done' })}}`,
      `{"type":"write","write":${JSON.stringify({ ...write(run.runId, 'applied', 'b'), seq: 9, time: 't', before: { 'istio.io/rev': 5 } })}}`,
    ];
    fs.appendFileSync(path.join(dir, 'journal.jsonl'), `${bad.join('\n')}\n`);
    const fresh = new Journal(dir);
    assert.deepEqual(fresh.runs().map((r) => r.runId), [run.runId]);
    assert.deepEqual(fresh.writes().map((w) => w.name), ['a']);
    const warnings = fresh.warnings();
    assert.equal(warnings.length, bad.length);
    assert.match(warnings[6], /^line 9: run x: namespaces is not a list of names; skipped$/);
    assert.match(warnings[7], /^line 10: run y: unknown command "rm -rf"; skipped$/);
    assert.match(warnings[9], /unknown phase "done"/);
    assert.match(warnings[10], /before\/after are not maps of text/);
    // Appending still works, and seq continues after the highest valid one.
    assert.equal(fresh.recordWrite(write(run.runId, 'intent', 'c')).seq, 2);
  });
});

describe('file lock', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is exclusive: a second taker waits until the timeout and names the holder', () => {
    const lock = path.join(dir, 'x.lock');
    withFileLock(lock, () => {
      assert.throws(() => withFileLock(lock, () => 'never', { timeoutMs: 50 }), new RegExp(`held by pid ${process.pid} on ${os.hostname()}`));
      assert.ok(fs.existsSync(lock));
    });
    assert.equal(fs.existsSync(lock), false);
    assert.equal(withFileLock(lock, () => 'again'), 'again');
  });

  it('breaks a stale lock whose owner process is gone, and one torn empty by a kill once it is old', () => {
    const lock = path.join(dir, 'x.lock');
    fs.writeFileSync(lock, JSON.stringify({ ...currentOwner(), pid: 2 ** 22 + 11 }));
    assert.equal(withFileLock(lock, () => 'taken', { timeoutMs: 200 }), 'taken');
    fs.writeFileSync(lock, '');
    const old = new Date(Date.now() - 10_000);
    fs.utimesSync(lock, old, old);
    assert.equal(withFileLock(lock, () => 'taken again', { timeoutMs: 200 }), 'taken again');
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('releases the lock when the guarded work throws', () => {
    const lock = path.join(dir, 'x.lock');
    assert.throws(() => withFileLock(lock, () => { throw new Error('boom'); }), /boom/);
    assert.equal(fs.existsSync(lock), false);
  });
});
