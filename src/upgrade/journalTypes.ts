/** What the journal holds: runs (one line per state change) and writes (one line per phase of each write). */
import type { InjectionLabels } from '../mesh/migrationPlan';
import type { ProcessOwner } from './processOwner';

/** `sail`: writes to Sail resources (IstioRevisionTag, Istio) instead of what Sail renders. `plan-step`: a step of a plan file. */
export const RUN_COMMANDS = ['migrate', 'restart', 'rollback', 'workload-first', 'gateway-move', 'gateway-switch', 'remove-revision', 'tag', 'sail', 'plan-step'] as const;
export type RunCommand = (typeof RUN_COMMANDS)[number];

export const RUN_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A namespace a rollback restores: the labels to put back, and the labels our write left (they must still be there). */
export interface RestoreTarget {
  namespace: string;
  restore: InjectionLabels;
  expected: InjectionLabels;
  /** The run's last write here got no answer: the labels may also still be these (its `before`). */
  alsoAccept?: InjectionLabels;
  fromRun: string;
}

/** One verification a plan step made (a wave's namespaces after migrating, and again after its soak). */
export interface PlanVerification {
  namespace: string;
  verdict: 'pass' | 'fail' | 'warn';
  /** Which check: `migrate` (right after the namespace rolled) or a gate (`verify` after the soak). */
  gate: string;
  revision?: string;
  version?: string;
  pods: number;
  onTarget: number;
  reason?: string;
  at: string;
}

/**
 * A run made for a step of a plan file. The step's own run (command `plan-step`) says how the step went; the engine
 * runs it made (migrate, tag, gateway-switch …) carry the same reference plus `stepRun`, so a killed step can be
 * resumed and a finished one rolled back.
 */
export interface PlanStepRef {
  /** The plan file (absolute path) and a hash of its text when the step ran. */
  path: string;
  hash: string;
  /** 1-based step number, its kind, and a hash of what the step says (an edited step is a new step). */
  step: number;
  kind: string;
  stepHash: string;
  title?: string;
  /** `run`: doing the step; `rollback`: undoing it. */
  action: 'run' | 'rollback';
  /** Engine runs: the plan-step run they belong to. */
  stepRun?: string;
  /** Plan-step runs, once ended: one line on what the step did, and every verification it made. */
  summary?: string;
  verifications?: PlanVerification[];
}

/** What was done about an interrupted run (so it is offered only once). */
export interface RunHandled {
  how: 'dismissed' | 'resumed' | 'undone';
  /** The run that resumed or undid it. */
  by?: string;
  at: string;
}

export interface RunRecord {
  runId: string;
  command: RunCommand;
  context: string;
  /** Target revision or tag (migrate, workload-first). */
  target?: string;
  namespaces: string[];
  started: string;
  ended?: string;
  status: RunStatus;
  /** Where a cancelled/failed run stopped, e.g. "demo-b: waiting for rollouts". */
  stoppedAt?: string;
  error?: string;
  /** For a rollback: the run it undid. */
  rollbackOf?: string;
  options?: { relabelOnly?: boolean; concurrency?: number };
  /** The process that runs it: a "running" run whose owner is gone was interrupted. */
  owner?: ProcessOwner;
  /** A rollback's plan, so that an interrupted rollback can be resumed. */
  restore?: RestoreTarget[];
  /** Things the run wants said with it, e.g. "no cross-user lock: RBAC forbids leases in a". */
  warnings?: string[];
  /** An interrupted run that was dismissed, resumed or undone. */
  handled?: RunHandled;
  /** A run made for a plan file's step (istio-canary apply, the plan's CodeLens). */
  plan?: PlanStepRef;
}

/**
 * intent: recorded before the request is sent; applied: the server said so (or reading the object back showed our
 * values: readBack); failed: the server refused it, or reading back showed the prior values (not applied);
 * unknown: no answer (timeout, connection lost after sending, 5xx) and not (yet) resolved by reading back.
 */
export const WRITE_PHASES = ['intent', 'applied', 'failed', 'unknown'] as const;
export type WritePhase = (typeof WRITE_PHASES)[number];

export const WRITE_KINDS = ['namespaces', 'deployments', 'statefulsets', 'daemonsets', 'services', 'configmaps',
  'mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
  /** Sail resources (run command `sail`). */
  'istiorevisiontags', 'istios'] as const;
export type WriteKind = (typeof WRITE_KINDS)[number];

export interface JournalWrite {
  runId: string;
  /** Unique and increasing across every process writing this journal. */
  seq: number;
  time: string;
  phase: WritePhase;
  context: string;
  kind: WriteKind;
  namespace?: string;
  name: string;
  /** e.g. `metadata.labels` (the injection labels), `spec.template.metadata.annotations`, `spec.selector`, or
   *  `object` for a whole deleted object (before.object = its JSON, to re-create it). */
  field: string;
  before: Record<string, string | null>;
  after: Record<string, string | null>;
  error?: string;
  /** Tag and Sail writes: what was done to the object. */
  op?: 'create' | 'replace' | 'delete' | 'patch';
  /** Tag and Sail writes: the whole object before the write (null: it did not exist), so the write can be undone. */
  previousObject?: unknown;
  /** The seq of the intent this outcome answers. */
  intentSeq?: number;
  /** intent: the resourceVersion the write was planned against (its precondition); applied: the one it produced. */
  resourceVersion?: string;
  /** This outcome was decided by reading the object back after an unknown one. */
  readBack?: boolean;
  /** What reading back found when it was neither before nor after: someone else changed it. */
  found?: Record<string, string | null>;
}

export type Line =
  | { type: 'run'; run: RunRecord }
  | { type: 'write'; write: JournalWrite };
