/**
 * The traffic gate in a plan's wave (`gates: [traffic]`): unlike the gates checked after the soak, it needs a baseline
 * from before each namespace restarts, so it rides in the wave's migration (migrationRunner's per-namespace gate step)
 * and a breach fails the namespace, which stops the wave. The wave's `soak` is the gate's soak, each namespace's after its
 * restart, so the wave does not soak again at its end. Its judgements join the step's verifications.
 */
import type { WaveStep } from '../plan/planTypes';
import { gateLine, type NamespaceGateResult } from '../mesh/trafficGate';
import type { PlanVerification } from '../upgrade/journal';
import type { NamespaceGate } from '../upgrade/trafficGate';
import type { StepRunOptions } from './stepTypes';

export const TRAFFIC_GATE = 'traffic';

/** The wave's gate: undefined when it does not name `traffic` (or for a dry run); a string: why it cannot run. */
export async function trafficGateOf(step: WaveStep, o: StepRunOptions): Promise<NamespaceGate | string | undefined> {
  if (!step.gates.includes(TRAFFIC_GATE) || o.dryRun) return undefined;
  if (!o.trafficGate) return 'the traffic gate cannot run here (no Prometheus access was given)';
  const gate = await o.trafficGate(step.soakMs > 0 ? Math.max(1, Math.round(step.soakMs / 1000)) : undefined);
  return typeof gate === 'string' ? `the wave names the traffic gate, but ${gate}: nothing was changed` : gate;
}

export function trafficVerification(r: NamespaceGateResult): PlanVerification {
  const pods = r.workloads.length;
  return {
    namespace: r.namespace, gate: TRAFFIC_GATE, verdict: r.verdict === 'pass' ? 'pass' : r.verdict === 'breach' ? 'fail' : 'warn',
    pods, onTarget: r.verdict === 'pass' ? pods : 0, reason: gateLine(r), at: r.measuredAt ?? r.baselineAt,
  };
}
