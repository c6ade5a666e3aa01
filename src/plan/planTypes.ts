/** A parsed plan file: the values, and where each one is written (for diagnostics and quick fixes). */
import type { LabelSelector } from '../mesh/kubeObjects';
import type { StepKind } from './planFormat';
import type { Span } from './yamlTree';

export type { Span } from './yamlTree';
export type { StepKind } from './planFormat';

interface StepBase {
  /** 1-based, as `apply --step N` counts. */
  index: number;
  kind: StepKind;
  title?: string;
  /** The whole step item, and its kind key (`- wave:`): where CodeLenses and step-wide diagnostics go. */
  span: Span;
  keySpan: Span;
  /** Where each field's value is written: `to`, `namespaces`, `namespaces.2`, `tag` … */
  at: Record<string, Span>;
}

export interface PrecheckStep extends StepBase {
  kind: 'precheck';
  failOn: 'error' | 'warning';
}

export interface InstallStep extends StepBase {
  kind: 'install';
  revision: string;
  version?: string;
  via: 'istioctl' | 'helm' | 'sail' | 'manual';
  command: string[];
  timeoutMs: number;
}

export interface TagStep extends StepBase {
  kind: 'tag';
  action: 'set' | 'move' | 'remove';
  tag: string;
  /** set / move: the revision afterwards. */
  revision: string;
}

export interface WaveStep extends StepBase {
  kind: 'wave';
  namespaces?: string[];
  selector?: LabelSelector;
  match?: string;
  to: string;
  concurrency: number;
  soakMs: number;
  gates: string[];
}

export interface GatewayStep extends StepBase {
  kind: 'gateway';
  mode: 'inPlace' | 'switch';
  namespace?: string;
  deployment?: string;
  revision: string;
  service?: { namespace: string; name: string };
  to?: { namespace: string; name: string };
}

export interface RemoveRevisionStep extends StepBase {
  kind: 'removeRevision';
  revision: string;
}

export type PlanStep = PrecheckStep | InstallStep | TagStep | WaveStep | GatewayStep | RemoveRevisionStep;

export interface UpgradePlan {
  name?: string;
  description?: string;
  context: string;
  from: string;
  to: string;
  steps: PlanStep[];
  /** Where `spec.context`, `spec.from`, `spec.to` and `spec.steps` are written. */
  at: Record<string, Span>;
}

export type ProblemSeverity = 'error' | 'warning' | 'info';

/** A text edit by offsets (the editor layer turns it into a WorkspaceEdit). */
export interface PlanEdit {
  span: Span;
  text: string;
}

export interface PlanFix {
  title: string;
  edits: PlanEdit[];
}

export interface PlanProblem {
  severity: ProblemSeverity;
  /** Stable, for tests and filtering, e.g. `unknown-namespace`. */
  code: string;
  message: string;
  span: Span;
  /** The step it is about (1-based), when it is about one. */
  step?: number;
  fixes?: PlanFix[];
}
