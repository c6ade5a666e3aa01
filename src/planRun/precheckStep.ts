/** precheck: every precheck finding of the cluster now; an error (or, with failOn: warning, a warning) fails the step. */
import { findingSummary } from '../mesh/finding';
import { runPrecheck } from '../mesh/precheck';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import type { PrecheckStep } from '../plan/planTypes';
import { readInventory } from '../upgrade/inventoryReader';
import type { StepDeps, StepOutcome, StepRunOptions } from './stepTypes';

const TAG = { error: '✖', warning: '⚠', info: 'ℹ' } as const;

export async function runPrecheckStep(deps: StepDeps, step: PrecheckStep, o: StepRunOptions): Promise<StepOutcome> {
  o.onProgress?.('reading the cluster');
  const inv = await readInventory(deps.client, { owners: true, signal: o.signal });
  const findings = runPrecheck(inv, buildSnapshot(deps.client.context, inv));
  const failing = findings.filter((f) => f.severity === 'error' || (step.failOn === 'warning' && f.severity === 'warning'));
  const details = findings.map((f) => `${TAG[f.severity]} ${f.title} [${f.code}]`);
  const summary = findingSummary(findings);
  if (failing.length) {
    return { status: 'failed', summary, error: `precheck: ${failing.map((f) => f.title).join('; ')}`, runIds: [], verifications: [], details };
  }
  return { status: o.dryRun ? 'dry run' : 'completed', summary, runIds: [], verifications: [], details };
}
