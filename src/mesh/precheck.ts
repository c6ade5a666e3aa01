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
import { versionCheckParts } from './precheckVersions';
import { webhookCheckParts } from './precheckWebhooks';
import { webhookHealthFindings } from './precheckWebhookHealth';
import { forEachSliced } from './timeSlice';

export type { Finding, FindingFix, FindingObject, FindingSeverity, RemoveLabelFix, RepointValidatorFix } from './finding';

export interface PrecheckOptions {
  /** The day the support window is judged on (default: now). */
  today?: Date;
}

type Check = [string, () => Finding[]];

const NAMESPACE_CHUNK = 250;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out.length ? out : [[]];
}

function checksOf(inv: ClusterInventory, snapshot: MeshSnapshot, opts: PrecheckOptions): Check[] {
  const today = opts.today ?? new Date();
  return [
    ['control plane', () => controlPlaneFindings(inv, snapshot)],
    ['namespaces', () => namespaceFindings(snapshot)],
    ...webhookCheckParts(inv, snapshot, NAMESPACE_CHUNK).map((part): Check => ['webhooks', part]),
    ['webhook health', () => webhookHealthFindings(inv, snapshot)],
    // Per-namespace findings: in chunks of namespaces, so no one check holds the thread long (duplicates of the
    // revision-level findings collapse by id).
    ...chunks(Array.isArray(snapshot?.namespaces) ? snapshot.namespaces : [], NAMESPACE_CHUNK).flatMap((namespaces) =>
      versionCheckParts({ ...snapshot, namespaces }, today).map((part): Check => ['versions', part])),
    ['owners', () => ownerFindings(inv, snapshot)],
  ];
}

function runCheck([name, check]: Check, byId: Map<string, Finding>): void {
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

export function runPrecheck(inv: ClusterInventory, snapshot: MeshSnapshot, opts: PrecheckOptions = {}): Finding[] {
  const byId = new Map<string, Finding>();
  for (const check of checksOf(inv, snapshot, opts)) runCheck(check, byId);
  return sortFindings([...byId.values()]);
}

/** runPrecheck with a turn for the event loop between the checks (the extension host). */
export async function runPrecheckSliced(inv: ClusterInventory, snapshot: MeshSnapshot, opts: PrecheckOptions = {}): Promise<Finding[]> {
  const byId = new Map<string, Finding>();
  await forEachSliced(checksOf(inv, snapshot, opts), (check) => runCheck(check, byId));
  return sortFindings([...byId.values()]);
}
