/**
 * Blue/green gateway switch: one merge patch of a Service's `spec.selector`, carrying the resourceVersion it was
 * read at. On 409 the Service is re-read; if its selector is no longer the planned "before" someone else changed
 * it and we stop. Journaled, so `switchBack` can restore the recorded selector at once.
 */
import type { ClusterClient } from '../kube/clusterClient';
import { deploymentSettled } from '../mesh/gateways';
import { resolveWrites } from './journalHistory';
import { journaledWrite } from './journaledWrite';
import { isClusterError } from '../kube/clusterError';
import type { KService, StringMap } from '../mesh/kubeObjects';
import { sameSelector, selectorPatch, type GatewaySwitchPlan } from '../mesh/gatewayPlans';
import type { GatewayRef } from '../mesh/gateways';
import type { Journal, RunRecord } from './journal';
import { UpgradeError } from './upgradeErrors';

export interface SelectorChange {
  service: GatewayRef;
  changed: boolean;
  dryRun: boolean;
  before: StringMap;
  after: StringMap;
}

export interface WriteOpts {
  journal?: Journal;
  run?: RunRecord;
  dryRun?: boolean;
  signal?: AbortSignal;
  maxConflicts?: number;
}

const show = (s: StringMap): string => JSON.stringify(s);

/** Sets `expected` → `after` on the Service's selector, refusing when the live selector is neither. */
export async function setServiceSelector(client: ClusterClient, service: GatewayRef, expected: StringMap, after: StringMap, opts: WriteOpts): Promise<SelectorChange> {
  const maxConflicts = opts.maxConflicts ?? 3;
  for (let attempt = 0; ; attempt++) {
    const svc = await client.get('services', service.name, service.namespace, opts.signal);
    const current = svc.spec?.selector ?? {};
    if (sameSelector(current, after)) return { service, changed: false, dryRun: !!opts.dryRun, before: current, after };
    if (!sameSelector(current, expected)) {
      throw new UpgradeError('conflict', `Service ${service.namespace}/${service.name}: its selector changed since the plan (expected ${show(expected)}, found ${show(current)}); not overwriting someone else's change — plan again.`);
    }
    const body = { metadata: { resourceVersion: svc.metadata.resourceVersion }, spec: { selector: selectorPatch(current, after) } };
    const record = {
      kind: 'services' as const, namespace: service.namespace, name: service.name, field: 'spec.selector', before: { ...current }, after: { ...after },
      ...(svc.metadata.resourceVersion ? { resourceVersion: svc.metadata.resourceVersion } : {}),
    };
    const retry = attempt < maxConflicts;
    try {
      await journaledWrite(opts, client, record, () => client.patch('services', service.name, service.namespace, 'merge', body, { dryRun: opts.dryRun, signal: opts.signal }), {
        retryOnConflict: retry, fromReadBack: (o) => o as KService,
      });
    } catch (e) {
      if (retry && isClusterError(e) && e.kind === 'conflict') continue;
      throw e;
    }
    return { service, changed: true, dryRun: !!opts.dryRun, before: current, after };
  }
}

/** Re-checks the new gateway right before the write: ready (readyReplicas == replicas > 0). */
export async function requireReady(client: ClusterClient, to: GatewayRef, signal?: AbortSignal): Promise<void> {
  const d = await client.get('deployments', to.name, to.namespace, signal);
  const want = d.spec?.replicas ?? 1;
  const ready = d.status?.readyReplicas ?? 0;
  if (!deploymentSettled(d)) throw new UpgradeError('refused', `${to.namespace}/${to.name} is not ready (${ready}/${want} ready${(d.status?.updatedReplicas ?? want) !== want ? `, ${d.status?.updatedReplicas ?? 0} updated` : ''}): not switching traffic to it.`);
}

export async function switchGateway(client: ClusterClient, plan: GatewaySwitchPlan, opts: WriteOpts = {}): Promise<SelectorChange> {
  await requireReady(client, plan.to, opts.signal);
  return setServiceSelector(client, plan.service, plan.selectorBefore, plan.selectorAfter, opts);
}

/**
 * The selector write a switch run made (the last one applied, or left without a known outcome: switching back then
 * finds the Service either switched or as it was, and acts on that), for switching back.
 */
export function journaledSwitch(journal: Journal, runId: string): { service: GatewayRef; before: StringMap; after: StringMap } | undefined {
  const w = resolveWrites(journal.writes(runId)).reverse().find((x) => x.write.kind === 'services' && x.write.field === 'spec.selector' && x.fate !== 'failed')?.write;
  if (!w?.namespace) return undefined;
  const clean = (m: Record<string, string | null>): StringMap => Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => e[1] !== null));
  return { service: { namespace: w.namespace, name: w.name }, before: clean(w.before), after: clean(w.after) };
}

/** Restores the selector recorded by switch run `runId` (refusing if someone changed the Service since). */
export async function switchBack(client: ClusterClient, journal: Journal, runId: string, opts: WriteOpts = {}): Promise<SelectorChange> {
  const w = journaledSwitch(journal, runId);
  if (!w) throw new UpgradeError('refused', `Run ${runId} switched no Service selector: nothing to switch back.`);
  return setServiceSelector(client, w.service, w.after, w.before, opts);
}
