/**
 * Relabel one namespace with one merge patch (`istio-injection` removed, `istio.io/rev` set — as Kiali does).
 * The patch carries the resourceVersion it was planned against: on 409 the namespace is re-read; if someone
 * else changed the injection labels meanwhile we stop instead of overwriting their change.
 */
import type { ClusterClient } from '../kube/clusterClient';
import { isClusterError } from '../kube/clusterError';
import type { KNamespace } from '../mesh/kubeObjects';
import { injectionLabelsOf, labelPatch, type InjectionLabels } from '../mesh/migrationPlan';
import type { Journal, RunRecord } from './journal';
import { journaledWrite } from './journaledWrite';
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
    const record = {
      kind: 'namespaces' as const, name: namespace, field: 'metadata.labels', before: asRecord(current), after: asRecord(after),
      ...(ns.metadata.resourceVersion ? { resourceVersion: ns.metadata.resourceVersion } : {}),
    };
    const retry = attempt < maxConflicts;
    try {
      await journaledWrite(opts, client, record, () => client.patch('namespaces', namespace, undefined, 'merge', body, { dryRun: opts.dryRun, signal: opts.signal }), {
        retryOnConflict: retry, fromReadBack: (o) => o as KNamespace,
      });
    } catch (e) {
      if (retry && isClusterError(e) && e.kind === 'conflict') continue;
      throw e;
    }
    return { namespace, changed: true, dryRun: !!opts.dryRun, before: current, after };
  }
}
