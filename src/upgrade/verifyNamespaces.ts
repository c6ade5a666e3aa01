/**
 * Verify, reading fresh state; retried briefly because replaced pods take a moment to disappear. Each read is
 * the namespaces' own objects plus the control-plane context, which the polls (and the run, when it passes its
 * cache) share for a few seconds.
 */
import type { ClusterClient } from '../kube/clusterClient';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { verifyNamespaces as judge, type NamespaceVerdict } from '../mesh/verification';
import { ControlPlaneCache } from './controlPlaneContext';
import { readScopedInventory } from './scopedInventory';
import { readSyncz } from './synczReader';

export interface VerifyOptions {
  expectedRevision?: (namespace: string) => string | undefined;
  /** Keep re-reading while any namespace fails, up to this long (0 = one read). */
  settleMs?: number;
  pollMs?: number;
  signal?: AbortSignal;
  /** Also ask every istiod replica's /debug/syncz which control plane each proxy is connected to. */
  syncz?: boolean;
  /** The run's control-plane context (read once, reused for a few seconds); one for this call without it. */
  controlPlane?: ControlPlaneCache;
}

export async function verifyNamespaces(client: ClusterClient, namespaces: string[], opts: VerifyOptions = {}): Promise<NamespaceVerdict[]> {
  const deadline = Date.now() + (opts.settleMs ?? 0);
  const controlPlane = opts.controlPlane ?? new ControlPlaneCache(client);
  for (;;) {
    const inventory = await readScopedInventory(client, namespaces, { controlPlane, signal: opts.signal });
    const syncz = opts.syncz ? await readSyncz(client, inventory, opts.signal) : undefined;
    const verdicts = judge(buildSnapshot(client.context, inventory), inventory, namespaces, opts.expectedRevision, syncz?.connections);
    if (syncz?.errors.length) for (const v of verdicts) v.reason = [v.reason, `syncz unavailable from ${syncz.errors.join('; ')}`].filter(Boolean).join(' · ');
    if (verdicts.every((v) => v.verdict !== 'fail') || Date.now() >= deadline || opts.signal?.aborted) return verdicts;
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 500));
  }
}
