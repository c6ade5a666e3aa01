/**
 * Where each step of a plan stands, from the journal: its latest plan-step run (matched by file and by what the
 * step says — an edited step starts over as "not started"). Pure over the journal's runs.
 */
import { stepHash } from '../plan/planIdentity';
import type { PlanStep, UpgradePlan } from '../plan/planTypes';
import type { PlanVerification, RunRecord } from '../upgrade/journal';

export type StepStateKind = 'not started' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted' | 'rolled back' | 'rollback failed';

export interface StepState {
  kind: StepStateKind;
  /** When it ended (or started, while running). */
  at?: string;
  summary?: string;
  error?: string;
  runId?: string;
  verifications?: PlanVerification[];
}

/** The plan-step runs of one step, newest first (`runs` as Journal.runs() gives them). */
export function stepRuns(runs: readonly RunRecord[], file: { path: string; plan: UpgradePlan }, step: PlanStep): RunRecord[] {
  const hash = stepHash(file.plan, step);
  const mine = runs.filter((r) => r.command === 'plan-step' && r.plan?.path === file.path && r.plan.stepHash === hash);
  const here = mine.filter((r) => r.plan?.step === step.index);
  return here.length ? here : mine;
}

/** The engine runs (migrate, tag …) made for one step, newest first. */
export function engineRuns(runs: readonly RunRecord[], file: { path: string; plan: UpgradePlan }, step: PlanStep, action: 'run' | 'rollback' = 'run'): RunRecord[] {
  const hash = stepHash(file.plan, step);
  return runs.filter((r) => r.command !== 'plan-step' && r.plan?.path === file.path && r.plan.stepHash === hash && r.plan.action === action);
}

export function stepState(runs: readonly RunRecord[], file: { path: string; plan: UpgradePlan }, step: PlanStep): StepState {
  const last = stepRuns(runs, file, step)[0];
  if (!last?.plan) return { kind: 'not started' };
  const base = { runId: last.runId, ...(last.plan.summary ? { summary: last.plan.summary } : {}), ...(last.error ? { error: last.error } : {}), ...(last.plan.verifications ? { verifications: last.plan.verifications } : {}) };
  const rollback = last.plan.action === 'rollback';
  switch (last.status) {
    case 'running': return { ...base, kind: 'running', at: last.started };
    case 'interrupted': return { ...base, kind: 'interrupted', at: last.started };
    case 'completed': return { ...base, kind: rollback ? 'rolled back' : 'done', at: last.ended };
    case 'cancelled': return { ...base, kind: 'cancelled', at: last.ended };
    case 'failed': return { ...base, kind: rollback ? 'rollback failed' : 'failed', at: last.ended };
  }
}

/** "✔ done 10:42 · 2 namespaces verified on 1-8-0", "✖ failed 10:40: …", "○ not started" (times local). */
export function stateText(s: StepState, now = new Date()): string {
  const time = s.at ? timeText(s.at, now) : '';
  switch (s.kind) {
    case 'not started': return '○ not started';
    case 'running': return `⟳ running since ${time}`;
    case 'interrupted': return `⚠ interrupted (started ${time}): Run resumes it`;
    case 'done': return `✔ done ${time}${s.summary ? ` · ${s.summary}` : ''}`;
    case 'rolled back': return `↶ rolled back ${time}${s.summary ? ` · ${s.summary}` : ''}`;
    case 'cancelled': return `■ cancelled ${time}`;
    case 'failed': return `✖ failed ${time}${s.error ? `: ${s.error}` : ''}`;
    case 'rollback failed': return `✖ roll back failed ${time}${s.error ? `: ${s.error}` : ''}`;
  }
}

function timeText(iso: string, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return d.toDateString() === now.toDateString() ? hm : `${d.toISOString().slice(0, 10)} ${hm}`;
}
