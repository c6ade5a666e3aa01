/**
 * The blast radius of a migration plan (pure; issue 16): what its rollout restarts will do to the workloads beyond
 * replacing proxies, each with what to do. PodDisruptionBudgets do not hold back a rollout (kubernetes.io
 * "Disruptions": workload resources "are not limited by PDBs when doing rolling upgrades"), so a budget the rollout
 * would break is said, as is one that allows no eviction at all (a node drain during the wave waits on it);
 * single-replica workloads; workloads without a readiness probe; StatefulSets and DaemonSets with
 * `updateStrategy: OnDelete` (a restart replaces nothing) or a partition; HPAs at their maximum; and pods no
 * rollout moves (Jobs, CronJobs' Jobs, bare pods) — from the plan's `blocked`.
 */
import type {
  IntOrPercent, KHorizontalPodAutoscaler, KJob, KPod, KPodDisruptionBudget, KWorkload, LabelSelector,
} from './kubeObjects';
import type { BlockedWorkload, MigrationPlan, WorkloadRef } from './migrationPlan';
import { selectorMatches } from './labelSelector';
import { plural } from './plural';
import { num } from './untrusted';

export type BlastKind =
  | 'pdb-violated' | 'pdb-blocks-eviction' | 'single-replica' | 'no-readiness-probe' | 'on-delete' | 'partition'
  | 'hpa-at-max' | 'will-not-move';

export interface BlastFinding {
  kind: BlastKind;
  severity: 'warning' | 'info';
  namespace: string;
  /** `Deployment/cart`, `PodDisruptionBudget/cart`, … */
  objects: string[];
  message: string;
  advice: string;
}

/** What a plan's blast radius is judged from, besides the plan: the planned namespaces' objects. */
export interface BlastInputs {
  workloads: KWorkload[];
  pods: KPod[];
  pdbs: KPodDisruptionBudget[];
  hpas: KHorizontalPodAutoscaler[];
  jobs: KJob[];
  /** Reads that failed (e.g. PodDisruptionBudgets forbidden): their findings are unknown. */
  problems: string[];
}

export interface BlastRadius {
  findings: BlastFinding[];
  problems: string[];
}

/** `1` → 1; `"25%"` of `total` → rounded up or down as Kubernetes does for that field. */
export function scaled(value: IntOrPercent | undefined, total: number, roundUp: boolean, fallback: number): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const m = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  if (!m) return fallback;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

interface Rollout {
  replicas: number;
  /** Pods the rollout takes down at once (0: it surges first). */
  unavailable: number;
  /** It creates a new pod before it removes an old one. */
  surges: boolean;
  /** How it goes, for messages. */
  how: string;
}

/** How a rollout restart of this workload replaces pods (apps/v1 defaults: 25 %/25 %, StatefulSets one at a time). */
export function rolloutOf(kind: WorkloadRef['kind'], w: KWorkload, pods: number): Rollout {
  const replicas = kind === 'DaemonSet' ? pods : num(w.spec?.replicas) ?? 1;
  if (kind === 'Deployment') {
    const s = w.spec?.strategy;
    if (s?.type === 'Recreate') return { replicas, unavailable: replicas, surges: false, how: 'strategy Recreate: every pod goes down first' };
    const surge = scaled(s?.rollingUpdate?.maxSurge, replicas, true, Math.ceil(replicas * 0.25));
    const down = scaled(s?.rollingUpdate?.maxUnavailable, replicas, false, Math.floor(replicas * 0.25));
    const unavailable = surge === 0 && down === 0 ? 1 : down;
    return { replicas, unavailable, surges: surge > 0, how: `maxUnavailable ${unavailable}, maxSurge ${surge}` };
  }
  if (kind === 'DaemonSet') {
    const down = scaled(w.spec?.updateStrategy?.rollingUpdate?.maxUnavailable, replicas, true, 1);
    return { replicas, unavailable: Math.max(1, down), surges: false, how: `maxUnavailable ${Math.max(1, down)}` };
  }
  return { replicas, unavailable: 1, surges: false, how: 'one pod at a time, each deleted before its replacement starts' };
}

function podsOf(w: KWorkload, pods: KPod[]): KPod[] {
  const ns = w.metadata.namespace;
  return w.spec?.selector ? pods.filter((p) => p.metadata.namespace === ns && selectorMatches(w.spec?.selector, p.metadata.labels)) : [];
}

function isReady(p: KPod): boolean {
  return !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** A PDB selects nothing without a selector; an empty selector selects every pod of its namespace (policy/v1). */
function pdbSelects(pdb: KPodDisruptionBudget, p: KPod): boolean {
  const sel: LabelSelector | undefined = pdb.spec?.selector;
  return !!sel && p.metadata.namespace === pdb.metadata.namespace && selectorMatches(sel, p.metadata.labels);
}

/**
 * Disruptions the budget allows now: its status when the disruption controller has written it for this generation
 * (a new budget's status reads all zeros until then), else computed from the pods as that controller does.
 */
export function allowedDisruptions(pdb: KPodDisruptionBudget, pods: KPod[]): { allowed: number; healthy: number; desired: number } {
  const observed = num(pdb.status?.observedGeneration);
  const status = observed !== undefined && observed >= (pdb.metadata.generation ?? 0) ? pdb.status : undefined;
  const selected = pods.filter((p) => pdbSelects(pdb, p));
  const healthy = num(status?.currentHealthy) ?? selected.filter(isReady).length;
  const expected = num(status?.expectedPods) ?? selected.length;
  const desired = num(status?.desiredHealthy) ?? (pdb.spec?.minAvailable !== undefined
    ? scaled(pdb.spec.minAvailable, expected, true, expected)
    : expected - scaled(pdb.spec?.maxUnavailable, expected, true, 0));
  const allowed = num(status?.disruptionsAllowed) ?? Math.max(0, healthy - desired);
  return { allowed, healthy, desired };
}

function budgetText(pdb: KPodDisruptionBudget, b: { allowed: number; healthy: number; desired: number }): string {
  const rule = pdb.spec?.minAvailable !== undefined ? `minAvailable ${pdb.spec.minAvailable}` : `maxUnavailable ${pdb.spec?.maxUnavailable ?? '?'}`;
  return `PodDisruptionBudget ${pdb.metadata.name} (${rule}; ${b.healthy} healthy, ${b.desired} required) allows ${plural(b.allowed, 'disruption')}`;
}

function workloadFindings(ref: WorkloadRef, w: KWorkload, inputs: BlastInputs, seenPdbs: Set<string>): BlastFinding[] {
  const out: BlastFinding[] = [];
  const id = `${ref.kind}/${ref.name}`;
  const mine = podsOf(w, inputs.pods);
  const rollout = rolloutOf(ref.kind, w, mine.length);
  const ns = ref.namespace;
  for (const pdb of inputs.pdbs.filter((b) => b.metadata.namespace === ns && mine.some((p) => pdbSelects(b, p)))) {
    const b = allowedDisruptions(pdb, inputs.pods);
    const objects = [id, `PodDisruptionBudget/${pdb.metadata.name}`];
    if (rollout.unavailable > b.allowed) {
      seenPdbs.add(pdb.metadata.name);
      out.push({
        kind: 'pdb-violated', severity: 'warning', namespace: ns, objects,
        message: `${id} takes ${plural(rollout.unavailable, 'pod')} down at a time (${rollout.how}), but ${budgetText(pdb, b)}: a rollout is not held back by the budget, so the restart breaks it.`,
        advice: ref.kind === 'Deployment'
          ? 'Let the rollout surge instead: set strategy.rollingUpdate.maxUnavailable to 0 (and maxSurge ≥ 1); or add replicas, or relax the budget for the upgrade.'
          : 'Add replicas before the upgrade, or relax the budget for its duration.',
      });
    } else if (b.allowed === 0 && !seenPdbs.has(pdb.metadata.name)) {
      seenPdbs.add(pdb.metadata.name);
      out.push({
        kind: 'pdb-blocks-eviction', severity: 'info', namespace: ns, objects,
        message: `${budgetText(pdb, b)}: the rollout surges and keeps it, but a node drain during the upgrade waits on this budget.`,
        advice: 'Do not drain nodes during the wave, or relax the budget (e.g. maxUnavailable: 1) for the upgrade.',
      });
    }
  }
  if (ref.kind !== 'DaemonSet' && rollout.replicas === 1) {
    const down = ref.kind === 'StatefulSet' || !rollout.surges;
    out.push({
      kind: 'single-replica', severity: down ? 'warning' : 'info', namespace: ns, objects: [id],
      message: down
        ? `${id} has 1 replica and its rollout removes the old pod first (${rollout.how}): it is down until the new pod is Ready.`
        : `${id} has 1 replica: the new pod takes over once Ready, with no spare if it fails to start.`,
      advice: down ? 'Scale it to 2 for the upgrade (or accept the downtime), or let it surge (maxUnavailable 0, maxSurge 1).' : 'Scale it to 2 for the upgrade if a failed start must not cost availability.',
    });
  }
  const partition = num(w.spec?.updateStrategy?.rollingUpdate?.partition) ?? 0;
  if (ref.kind === 'StatefulSet' && partition > 0) {
    out.push({
      kind: 'partition', severity: 'warning', namespace: ns, objects: [id],
      message: `${id} has rollingUpdate.partition ${partition}: ordinals 0–${partition - 1} keep their old proxy, so the rollout never completes for them and verify fails.`,
      advice: 'Set the partition to 0 for the upgrade, or delete those pods after the restart.',
    });
  }
  for (const hpa of inputs.hpas.filter((h) => h.metadata.namespace === ns && h.spec?.scaleTargetRef?.kind === ref.kind && h.spec.scaleTargetRef.name === ref.name)) {
    const max = num(hpa.spec?.maxReplicas);
    // The workload's own replicas count too: a new HPA's status reads 0 until its controller has run.
    const current = Math.max(num(hpa.status?.currentReplicas) ?? 0, num(hpa.status?.desiredReplicas) ?? 0, rollout.replicas);
    if (max === undefined || current < max) continue;
    out.push({
      kind: 'hpa-at-max', severity: 'warning', namespace: ns, objects: [id, `HorizontalPodAutoscaler/${hpa.metadata.name}`],
      message: `HorizontalPodAutoscaler ${hpa.metadata.name} runs ${id} at its maximum (${current}/${max}): the workload has no headroom, and the pods the rollout takes down (or the surge it needs) come out of a load that already needs all of them.`,
      advice: 'Raise maxReplicas for the upgrade, or run the wave at a quieter time.',
    });
  }
  return out;
}

function notMoving(b: BlockedWorkload, jobs: KJob[]): BlastFinding {
  const id = `${b.kind}/${b.name}`;
  if (b.kind === 'StatefulSet' || b.kind === 'DaemonSet') {
    return { kind: 'on-delete', severity: 'warning', namespace: b.namespace, objects: [id], message: `${id}: ${b.reason}.`, advice: b.advice };
  }
  const cron = b.kind === 'Job' ? jobs.find((j) => j.metadata.namespace === b.namespace && j.metadata.name === b.name)?.metadata.ownerReferences?.find((o) => o.kind === 'CronJob') : undefined;
  if (cron) {
    return {
      kind: 'will-not-move', severity: 'info', namespace: b.namespace, objects: [id, `CronJob/${cron.name}`],
      message: `Job ${b.name} of CronJob ${cron.name} keeps its old proxy until it ends.`,
      advice: `Nothing to do unless it runs long: the CronJob's next run is injected by the new revision (or delete this Job).`,
    };
  }
  return { kind: 'will-not-move', severity: 'warning', namespace: b.namespace, objects: [id], message: `${id}: ${b.reason}; its pods keep the old proxy.`, advice: b.advice };
}

/** One finding per namespace for the restarted workloads whose containers have no readiness probe. */
function withoutProbes(namespace: string, workloads: [WorkloadRef, KWorkload][]): BlastFinding[] {
  const ids = workloads.filter(([, w]) => {
    const containers = w.spec?.template?.spec?.containers ?? [];
    return containers.length > 0 && !containers.some((c) => c.readinessProbe);
  }).map(([ref]) => `${ref.kind}/${ref.name}`);
  if (!ids.length) return [];
  return [{
    kind: 'no-readiness-probe', severity: 'warning', namespace, objects: ids,
    message: `${ids.join(', ')} ${ids.length === 1 ? 'has' : 'have'} no readiness probe: pods count as Ready as soon as they start, so the rollout moves on (and traffic arrives) before the app behind the new proxy can serve.`,
    advice: 'Add a readinessProbe to the app container, or migrate when a short error burst is acceptable.',
  }];
}

export function blastRadius(plan: MigrationPlan, inputs: BlastInputs): BlastRadius {
  const findings: BlastFinding[] = [];
  for (const ns of plan.namespaces) {
    const seenPdbs = new Set<string>();
    const restarted: [WorkloadRef, KWorkload][] = [];
    for (const ref of ns.restart) {
      const w = inputs.workloads.find((x) => x.metadata.namespace === ref.namespace && x.metadata.name === ref.name && (x.kind ?? ref.kind) === ref.kind);
      if (!w) continue;
      restarted.push([ref, w]);
      findings.push(...workloadFindings(ref, w, inputs, seenPdbs));
    }
    findings.push(...withoutProbes(ns.namespace, restarted));
    for (const b of ns.blocked) findings.push(notMoving(b, inputs.jobs));
  }
  return { findings, problems: inputs.problems };
}
