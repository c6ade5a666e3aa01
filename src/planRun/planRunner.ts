/**
 * Runs one step of a plan file as a journaled `plan-step` run (runScope.ts, no locks of its own: the engine runs it
 * makes take theirs). Every engine run started inside carries the step (runPlanContext.ts), so a killed step is
 * resumed from its unfinished run and a finished one can be rolled back. The step's summary and verifications are
 * kept with its run. Dry runs write no journal line.
 */
import type { PlanStep } from '../plan/planTypes';
import type { PlanStepRef, RunRecord } from '../upgrade/journal';
import { inRunScope } from '../upgrade/runScope';
import { withPlanStep } from '../upgrade/runPlanContext';
import { runGatewayStep } from './gatewayStep';
import { runInstallStep } from './installStep';
import { stepOf, stepRef, type PlanFile } from './planFile';
import { runPrecheckStep } from './precheckStep';
import { runRemovalStep } from './removalStep';
import { engineRuns } from './stepState';
import { runTagStep } from './tagStep';
import type { StepDeps, StepOutcome, StepRunOptions } from './stepTypes';
import { runWaveStep } from './waveStep';

export interface StepResult extends StepOutcome {
  step: number;
  /** The plan-step run (absent for a dry run). */
  stepRunId?: string;
}

/** A wave's migrate run from an earlier attempt that did not finish and was not dealt with since. */
function unfinishedRun(deps: StepDeps, file: PlanFile, step: PlanStep): RunRecord | undefined {
  return engineRuns(deps.journal.runs(), file, step)
    .find((r) => r.command === 'migrate' && !r.handled && (r.status === 'interrupted' || r.status === 'failed' || r.status === 'cancelled'));
}

function execute(deps: StepDeps, file: PlanFile, step: PlanStep, o: StepRunOptions): Promise<StepOutcome> {
  switch (step.kind) {
    case 'precheck': return runPrecheckStep(deps, step, o);
    case 'install': return runInstallStep(deps, step, o);
    case 'tag': return runTagStep(deps, step, o);
    case 'wave': return runWaveStep(deps, step, { ...o, unfinished: o.dryRun ? undefined : unfinishedRun(deps, file, step) });
    case 'gateway': return runGatewayStep(deps, step, o);
    case 'removeRevision': return runRemovalStep(deps, step, o);
  }
}

/** Runs `work` as the step's plan-step run (`ref.action`: run or rollback) and keeps its outcome with the run. */
export async function inStepRun(deps: StepDeps, ref: PlanStepRef, namespaces: string[], o: Pick<StepRunOptions, 'dryRun' | 'signal'>, work: () => Promise<StepOutcome>): Promise<StepResult> {
  let stepRunId: string | undefined;
  const out = await withPlanStep(ref, () => inRunScope({ client: deps.client, journal: deps.journal }, {
    command: 'plan-step', target: ref.title, namespaces, locks: false, dryRun: o.dryRun, signal: o.signal,
  }, (rc) => {
    stepRunId = rc.run?.runId;
    return withPlanStep({ ...ref, ...(stepRunId ? { stepRun: stepRunId } : {}) }, work);
  }, (r) => ({ status: r.status === 'dry run' ? 'completed' : r.status, ...(r.error ? { error: r.error, stoppedAt: r.error } : {}) })));
  const ended = stepRunId ? deps.journal.run(stepRunId) : undefined;
  if (ended) deps.journal.updateRun(ended, { plan: { ...ref, summary: out.summary, ...(out.verifications.length ? { verifications: out.verifications } : {}) } });
  return { ...out, step: ref.step, ...(stepRunId ? { stepRunId } : {}) };
}

/** Runs step `index` of the plan. Throws what the engine throws (a locked namespace, an unreadable cluster). */
export function runPlanStep(deps: StepDeps, file: PlanFile, index: number, o: StepRunOptions = {}): Promise<StepResult> {
  const step = stepOf(file, index);
  const namespaces = step.kind === 'wave' ? step.namespaces ?? [] : [];
  return inStepRun(deps, stepRef(file, step, 'run'), namespaces, o, () => execute(deps, file, step, o));
}
