/**
 * A plan document read against the loaded fleet: its parse, its problems (structure + cluster), the model it was
 * checked with, and the journal's view of its steps. The editor features all start from here.
 */
import type * as vscode from 'vscode';
import type { ClusterState } from '../fleet/clusterState';
import { checkPlan } from '../plan/planCheck';
import { parsePlan } from '../plan/planParse';
import type { PlanProblem, UpgradePlan } from '../plan/planTypes';
import type { PlanModel } from '../plan/planWorld';
import { stepState, type StepState } from '../planRun/stepState';
import type { CommandContext } from '../commands/commandContext';

export interface PlanAnalysis {
  path: string;
  text: string;
  plan?: UpgradePlan;
  problems: PlanProblem[];
  state?: ClusterState;
  model?: PlanModel;
  /** Step index → its state from the journal. */
  steps: Map<number, StepState>;
}

function unavailable(state: ClusterState | undefined, context: string): string | undefined {
  if (!state) return undefined;
  switch (state.status) {
    case 'idle': return `${context} is not connected: expand it in the Istio Upgrades view, or use the quick fix Connect`;
    case 'loading': return `${context} is loading`;
    case 'error': return `${context} could not be read: ${state.error?.message ?? 'unknown error'}`;
    case 'ready': return undefined;
  }
}

export function analyzePlan(ctx: CommandContext, doc: vscode.TextDocument): PlanAnalysis {
  const text = doc.getText();
  const path = doc.uri.fsPath;
  const parsed = parsePlan(text);
  const steps = new Map<number, StepState>();
  if (!parsed.plan) return { path, text, problems: parsed.problems, steps };
  const plan = parsed.plan;
  const runs = ctx.journal.runs();
  for (const s of plan.steps) steps.set(s.index, stepState(runs, { path, plan }, s));
  const done = new Set([...steps].filter(([, s]) => s.kind === 'done').map(([i]) => i));
  const fleet = ctx.fleet();
  const state = plan.context ? fleet.cluster(plan.context) : undefined;
  const model = state?.status === 'ready' && state.snapshot ? { snapshot: state.snapshot, gateways: state.gateways ?? [] } : undefined;
  const contexts = fleet.clusters().map((c) => c.context);
  const checked = plan.context ? checkPlan({ text, plan, contexts, model, unavailable: unavailable(state, plan.context), done }) : [];
  return { path, text, plan, problems: [...parsed.problems, ...checked], state, model, steps };
}
