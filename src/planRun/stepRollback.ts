/**
 * Roll Back of a plan step: every engine run the step made that is not undone yet, newest first, with the undo
 * that fits it — a wave's relabels restored (rollback.ts), a tag put back and the namespaces using it restarted
 * onto it, a gateway switched or moved back, a removed revision re-created. It runs as the step's plan-step run
 * with action `rollback`, so the step then reads "rolled back".
 */
import { plural } from '../mesh/plural';
import type { RunRecord } from '../upgrade/journal';
import { runSwitchBack } from '../upgrade/gatewayRuns';
import { runUndoRemoval } from '../upgrade/removalRuns';
import { prepareRollback, runRollback, targetsOf } from '../upgrade/rollback';
import { rollbackTagRun } from '../upgrade/tagOps';
import { UpgradeError } from '../upgrade/upgradeErrors';
import { verificationOf } from './waveGates';
import { undoGatewayMove } from './gatewayMoveUndo';
import { stepOf, stepRef, type PlanFile } from './planFile';
import { inStepRun, type StepResult } from './planRunner';
import { restartStale } from './restartStale';
import { engineRuns } from './stepState';
import type { StepDeps, StepOutcome, StepRunOptions } from './stepTypes';
import { progressText } from './stepTypes';

/** The step's engine runs still to undo, newest first (a run some completed run already rolled back is left out). */
export function runsToUndo(deps: StepDeps, file: PlanFile, index: number): RunRecord[] {
  const runs = deps.journal.runs();
  const undone = new Set(runs.filter((r) => r.rollbackOf && r.status === 'completed').map((r) => r.rollbackOf));
  return engineRuns(runs, file, stepOf(file, index)).filter((r) => !r.rollbackOf && !undone.has(r.runId) && r.status !== 'running');
}

async function undoOne(deps: StepDeps, run: RunRecord, o: StepRunOptions, out: StepOutcome): Promise<void> {
  const note = (line: string): void => {
    out.details.push(line);
    o.onProgress?.(line);
  };
  const failIf = (status: string, error: string | undefined, what: string): void => {
    if (status === 'failed' || status === 'cancelled') throw new UpgradeError(status === 'cancelled' ? 'cancelled' : 'verifyFailed', `${what}: ${error ?? status}`);
  };
  switch (run.command) {
    case 'migrate':
    case 'restart': {
      const sel = await prepareRollback(deps.client, deps.journal, { runId: run.runId });
      const targets = targetsOf(sel);
      const flagged = sel.candidates.filter((c) => c.problems.length);
      for (const c of flagged) note(`${c.namespace}: left out (${c.problems.join('; ')})`);
      if (targets.length) {
        const r = await runRollback(deps, targets, {
          rollbackOf: run.runId, dryRun: o.dryRun, signal: o.signal, rolloutTimeoutMs: o.rolloutTimeoutMs, verifySettleMs: o.verifySettleMs,
          onNotice: o.onNotice, onProgress: (e) => o.onProgress?.(progressText(e)),
        });
        if (r.runId) out.runIds.push(r.runId);
        for (const n of r.namespaces) if (n.verdict) out.verifications.push(verificationOf(n.verdict, 'rollback'));
        note(`run ${run.runId}: ${targets.map((t) => t.namespace).join(', ')} relabelled back`);
        failIf(r.status, r.namespaces.find((n) => n.error)?.error, `roll back of run ${run.runId}`);
      }
      const restartOnly = run.namespaces.filter((n) => !sel.candidates.some((c) => c.namespace === n));
      if (restartOnly.length) note(`${restartOnly.join(', ')}: only restarted by run ${run.runId} (they follow their tag): rolled back with the tag step`);
      break;
    }
    case 'tag': {
      const r = await rollbackTagRun(deps.client, deps.journal, run.runId, { dryRun: o.dryRun, signal: o.signal, onProgress: o.onProgress });
      if (r.runId) out.runIds.push(r.runId);
      failIf(r.status, r.error, `undo of tag run ${run.runId}`);
      note(`tag ${run.target ?? ''} put back (${plural(r.results.length, 'object')})`);
      if (o.dryRun) break;
      const restarted = await restartStale(deps, run.namespaces, o);
      if (restarted?.runId) out.runIds.push(restarted.runId);
      for (const n of restarted?.namespaces ?? []) if (n.verdict) out.verifications.push(verificationOf(n.verdict, 'rollback'));
      if (restarted) {
        note(`restarted ${restarted.namespaces.map((n) => n.namespace).join(', ')} onto the tag's revision`);
        failIf(restarted.status, restarted.namespaces.find((n) => n.error)?.error, 'restart after the tag undo');
      }
      break;
    }
    case 'gateway-switch': {
      const r = await runSwitchBack(deps.client, deps.journal, run.runId, { dryRun: o.dryRun, signal: o.signal, onNotice: o.onNotice });
      if (r.runId) out.runIds.push(r.runId);
      note(`Service switched back (run ${run.runId})`);
      break;
    }
    case 'gateway-move': {
      const r = await undoGatewayMove(deps, deps.journal, run.runId, o);
      if (r.runId) out.runIds.push(r.runId);
      note(r.summary);
      break;
    }
    case 'remove-revision': {
      const r = await runUndoRemoval(deps.client, deps.journal, run.runId, { dryRun: o.dryRun, signal: o.signal, onProgress: o.onProgress, onNotice: o.onNotice });
      if (r.runId) out.runIds.push(r.runId);
      note(`revision ${run.target ?? ''} re-created`);
      break;
    }
    default:
      note(`run ${run.runId} (${run.command}): no undo for it here`);
  }
}

export function rollbackPlanStep(deps: StepDeps, file: PlanFile, index: number, o: StepRunOptions = {}): Promise<StepResult> {
  const step = stepOf(file, index);
  const todo = runsToUndo(deps, file, index);
  const namespaces = [...new Set(todo.flatMap((r) => r.namespaces))];
  return inStepRun(deps, stepRef(file, step, 'rollback'), namespaces, o, async () => {
    const out: StepOutcome = { status: o.dryRun ? 'dry run' : 'completed', summary: '', runIds: [], verifications: [], details: [] };
    for (const run of todo) await undoOne(deps, run, o, out);
    out.summary = todo.length ? `${plural(todo.length, 'run')} undone` : 'nothing to roll back';
    return out;
  });
}
