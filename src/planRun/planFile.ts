/** A plan file as the runner holds it: where it is, its text, what it says, and the journal reference of a step. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planHash, stepHash, stepTitle } from '../plan/planIdentity';
import { parsePlan } from '../plan/planParse';
import type { PlanProblem, PlanStep, UpgradePlan } from '../plan/planTypes';
import type { PlanStepRef } from '../upgrade/journal';
import { UpgradeError } from '../upgrade/upgradeErrors';

export interface PlanFile {
  /** Absolute. */
  path: string;
  text: string;
  plan: UpgradePlan;
  /** Structural problems (parsePlan). */
  problems: PlanProblem[];
}

/** Parses `text` as the plan at `file`; throws (refused) when there is no plan to speak of. */
export function planFileOf(file: string, text: string): PlanFile {
  const parsed = parsePlan(text);
  if (!parsed.plan) {
    const first = parsed.problems.find((p) => p.severity === 'error');
    throw new UpgradeError('refused', `${file}: not an upgrade plan${first ? `: ${first.message}` : ''}`);
  }
  return { path: path.resolve(file), text, plan: parsed.plan, problems: parsed.problems };
}

/** Reads and parses a plan file (a FIFO or a directory is refused before reading). */
export function readPlanFile(file: string): PlanFile {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new UpgradeError('refused', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (!stat.isFile()) throw new UpgradeError('refused', `${file} is not a regular file`);
  if (stat.size > 4 * 1024 * 1024) throw new UpgradeError('refused', `${file} is larger than 4 MiB: not an upgrade plan`);
  return planFileOf(file, fs.readFileSync(file, 'utf8'));
}

export function stepOf(file: PlanFile, index: number): PlanStep {
  const step = file.plan.steps.find((s) => s.index === index);
  if (!step) throw new UpgradeError('refused', `${file.path} has no step ${index} (it has ${file.plan.steps.length}${file.plan.steps.length ? `: 1–${Math.max(...file.plan.steps.map((s) => s.index))}` : ''})`);
  return step;
}

export function stepRef(file: PlanFile, step: PlanStep, action: PlanStepRef['action']): PlanStepRef {
  return {
    path: file.path, hash: planHash(file.text), step: step.index, kind: step.kind, stepHash: stepHash(file.plan, step),
    title: stepTitle(step), action,
  };
}
