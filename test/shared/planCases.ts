/**
 * Upgrade plans from the CLI, on the simulator and on the real kube-apiserver: `plan create` → `plan check` →
 * `apply` of the tags-prod-canary plan (precheck, tag move prod → 1-8-0, two waves, removal of 1-7-6); and the same
 * plan killed (SIGKILL) mid-wave and resumed with `apply --from-step`, the journal explaining every object after.
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../src/cli';
import type { JournalWrite, RunRecord } from '../../src/upgrade/journal';
import { Journal } from '../../src/upgrade/journal';
import { RESTARTED_AT } from '../../src/upgrade/restartWorkload';
import { startFaultProxy, type FaultProxy } from '../rig/faultProxy';
import type { Harness, StartHarness } from './harness';
import { killCliAt } from './killCli';
import { assertJournalExplains, newTally, printTally } from './journalTally';

interface StepJson { step: number; kind: string; status: string; summary?: string; error?: string; runIds?: string[]; verifications?: { namespace: string; verdict: string; gate: string }[] }
interface ApplyJson { status: string; steps: StepJson[] }

export function definePlanCases(start: StartHarness, where: string): void {
  describe(`upgrade plans from the CLI ${where}: create → check → apply, and a plan killed mid-wave resumed with --from-step`, function () {
    this.timeout(180_000);
    let h: Harness;
    let dir: string;
    let planPath: string;
    let lines: string[];
    const io = { out: (t: string) => { lines.push(t); }, err: (t: string) => { lines.push(t); } };
    const cli = async (args: string[]): Promise<number> => {
      lines = [];
      return main([...args, '--kubeconfig', h.kubeconfigPath, '--context', h.contextName, '--journal', dir], io);
    };
    const json = <T>(): T => JSON.parse(lines.filter((l) => l.startsWith('{') || l.startsWith(' ') || l.startsWith('}')).join('\n')) as T;
    const journal = (): Journal => new Journal(dir);
    const revisionOf = async (): Promise<Record<string, string>> => {
      const s = await h.snapshot();
      return Object.fromEntries(['a', 'b'].map((n) => [n, [...new Set(s.namespaces.find((x) => x.name === n)?.workloads.flatMap((w) => w.pods.map((p) => `${p.revision}/${p.proxyVersion}`)))].join(',')]));
    };
    const tally = newTally();

    beforeEach(async () => {
      h = await start('tags-prod-canary', 50);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plans-'));
      planPath = path.join(dir, 'upgrade.istio-upgrade.yaml');
    });
    afterEach(async function () {
      if (this.currentTest?.state === 'passed') await assertJournalExplains(tally, h.client, journal(), h.contextName);
      fs.rmSync(dir, { recursive: true, force: true });
      await h.stop();
    });
    after(() => printTally(tally, `upgrade plans ${where}`));

    async function createPlan(): Promise<string> {
      assert.equal(await cli(['plan', 'create', '--from', '1-7-6', '--to', '1-8-0', '--soak', '1s']), 0, lines.join('\n'));
      const text = `${lines.join('\n')}\n`;
      fs.writeFileSync(planPath, text);
      return text;
    }

    it('plan create writes precheck, the tag move, two waves (b, the smaller, first) and the removal; plan check finds no error; apply runs them all; a second apply skips them', async () => {
      const text = await createPlan();
      const steps = [...text.matchAll(/^ {4}- (\w+):/gm)].map((m) => m[1]);
      assert.deepEqual(steps, ['precheck', 'tag', 'wave', 'wave', 'removeRevision']);
      assert.match(text, /namespaces: \[b\][\s\S]*namespaces: \[a\]/, 'the canary wave is the smaller namespace');
      assert.match(text, /action: move\n\s+tag: prod\n\s+revision: 1-8-0/);

      assert.equal(await cli(['plan', 'check', planPath]), 0, lines.join('\n'));
      assert.ok(!lines.some((l) => / error: /.test(l)), lines.join('\n'));

      assert.equal(await cli(['apply', planPath, '-o', 'json']), 0, lines.join('\n'));
      const out = json<ApplyJson>();
      assert.equal(out.status, 'completed');
      assert.deepEqual(out.steps.map((s) => `${s.step} ${s.kind} ${s.status}`), ['1 precheck completed', '2 tag completed', '3 wave completed', '4 wave completed', '5 removeRevision completed']);
      assert.deepEqual(out.steps[2].verifications?.map((v) => `${v.gate} ${v.namespace} ${v.verdict}`), ['migrate b pass', 'verify b pass']);
      assert.deepEqual(out.steps[3].verifications?.map((v) => `${v.gate} ${v.namespace} ${v.verdict}`), ['migrate a pass', 'verify a pass']);
      assert.deepEqual(await revisionOf(), { a: '1-8-0/1.8.0', b: '1-8-0/1.8.0' });
      const s = await h.snapshot();
      assert.deepEqual(s.revisions.map((r) => r.name), ['1-8-0']);
      assert.equal(s.tags.find((t) => t.name === 'prod')?.revision, '1-8-0');

      const runs = journal().runs();
      const stepRuns = runs.filter((r) => r.command === 'plan-step');
      assert.equal(stepRuns.length, 5);
      assert.ok(stepRuns.every((r) => r.status === 'completed' && r.plan?.path === planPath && r.plan.summary), JSON.stringify(stepRuns));
      const engine = runs.filter((r) => r.command !== 'plan-step');
      assert.deepEqual(engine.map((r) => `${r.command} ${r.plan?.step}`).sort(), ['migrate 3', 'migrate 4', 'remove-revision 5', 'tag 2']);
      for (const e of engine) assert.ok(stepRuns.some((r) => r.runId === e.plan?.stepRun), `${e.runId} belongs to a step run`);

      assert.equal(await cli(['apply', planPath]), 0, lines.join('\n'));
      assert.equal(lines.filter((l) => /\(skipped\)$/.test(l)).length, 5, lines.join('\n'));
      assert.equal(journal().runs().length, runs.length, 'nothing ran again');

      assert.equal(await cli(['plan', 'report', planPath]), 0);
      const report = lines.join('\n');
      assert.match(report, /\| 2 \| tag move prod → 1-8-0 \| ✔ done/);
      assert.match(report, /mutatingwebhookconfigurations\/istio-revision-tag-prod/);
      assert.match(report, /deployments\/a\/frontend \| spec\.template\.metadata\.annotations/);
      assert.match(report, /\| verify \| a \| ✔ pass \| 1-8-0 \| 1\.8\.0 \| 3\/3 \|/);
    });

    it('plan check points at a namespace that does not exist (line and column), and apply refuses the plan (exit 1) without a write', async () => {
      const text = (await createPlan()).replace('namespaces: [a]', 'namespaces: [aa]');
      fs.writeFileSync(planPath, text);
      assert.equal(await cli(['plan', 'check', planPath]), 1);
      const line = text.split('\n').findIndex((l) => l.includes('[aa]')) + 1;
      assert.ok(lines.includes(`${planPath}:${line}:22: error: namespace aa does not exist in ${h.contextName} [unknown-namespace]`), lines.join('\n'));
      assert.equal(await cli(['apply', planPath]), 1);
      assert.equal(journal().runs().length, 0, 'no run started');
      assert.equal((await h.snapshot()).tags.find((t) => t.name === 'prod')?.revision, '1-7-6');
    });

    describe('killed (SIGKILL) while wave 2 restarts a/frontend', () => {
      let proxy: FaultProxy;
      beforeEach(async () => {
        proxy = await startFaultProxy({ kubeconfigPath: h.kubeconfigPath, context: h.contextName });
      });
      afterEach(() => proxy.stop());

      for (const then of ['fail', 'apply'] as const) {
        it(`the held restart ${then === 'fail' ? 'never lands' : 'lands'}: apply --from-step 4 reads it back, resumes the wave's run with the journaled timestamp, then removes 1-7-6`, async () => {
          await createPlan();
          const died = await killCliAt(proxy, ['apply', planPath], 'PATCH', '/apis/apps/v1/namespaces/a/deployments/frontend', then, { ISTIO_CANARY_JOURNAL: dir });
          const j = journal();
          const runs = j.runs();
          const step4 = runs.find((r) => r.command === 'plan-step' && r.plan?.step === 4);
          assert.equal(step4?.status, 'interrupted', died);
          assert.deepEqual(runs.filter((r) => r.command === 'plan-step' && r.plan && r.plan.step < 4).map((r) => r.status), ['completed', 'completed', 'completed']);
          const killed = runs.find((r) => r.command === 'migrate' && r.plan?.stepRun === step4?.runId) as RunRecord;
          assert.equal(killed.status, 'interrupted');
          const intent = j.writes(killed.runId).find((w: JournalWrite) => w.name === 'frontend' && w.phase === 'intent');
          const stamp = intent?.after[RESTARTED_AT];
          assert.ok(stamp, 'the restart was journaled before it was sent');
          const before = await h.client.get('deployments', 'frontend', 'a');
          assert.equal(before.spec?.template?.metadata?.annotations?.[RESTARTED_AT] === stamp, then === 'apply');

          assert.equal(await cli(['apply', planPath, '--from-step', '4', '-o', 'json']), 0, lines.join('\n'));
          const out = json<ApplyJson>();
          assert.deepEqual(out.steps.map((s) => `${s.step} ${s.status}`), ['4 completed', '5 completed']);
          const after = journal();
          const old = after.run(killed.runId);
          assert.equal(old?.handled?.how, 'resumed');
          const resumed = after.run(old?.handled?.by ?? '');
          assert.equal(resumed?.status, 'completed');
          assert.equal(resumed?.plan?.step, 4, 'the resumed run belongs to step 4 too');
          const frontend = await h.client.get('deployments', 'frontend', 'a');
          assert.equal(frontend.spec?.template?.metadata?.annotations?.[RESTARTED_AT], stamp, 'the same timestamp: no second rollout');
          if (then === 'apply') assert.equal(frontend.metadata.generation, before.metadata.generation, 'the landed restart is not sent again');
          assert.deepEqual(await revisionOf(), { a: '1-8-0/1.8.0', b: '1-8-0/1.8.0' });
          assert.deepEqual((await h.snapshot()).revisions.map((r) => r.name), ['1-8-0']);
        });
      }
    });
  });
}
