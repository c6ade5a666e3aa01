/**
 * The traffic gate's two moments in one namespace's migration (migrationRunner.ts): the baseline before its
 * relabel and restart, and the judgement after its rollouts are verified. What the runner does with the answer:
 * a breach fails the namespace (a wave stops there); when the gate cannot judge, `decide` says go on or stop.
 */
import type { NamespacePlan } from '../mesh/migrationPlan';
import { plural } from '../mesh/plural';
import { gateLine, type NamespaceGateResult } from '../mesh/trafficGate';
import type { GateBaseline, NamespaceGate } from './trafficGate';

export interface GateStepResult {
  result?: NamespaceGateResult;
  /** Set when the namespace must fail because of the gate: what to say. */
  failure?: string;
}

/** The baseline, or (Prometheus unreadable and `decide` says stop) a failure before anything is written. */
export async function gateBaselineStep(gate: NamespaceGate | undefined, ns: NamespacePlan, o: { dryRun?: boolean; relabelOnly?: boolean }, signal: AbortSignal, say: (m: string) => void): Promise<GateStepResult & { baseline?: GateBaseline }> {
  if (!gate || o.dryRun || o.relabelOnly || ns.restart.length === 0) return {};
  say(`baseline of ${plural(ns.restart.length, 'workload')} from ${gate.where}`);
  const baseline = await gate.baseline(ns.namespace, ns.restart, signal);
  if (!baseline.error) return { baseline };
  const result = await gate.judge(baseline, signal);
  return decided(gate, result, 'before relabelling');
}

/** After the verified rollouts: soak, measure, judge. */
export async function gateJudgeStep(gate: NamespaceGate, baseline: GateBaseline, signal: AbortSignal, say: (m: string) => void): Promise<GateStepResult> {
  say(`soaking ${gate.soakSeconds} s, then 5xx and p99 from ${gate.where}`);
  const result = await gate.judge(baseline, signal);
  if (result.verdict === 'pass') {
    say(gateLine(result).replace(/^traffic gate /, ''));
    return { result };
  }
  if (result.verdict === 'breach') return { result, failure: gateLine(result) };
  return decided(gate, result, 'after the restart');
}

async function decided(gate: NamespaceGate, result: NamespaceGateResult, when: string): Promise<GateStepResult> {
  const decision = await gate.decide(result);
  result.decision = decision === 'continue' ? 'continued' : 'stopped';
  return decision === 'continue' ? { result } : { result, failure: `${gateLine(result)}; stopped ${when}` };
}
