/**
 * The checks a wave passes after its soak. `verify` is always on; a gate is one entry here (the traffic gate adds
 * itself the same way): it reads the wave's namespaces after the soak and says pass or fail, with its verifications.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { NamespaceVerdict } from '../mesh/verification';
import type { PlanVerification } from '../upgrade/journal';
import { verifyNamespaces } from '../upgrade/verifyNamespaces';

export interface GateContext {
  client: ClusterClient;
  namespaces: string[];
  /** The revision the wave's namespaces must run (its `to`, resolved through a tag). */
  revision: string;
  signal?: AbortSignal;
  syncz?: boolean;
  settleMs: number;
}

export interface GateResult {
  passed: boolean;
  summary: string;
  verifications: PlanVerification[];
}

export interface WaveGate {
  name: string;
  check(ctx: GateContext): Promise<GateResult>;
}

/** A namespace verdict as the journal keeps it with the plan step. */
export function verificationOf(v: NamespaceVerdict, gate: string, at = new Date()): PlanVerification {
  return {
    namespace: v.namespace, verdict: v.verdict, gate, revision: v.target?.revision, version: v.targetVersion,
    pods: v.workloads.reduce((n, w) => n + w.pods, 0), onTarget: v.workloads.reduce((n, w) => n + w.onTarget, 0),
    ...(v.reason ? { reason: v.reason } : v.verdict === 'fail' ? { reason: v.workloads.filter((w) => w.verdict === 'fail').map((w) => `${w.name}: ${w.reasons.join('; ')}`).join(' · ') } : {}),
    at: at.toISOString(),
  };
}

const verifyGate: WaveGate = {
  name: 'verify',
  async check(ctx) {
    const verdicts = await verifyNamespaces(ctx.client, ctx.namespaces, { expectedRevision: () => ctx.revision, settleMs: ctx.settleMs, signal: ctx.signal, syncz: ctx.syncz });
    const failed = verdicts.filter((v) => v.verdict === 'fail');
    return {
      passed: failed.length === 0,
      summary: failed.length ? `verify failed: ${failed.map((v) => `${v.namespace} (${v.reason ?? 'pods off target'})`).join(', ')}` : `verify: ${ctx.namespaces.length} on ${ctx.revision}`,
      verifications: verdicts.map((v) => verificationOf(v, 'verify')),
    };
  },
};

export const WAVE_GATES: ReadonlyMap<string, WaveGate> = new Map([[verifyGate.name, verifyGate]]);
