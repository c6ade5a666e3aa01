/**
 * Which plan step a run belongs to, carried through the async work of that step: every run started inside it
 * (runScope.ts) records the step. This way the plan runner tags the runs of every engine function it calls —
 * migrate, tag writes, gateway moves, revision removal, resume, rollback — without each one taking a plan option.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PlanStepRef } from './journalTypes';

const current = new AsyncLocalStorage<PlanStepRef>();

export function withPlanStep<T>(ref: PlanStepRef, work: () => Promise<T>): Promise<T> {
  return current.run(ref, work);
}

export function currentPlanStep(): PlanStepRef | undefined {
  return current.getStore();
}
