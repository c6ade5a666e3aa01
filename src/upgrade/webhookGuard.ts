/**
 * Webhook health around a change (issue 16): read before and after a tag move, a revision removal or a rollback
 * (src/mesh/webhookHealth.ts) — the webhook configurations, and the Services and pods of the namespaces they
 * call — and say what the change broke, what was broken already, and the fix for a broken
 * `istiod-default-validator`. Reading is soft: a failed read is said, never a failed change.
 */
import type { ClusterClient } from '../kube/clusterClient';
import { isClusterError } from '../kube/clusterError';
import { discoverIstioNamespaces } from '../kube/istioNamespaces';
import type { RepointValidatorFix } from '../mesh/finding';
import { repointFix } from '../mesh/precheckWebhookHealth';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { isBroken, newlyBroken, webhookHealth, DEFAULT_VALIDATOR, type WebhookHealth } from '../mesh/webhookHealth';
import { readInventory } from './inventoryReader';
import { listInNamespaces } from './namespaceReader';

export interface WebhookGuardReport {
  /** Broken before the change (it did not cause them). */
  brokenBefore: WebhookHealth[];
  /** Broken by the change. */
  brokenByChange: WebhookHealth[];
  /** Broken after the change, whoever broke them. */
  brokenAfter: WebhookHealth[];
  /** Repointing the default validator, when it is broken after the change and a ready revision exists. */
  fix?: RepointValidatorFix;
  /** A read that failed: the health is unknown. */
  problem?: string;
}

/** Every Istio webhook and what it calls, freshly read (two cluster-wide LISTs, then the called namespaces only). */
export async function readWebhookHealth(client: ClusterClient, signal?: AbortSignal): Promise<WebhookHealth[]> {
  const [mutating, validating] = await Promise.all([
    client.list('mutatingwebhookconfigurations', { signal }),
    client.list('validatingwebhookconfigurations', { signal }),
  ]);
  const namespaces = discoverIstioNamespaces([...mutating.items, ...validating.items], []);
  const [services, pods, deployments] = await Promise.all([
    listInNamespaces(client, 'services', namespaces, signal),
    // Pods may be forbidden where Deployments are not: their ready replicas then stand in (webhookHealth.ts).
    listInNamespaces(client, 'pods', namespaces, signal).catch((e: unknown) => {
      if (signal?.aborted) throw e;
      return undefined;
    }),
    listInNamespaces(client, 'deployments', namespaces, signal),
  ]);
  return webhookHealth({
    mutatingWebhooks: mutating.items, validatingWebhooks: validating.items, services, pods: pods ?? [], podsRead: pods !== undefined, deployments,
    readNamespaces: new Set(namespaces),
  });
}

/** The default validator's fix, judged on a fresh snapshot of the control plane (only when it is broken). */
export async function planValidatorFix(client: ClusterClient, health: readonly WebhookHealth[], signal?: AbortSignal): Promise<RepointValidatorFix | undefined> {
  const broken = health.find((h) => h.config === DEFAULT_VALIDATOR && isBroken(h));
  if (!broken) return undefined;
  const inventory = await readInventory(client, { namespaces: [], owners: true, signal });
  return repointFix(broken, buildSnapshot(client.context, inventory), inventory.validatingWebhooks.find((v) => v.metadata.name === broken.config));
}

function problemOf(e: unknown): string {
  return `webhook health could not be read: ${isClusterError(e) ? e.message : e instanceof Error ? e.message : String(e)}`;
}

/** Health before `work`, `work` itself (its errors are its own), health after (skipped for a dry run). */
export async function guardWebhooks<T>(client: ClusterClient, work: () => Promise<T>, o: { dryRun?: boolean; signal?: AbortSignal } = {}): Promise<{ value: T; report: WebhookGuardReport }> {
  let before: WebhookHealth[] | undefined;
  let problem: string | undefined;
  try {
    before = await readWebhookHealth(client, o.signal);
  } catch (e) {
    problem = problemOf(e);
  }
  const value = await work();
  const report: WebhookGuardReport = { brokenBefore: (before ?? []).filter(isBroken), brokenByChange: [], brokenAfter: [] };
  try {
    const after = o.dryRun || !before ? before ?? [] : await readWebhookHealth(client, o.signal);
    report.brokenAfter = after.filter(isBroken);
    report.brokenByChange = before ? newlyBroken(before, after) : [];
    report.fix = await planValidatorFix(client, after, o.signal);
  } catch (e) {
    problem ??= problemOf(e);
  }
  return { value, report: problem ? { ...report, problem } : report };
}
