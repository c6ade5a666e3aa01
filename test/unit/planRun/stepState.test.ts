import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePlan } from '../../../src/plan/planParse';
import { planFileOf } from '../../../src/planRun/planFile';
import { inStepRun } from '../../../src/planRun/planRunner';
import { stateText, stepState } from '../../../src/planRun/stepState';
import { Journal } from '../../../src/upgrade/journal';
import { parseLine } from '../../../src/upgrade/journalShape';
import { inRunScope } from '../../../src/upgrade/runScope';
import { currentPlanStep } from '../../../src/upgrade/runPlanContext';
import { stepRef } from '../../../src/planRun/planFile';
import { planReport } from '../../../src/views/planReport';
import { FakeObjects } from '../upgrade/fakeObjects';

const TEXT = 'apiVersion: istio-canary/v1\nkind: UpgradePlan\nmetadata:\n  name: "<b>evil</b>"\nspec:\n  context: c\n  from: 1-7-6\n  to: 1-8-0\n  steps:\n    - precheck:\n    - wave: {namespaces: ["a|b"], to: prod}\n';

describe('plan steps in the journal: runs, states, report', () => {
  let dir: string;
  let journal: Journal;
  const client = new FakeObjects().client();
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'steps-'));
    journal = new Journal(dir);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = () => planFileOf(path.join(dir, 'p.istio-upgrade.yaml'), TEXT);

  it('a step run is a plan-step run; every run started inside it carries the step and the step run', async () => {
    const f = file();
    const ref = stepRef(f, f.plan.steps[1], 'run');
    let engine = '';
    const r = await inStepRun({ client, journal }, ref, ['a|b'], {}, async () => {
      assert.equal(currentPlanStep()?.stepRun !== undefined, true);
      engine = await inRunScope({ client, journal }, { command: 'migrate', target: 'prod', namespaces: ['a|b'], locks: false }, async (rc) => rc.run?.runId ?? '', () => ({ status: 'completed' }));
      return { status: 'completed', summary: '1 namespace verified on 1-8-0', runIds: [engine], verifications: [{ namespace: 'a|b', verdict: 'pass', gate: 'verify', pods: 2, onTarget: 2, at: '2026-01-01T00:00:00.000Z' }], details: [] };
    });
    assert.equal(r.status, 'completed');
    const step = journal.run(r.stepRunId ?? '');
    assert.equal(step?.command, 'plan-step');
    assert.deepEqual([step?.status, step?.plan?.step, step?.plan?.kind, step?.plan?.summary], ['completed', 2, 'wave', '1 namespace verified on 1-8-0']);
    assert.equal(step?.plan?.verifications?.length, 1);
    const e = journal.run(engine);
    assert.deepEqual([e?.plan?.step, e?.plan?.stepRun, e?.plan?.path], [2, r.stepRunId, f.path]);
    assert.equal(currentPlanStep(), undefined, 'nothing leaks out of the step');

    const states = f.plan.steps.map((s) => stepState(journal.runs(), f, s));
    assert.deepEqual(states.map((s) => s.kind), ['not started', 'done']);
    assert.match(stateText(states[1]), /^✔ done \d\d:\d\d · 1 namespace verified on 1-8-0$/);
  });

  it('an edited step starts over; a failed step says why; a thrown error fails the step run and is rethrown', async () => {
    const f = file();
    await inStepRun({ client, journal }, stepRef(f, f.plan.steps[0], 'run'), [], {}, async () => ({ status: 'failed', summary: 'refused', error: 'precheck: boom', runIds: [], verifications: [], details: [] }));
    assert.match(stateText(stepState(journal.runs(), f, f.plan.steps[0])), /^✖ failed .*: precheck: boom$/);
    await assert.rejects(inStepRun({ client, journal }, stepRef(f, f.plan.steps[1], 'run'), [], {}, async () => { throw new Error('unreachable'); }), /unreachable/);
    assert.equal(stepState(journal.runs(), f, f.plan.steps[1]).kind, 'failed');
    const edited = planFileOf(f.path, TEXT.replace('to: prod', 'to: 1-8-0'));
    assert.equal(stepState(journal.runs(), edited, edited.plan.steps[1]).kind, 'not started', 'what the step says changed');
    const moved = planFileOf(f.path, TEXT.replace('    - precheck:\n', ''));
    assert.equal(stepState(journal.runs(), moved, moved.plan.steps[0]).kind, 'failed', 'the same step at another place keeps its state');
  });

  it('a dry run writes no journal line', async () => {
    const f = file();
    const r = await inStepRun({ client, journal }, stepRef(f, f.plan.steps[0], 'run'), [], { dryRun: true }, async () => ({ status: 'dry run', summary: 'would', runIds: [], verifications: [], details: [] }));
    assert.equal(r.stepRunId, undefined);
    assert.equal(journal.runs().length, 0);
  });

  it('the journal shape check reads plan steps and skips a broken one', () => {
    const run = { runId: 'r1', command: 'plan-step', context: 'c', namespaces: [], started: '2026-01-01T00:00:00Z', status: 'running' };
    assert.ok(parseLine(JSON.stringify({ type: 'run', run: { ...run, plan: { path: '/p', hash: 'h', step: 1, stepHash: 's', kind: 'wave', action: 'run' } } }), 1).ok);
    const bad = parseLine(JSON.stringify({ type: 'run', run: { ...run, plan: { path: '/p', step: 'one' } } }), 2);
    assert.ok(!bad.ok && /plan is not a plan step reference/.test(bad.problem));
  });

  it('the report lists every step, its runs and verifications, with cluster strings escaped', async () => {
    const f = file();
    await inStepRun({ client, journal }, stepRef(f, f.plan.steps[1], 'run'), [], {}, async () => ({
      status: 'completed', summary: 'a|b verified', runIds: [], details: [],
      verifications: [{ namespace: 'a|b', verdict: 'fail', gate: 'verify', pods: 2, onTarget: 1, reason: '<img src=x>', at: '2026-01-01T00:00:00.000Z' }],
    }));
    const md = planReport({ path: f.path, hash: 'h', plan: parsePlan(TEXT).plan ?? f.plan, runs: journal.runs(), writes: (id) => journal.writes(id) });
    assert.match(md, /^# Upgrade plan report: \\<b\\>evil\\<\/b\\>$/m);
    assert.match(md, /\| 1 \| precheck \| ○ not started \|/);
    assert.match(md, /\| 2 \| wave a\\\|b → prod \| ✔ done/);
    assert.match(md, /\| verify \| a\\\|b \| ✖ fail \| — \| — \| 1\/2 \| \\<img src=x\\> \|/);
    assert.ok(!/(^|[^\\])<img/.test(md), 'no raw HTML from the cluster');
  });
});
