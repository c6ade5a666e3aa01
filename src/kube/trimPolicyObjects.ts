/**
 * The blast radius's kinds trimmed to what src/mesh/blastRadius.ts reads: PodDisruptionBudgets (policy/v1 and
 * v1beta1 share these fields), HorizontalPodAutoscalers (autoscaling/v2 and v1 share these) and Jobs (owner only).
 */
import type { KHorizontalPodAutoscaler, KJob, KPodDisruptionBudget, LabelSelector } from '../mesh/kubeObjects';
import { pick, rec, str, trimMeta, type Raw } from './trimMeta';

const PDB_STATUS = ['observedGeneration', 'disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'] as const;

export function trimPodDisruptionBudget(o: Raw): KPodDisruptionBudget {
  const s = rec(o.spec);
  const spec: KPodDisruptionBudget['spec'] = s ? {
    ...(s.minAvailable !== undefined ? { minAvailable: s.minAvailable as number | string } : {}),
    ...(s.maxUnavailable !== undefined ? { maxUnavailable: s.maxUnavailable as number | string } : {}),
    ...(s.selector !== undefined ? { selector: s.selector as LabelSelector } : {}),
  } : undefined;
  const status = pick<NonNullable<KPodDisruptionBudget['status']>>(rec(o.status), PDB_STATUS);
  return { metadata: trimMeta(o.metadata), ...(spec ? { spec } : {}), ...(status ? { status } : {}) };
}

export function trimHorizontalPodAutoscaler(o: Raw): KHorizontalPodAutoscaler {
  const s = rec(o.spec);
  const target = rec(s?.scaleTargetRef);
  const spec: KHorizontalPodAutoscaler['spec'] = s ? {
    ...(target ? { scaleTargetRef: { kind: str(target.kind), name: str(target.name), apiVersion: str(target.apiVersion) } } : {}),
    ...(s.minReplicas !== undefined ? { minReplicas: s.minReplicas as number } : {}),
    ...(s.maxReplicas !== undefined ? { maxReplicas: s.maxReplicas as number } : {}),
  } : undefined;
  const status = pick<NonNullable<KHorizontalPodAutoscaler['status']>>(rec(o.status), ['currentReplicas', 'desiredReplicas']);
  return { metadata: trimMeta(o.metadata), ...(spec ? { spec } : {}), ...(status ? { status } : {}) };
}

export function trimJob(o: Raw): KJob {
  return { metadata: trimMeta(o.metadata) };
}
