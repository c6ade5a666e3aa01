/**
 * Precheck: findings about one cluster's Istio setup, computed purely from its inventory and snapshot — what
 * `istioctl analyze` and `istioctl x precheck` would flag for a canary upgrade, plus skew and support policy.
 * No I/O; never throws on bad cluster data (a failing check is reported as a finding instead).
 */
import type { ClusterInventory } from './kubeObjects';
import { sortFindings, type Finding } from './finding';
import type { MeshSnapshot } from './model';
import { controlPlaneFindings } from './precheckControlPlane';
import { namespaceFindings } from './precheckNamespaces';
import { ownerFindings } from './precheckOwners';
import { versionFindings } from './precheckVersions';
import { webhookFindings } from './precheckWebhooks';
import { webhookHealthFindings } from './precheckWebhookHealth';

export type { Finding, FindingFix, FindingObject, FindingSeverity, RemoveLabelFix, RepointValidatorFix } from './finding';

export interface PrecheckOptions {
  /** The day the support window is judged on (default: now). */
  today?: Date;
}

export function runPrecheck(inv: ClusterInventory, snapshot: MeshSnapshot, opts: PrecheckOptions = {}): Finding[] {
  const today = opts.today ?? new Date();
  const checks: Array<[string, () => Finding[]]> = [
    ['control plane', () => controlPlaneFindings(inv, snapshot)],
    ['namespaces', () => namespaceFindings(snapshot)],
    ['webhooks', () => webhookFindings(inv, snapshot)],
    ['webhook health', () => webhookHealthFindings(inv, snapshot)],
    ['versions', () => versionFindings(snapshot, today)],
    ['owners', () => ownerFindings(inv, snapshot)],
  ];
  const byId = new Map<string, Finding>();
  for (const [name, check] of checks) {
    let found: Finding[];
    try {
      found = check();
    } catch (e) {
      found = [{
        id: `precheck-failed:${name}`, code: 'precheck-failed', severity: 'warning', objects: [],
        title: `The ${name} checks could not run`, detail: e instanceof Error ? e.message : String(e),
      }];
    }
    for (const f of found) if (!byId.has(f.id)) byId.set(f.id, f);
  }
  return sortFindings([...byId.values()]);
}
