/** What every plan step executor takes and gives back. */
import type { ClusterClient } from '../kube/clusterClient';
import type { Journal, PlanVerification } from '../upgrade/journal';
import type { ProgressEvent } from '../upgrade/migrationRunner';
import type { NamespaceGate } from '../upgrade/trafficGate';
import type { ProgramRunner } from './programRunner';

export interface StepDeps {
  client: ClusterClient;
  journal: Journal;
}

export interface StepRunOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
  rolloutTimeoutMs?: number;
  /** Verify also with istiod's /debug/syncz. */
  syncz?: boolean;
  /** One line per thing done (the CLI prints them, the extension shows them in its progress). */
  onProgress?: (message: string) => void;
  /** Said as the run goes: waiting on a lock, running without one. */
  onNotice?: (message: string) => void;
  /** How install steps run istioctl / helm / kubectl (tests give their own). */
  runProgram?: ProgramRunner;
  /** How long a wave's verification keeps re-reading pods that are still rolling (default 10 s). */
  verifySettleMs?: number;
  /** How often waiting steps poll (default 2 s). */
  pollMs?: number;
  /**
   * The traffic gate for a wave that names `traffic`: the gate, or why there is none (no Prometheus found …), in
   * which case the wave refuses before any write. Absent: the caller cannot run it. `soakSeconds`: the wave's own
   * soak, which then replaces the gate's default (each namespace soaks before it is judged).
   */
  trafficGate?: (soakSeconds?: number) => Promise<NamespaceGate | string>;
}

export type StepStatus = 'completed' | 'failed' | 'cancelled' | 'dry run';

export interface StepOutcome {
  status: StepStatus;
  /** One line: "2 namespaces verified on 1-8-0", "tag prod → 1-8-0", "already installed". */
  summary: string;
  error?: string;
  /** Engine runs the step made (migrate, tag, …), oldest first. */
  runIds: string[];
  verifications: PlanVerification[];
  /** What was done or would be done, one line each. */
  details: string[];
}

export function progressText(e: ProgressEvent): string {
  return `${e.namespace}: ${e.step} ${e.message}`;
}
