/**
 * Apply a precheck fix: remove one injection label from a namespace with a journaled merge patch
 * `{"metadata":{"labels":{"<label>":null}}}`. Reuses relabelNamespace (409 re-read, refuses to overwrite a
 * concurrent change); journaled as a relabel-only "migrate" run so that `rollback --run` restores the label.
 */
import type { ClusterClient } from '../kube/clusterClient';
import type { RemoveLabelFix } from '../mesh/finding';
import { LABEL_INJECTION, LABEL_REV } from '../mesh/labels';
import { injectionLabelsOf, type InjectionLabels } from '../mesh/migrationPlan';
import type { Journal } from './journal';
import type { LockConfig } from './namespaceLocks';
import { relabelNamespace, type RelabelResult } from './relabelNamespace';
import { inRunScope } from './runScope';
import { UpgradeError } from './upgradeErrors';

export interface RemoveLabelResult extends RelabelResult {
  runId?: string;
}

export async function removeNamespaceLabel(
  client: ClusterClient,
  fix: RemoveLabelFix,
  opts: { journal?: Journal; dryRun?: boolean; signal?: AbortSignal; expectedBefore?: InjectionLabels; locks?: LockConfig | false } = {},
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
  return inRunScope({ client, journal: opts.journal }, {
    command: 'migrate', target: after[LABEL_REV], namespaces: [fix.namespace], options: { relabelOnly: true },
    dryRun: opts.dryRun, signal: opts.signal, locks: opts.locks,
  }, async (rc) => ({
    ...await relabelNamespace(client, fix.namespace, before, after, { journal: rc.journal, run: rc.run, dryRun: opts.dryRun, signal: rc.signal }),
    ...(rc.run ? { runId: rc.run.runId } : {}),
  }), () => ({ status: 'completed' }));
}
