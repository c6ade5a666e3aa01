/**
 * The one owner of a run's lifecycle, used by every front end (extension commands and CLI): start the journal run
 * (with its owner process) → take the namespaces' locks → do the work → record how it ended → release the locks.
 * The run always ends — completed, failed or cancelled — even when the work throws or is cancelled; a lock lost
 * mid-run aborts the work and fails the run with why. Dry runs start no run and take no lock.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { Journal, RestoreTarget, RunCommand, RunRecord } from './journal';
import { newRunId } from './journal';
import { NamespaceLocker, type HeldLocks, type LockConfig } from './namespaceLocks';
import { currentOwner, operatorName } from './processOwner';
import { currentPlanStep } from './runPlanContext';
import { UpgradeError, errorMessage } from './upgradeErrors';

export interface ScopeDeps {
  client: ClusterClient;
  journal?: Journal;
}

export interface ScopeSpec {
  command: RunCommand;
  target?: string;
  /** The run's namespaces (journal). */
  namespaces: string[];
  /** The namespaces to lock (default: `namespaces`). */
  lockNamespaces?: readonly string[];
  options?: RunRecord['options'];
  rollbackOf?: string;
  restore?: RestoreTarget[];
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Cross-user locks; false: none (default: 30 s leases, or $ISTIO_CANARY_LEASE_SECONDS). */
  locks?: LockConfig | false;
  /** Said as the run goes: waiting on a lock, running without one. */
  onNotice?: (message: string) => void;
}

export interface RunContext {
  /** The journal run (undefined for a dry run or without a journal). */
  run?: RunRecord;
  journal?: Journal;
  /** The caller's signal, or a lost lock. */
  signal: AbortSignal;
  /** Things the front end must say with the result (e.g. no cross-user lock). */
  warnings: string[];
}

export interface RunVerdict {
  status: 'completed' | 'failed' | 'cancelled';
  error?: string;
  stoppedAt?: string;
}

export function defaultLockConfig(): LockConfig {
  const seconds = Number(process.env.ISTIO_CANARY_LEASE_SECONDS);
  return Number.isFinite(seconds) && seconds >= 1 ? { durationSeconds: seconds } : {};
}

function lostReason(signal: AbortSignal): string | undefined {
  return signal.aborted ? errorMessage(signal.reason) : undefined;
}

/** Runs `work` inside a run; `judge` turns its result into how the run ended. Rethrows what `work` throws. */
export async function inRunScope<T>(deps: ScopeDeps, spec: ScopeSpec, work: (rc: RunContext) => Promise<T>, judge: (value: T) => RunVerdict): Promise<T> {
  const caller = spec.signal ?? new AbortController().signal;
  if (spec.dryRun) return work({ signal: caller, warnings: [] });
  const { journal, client } = deps;
  let run = journal?.startRun({
    runId: newRunId(), command: spec.command, context: client.context, target: spec.target, namespaces: spec.namespaces,
    ...(spec.options ? { options: spec.options } : {}), ...(spec.rollbackOf ? { rollbackOf: spec.rollbackOf } : {}),
    ...(spec.restore ? { restore: spec.restore } : {}), ...(currentPlanStep() ? { plan: currentPlanStep() } : {}),
  });
  const end = (v: RunVerdict, warnings: string[]): void => {
    if (run && journal) run = journal.updateRun(run, { status: v.status, error: v.error, stoppedAt: v.status === 'completed' ? undefined : v.stoppedAt ?? v.error, ...(warnings.length ? { warnings } : {}) });
  };
  const warnings: string[] = [];
  let locks: HeldLocks | undefined;
  const wanted = spec.locks === false ? [] : [...new Set(spec.lockNamespaces ?? spec.namespaces)];
  if (wanted.length) {
    const owner = currentOwner();
    const locker = new NamespaceLocker(client, {
      operator: operatorName(owner), host: owner.host, pid: owner.pid, runId: run?.runId ?? newRunId(), command: spec.command,
      ...(spec.target ? { target: spec.target } : {}),
    }, { ...(spec.locks || defaultLockConfig()), onWait: spec.onNotice });
    try {
      locks = await locker.acquire(wanted, caller);
    } catch (e) {
      end({ status: caller.aborted ? 'cancelled' : 'failed', error: errorMessage(e), stoppedAt: 'taking the namespace locks' }, warnings);
      throw e;
    }
    for (const d of locks.degraded) {
      const w = `${d.namespace}: no cross-user lock (${d.reason}); another operator could change it at the same time`;
      warnings.push(w);
      spec.onNotice?.(w);
    }
  }
  const signal = locks ? AbortSignal.any([caller, locks.lost]) : caller;
  try {
    const value = await work({ run, journal, signal, warnings });
    const lost = locks && lostReason(locks.lost);
    end(lost ? { status: 'failed', error: lost } : judge(value), warnings);
    return value;
  } catch (e) {
    const lost = locks && lostReason(locks.lost);
    const cancelled = !lost && (caller.aborted || (e instanceof UpgradeError && e.kind === 'cancelled'));
    end({ status: cancelled ? 'cancelled' : 'failed', error: lost ?? errorMessage(e) }, warnings);
    throw e;
  } finally {
    await locks?.release();
  }
}
