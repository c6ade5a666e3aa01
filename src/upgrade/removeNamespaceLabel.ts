/**
 * Apply a precheck fix: remove one injection label from a namespace with a journaled merge patch
 * `{"metadata":{"labels":{"<label>":null}}}`. Reuses relabelNamespace (409 re-read, refuses to overwrite a
 * concurrent change); journaled as a relabel-only "migrate" run so that `rollback --run` restores the label.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { FindingFix } from '../mesh/finding';
import { LABEL_INJECTION, LABEL_REV } from '../mesh/labels';
import { injectionLabelsOf, type InjectionLabels } from '../mesh/migrationPlan';
import type { Journal } from './journal';
import { relabelNamespace, type RelabelResult } from './relabelNamespace';
import { UpgradeError } from './upgradeErrors';

export interface RemoveLabelResult extends RelabelResult {
  runId?: string;
}

export async function removeNamespaceLabel(
  client: ClusterClient,
  fix: FindingFix,
  opts: { journal?: Journal; dryRun?: boolean; signal?: AbortSignal; expectedBefore?: InjectionLabels; activeRuns?: Set<string> } = {},
): Promise<RemoveLabelResult> {
  if (fix.label !== LABEL_INJECTION && fix.label !== LABEL_REV) {
    throw new UpgradeError('refused', `only the injection labels can be removed here, not ${fix.label}`);
  }
  const ns = await client.get('namespaces', fix.namespace, undefined, opts.signal);
  const current = injectionLabelsOf(ns.metadata.labels);
  const before = opts.expectedBefore ?? current;
  if (before[fix.label] === undefined) {
    return { namespace: fix.namespace, changed: false, dryRun: !!opts.dryRun, before: current, after: current };
  }
  const after: InjectionLabels = { ...before };
  delete after[fix.label];
  const run = opts.dryRun || !opts.journal ? undefined : opts.journal.startRun({
    command: 'migrate', context: client.context, target: after[LABEL_REV], namespaces: [fix.namespace], options: { relabelOnly: true },
  });
  if (run) opts.activeRuns?.add(run.runId);
  try {
    const result = await relabelNamespace(client, fix.namespace, before, after, { journal: opts.journal, run, dryRun: opts.dryRun, signal: opts.signal });
    if (run) opts.journal?.updateRun(run, { status: 'completed' });
    return run ? { ...result, runId: run.runId } : result;
  } catch (e) {
    if (run) opts.journal?.updateRun(run, { status: 'failed', stoppedAt: `${fix.namespace}: remove ${fix.label}`, error: e instanceof Error ? e.message : String(e) });
    throw e;
  } finally {
    if (run) opts.activeRuns?.delete(run.runId);
  }
}
