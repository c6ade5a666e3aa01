/**
 * Relabel one namespace with one merge patch (`istio-injection` removed, `istio.io/rev` set — as Kiali does).
 * The patch carries the resourceVersion it was planned against: on 409 the namespace is re-read; if someone
 * else changed the injection labels meanwhile we stop instead of overwriting their change.
 */
import type { ClusterClient } from '../kube/clusterClient';
import { isClusterError } from '../kube/clusterError';
import { injectionLabelsOf, labelPatch, type InjectionLabels } from '../mesh/migrationPlan';
import type { Journal, RunRecord } from './journal';
import { UpgradeError } from './upgradeErrors';

export interface RelabelResult {
  namespace: string;
  changed: boolean;
  dryRun: boolean;
  before: InjectionLabels;
  after: InjectionLabels;
}

function same(a: InjectionLabels, b: InjectionLabels): boolean {
  return a['istio-injection'] === b['istio-injection'] && a['istio.io/rev'] === b['istio.io/rev'];
}

function show(l: InjectionLabels): string {
  const parts = Object.entries(l).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(', ') : 'no injection labels';
}

function asRecord(l: InjectionLabels): Record<string, string | null> {
  return { 'istio-injection': l['istio-injection'] ?? null, 'istio.io/rev': l['istio.io/rev'] ?? null };
}

export async function relabelNamespace(
  client: ClusterClient,
  namespace: string,
  expectedBefore: InjectionLabels,
  after: InjectionLabels,
  opts: { journal?: Journal; run?: RunRecord; dryRun?: boolean; signal?: AbortSignal; maxConflicts?: number },
): Promise<RelabelResult> {
  const maxConflicts = opts.maxConflicts ?? 3;
  for (let attempt = 0; ; attempt++) {
    const ns = await client.get('namespaces', namespace, undefined, opts.signal);
    const current = injectionLabelsOf(ns.metadata.labels);
    if (same(current, after)) return { namespace, changed: false, dryRun: !!opts.dryRun, before: current, after };
    if (!same(current, expectedBefore)) {
      throw new UpgradeError('conflict', `${namespace}: its injection labels changed since the plan (expected ${show(expectedBefore)}, found ${show(current)}); not overwriting someone else's change — plan again.`);
    }
    const patch = labelPatch(current, after);
    const body = { metadata: { ...patch.metadata, resourceVersion: ns.metadata.resourceVersion } };
    const journaled = !opts.dryRun && opts.journal && opts.run;
    const base = { runId: opts.run?.runId ?? '', context: client.context, kind: 'namespaces' as const, name: namespace, field: 'metadata.labels', before: asRecord(current), after: asRecord(after) };
    if (journaled) opts.journal?.recordWrite({ ...base, phase: 'intent' });
    try {
      await client.patch('namespaces', namespace, undefined, 'merge', body, { dryRun: opts.dryRun, signal: opts.signal });
    } catch (e) {
      if (isClusterError(e) && e.kind === 'conflict' && attempt < maxConflicts) {
        if (journaled) opts.journal?.recordWrite({ ...base, phase: 'failed', error: 'conflict (409): re-reading' });
        continue;
      }
      if (journaled) opts.journal?.recordWrite({ ...base, phase: 'failed', error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
    if (journaled) opts.journal?.recordWrite({ ...base, phase: 'applied' });
    return { namespace, changed: true, dryRun: !!opts.dryRun, before: current, after };
  }
}
