/**
 * Migration planning (pure): which labels change, which workloads restart, which pods cannot be rolled, and
 * what the skew rules say. "What needs a restart afterwards" is computed by rebuilding the snapshot from the
 * inventory with the planned labels applied, so the plan uses exactly the injection rules the tree shows.
 */
import type { ClusterInventory, KNamespace } from './kubeObjects';
import type { ManagedBy, MeshSnapshot, NamespaceBinding, Workload, WorkloadKindName } from './model';
import { buildSnapshot } from './snapshotBuilder';
import { LABEL_INJECTION, LABEL_REV } from './labels';
import { compareVersions, minorDistance, proxySkew } from './versionSkew';
import { isValidLabelValue } from './labelValue';
import { byCount } from './plural';
import { injectorSelects } from './injectorSelection';
import { shellCommand } from './shellQuote';
import { SYSTEM_NAMESPACES } from './systemNamespaces';
import { routeContextOf, routeWrite, type OwnerNativeRoute } from './owners/ownerRoute';

export interface MigrationTarget {
  /** The `istio.io/rev` value to set: a revision or a tag name. */
  name: string;
  kind: 'revision' | 'tag';
  revision: string;
  version?: string;
}

export interface InjectionLabels {
  'istio-injection'?: string;
  'istio.io/rev'?: string;
}

export type RestartableKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

export interface WorkloadRef {
  kind: RestartableKind;
  namespace: string;
  name: string;
}

export interface BlockedWorkload {
  kind: WorkloadKindName;
  namespace: string;
  name: string;
  reason: string;
  advice: string;
}

export interface NamespacePlan {
  namespace: string;
  labelsBefore: InjectionLabels;
  labelsAfter: InjectionLabels;
  relabel: boolean;
  /** The merge patch (`application/merge-patch+json`) that makes labelsAfter true. */
  patch: { metadata: { labels: Record<string, string | null> } };
  restart: WorkloadRef[];
  /** Pods that still need a restart afterwards but cannot be rolled (bare pods, Jobs, paused Deployments). */
  blocked: BlockedWorkload[];
  /** Proxies in the namespace now, and how many of them need a restart after the relabel. */
  proxies: number;
  staleAfter: number;
  /** The revision verify expects here; undefined: the plan's target; null: nothing to verify (not injected). */
  verifyRevision?: string | null;
  /** Who keeps the Namespace object (Argo CD, Flux…), when known. */
  owner?: ManagedBy;
  /** Set when the owner would revert the relabel: its way (the change to commit), for a refusal or "Relabel Anyway". */
  ownerRoute?: OwnerNativeRoute;
}

export type Severity = 'error' | 'warning' | 'info';

export interface PlanWarning {
  severity: Severity;
  namespace?: string;
  message: string;
}

export interface MigrationPlan {
  context: string;
  target: MigrationTarget;
  namespaces: NamespacePlan[];
  warnings: PlanWarning[];
  /** The kubectl commands this plan replaces, for the preview. */
  kubectl: string[];
}

export type PlanResult = { ok: true; plan: MigrationPlan } | { ok: false; error: string };

export function injectionLabelsOf(labels: Record<string, string> | undefined): InjectionLabels {
  const out: InjectionLabels = {};
  if (labels?.[LABEL_INJECTION] !== undefined) out['istio-injection'] = labels[LABEL_INJECTION];
  if (labels?.[LABEL_REV] !== undefined) out['istio.io/rev'] = labels[LABEL_REV];
  return out;
}

/** The merge patch that turns `before` into `after` for the two injection labels (null removes a label). */
export function labelPatch(before: InjectionLabels, after: InjectionLabels): NamespacePlan['patch'] {
  const labels: Record<string, string | null> = {};
  for (const key of [LABEL_INJECTION, LABEL_REV] as const) {
    if (before[key] === after[key]) continue;
    labels[key] = after[key] ?? null;
  }
  return { metadata: { labels } };
}

export function resolveTarget(snapshot: MeshSnapshot, name: string): MigrationTarget | undefined {
  const tag = snapshot.tags.find((t) => t.name === name);
  if (tag) return { name, kind: 'tag', revision: tag.revision, version: snapshot.revisions.find((r) => r.name === tag.revision)?.version };
  const rev = snapshot.revisions.find((r) => r.name === name);
  return rev ? { name, kind: 'revision', revision: rev.name, version: rev.version } : undefined;
}

function withoutInjectionLabels(labels: Record<string, string>): Record<string, string> {
  const out = { ...labels };
  delete out[LABEL_INJECTION];
  delete out[LABEL_REV];
  return out;
}

/** The inventory with some namespaces' injection labels replaced (what a relabel would make of it). */
export function withLabels(inv: ClusterInventory, changes: Map<string, InjectionLabels>): ClusterInventory {
  const namespaces: KNamespace[] = inv.namespaces.map((ns) => {
    const after = changes.get(ns.metadata?.name);
    if (!after) return ns;
    const labels = { ...(ns.metadata.labels ?? {}) };
    delete labels[LABEL_INJECTION];
    delete labels[LABEL_REV];
    if (after['istio-injection'] !== undefined) labels[LABEL_INJECTION] = after['istio-injection'];
    if (after['istio.io/rev'] !== undefined) labels[LABEL_REV] = after['istio.io/rev'];
    return { ...ns, metadata: { ...ns.metadata, labels } };
  });
  return { ...inv, namespaces };
}

const ADVICE: Record<string, string> = {
  Pod: 'It has no controller: delete it and create it again from its manifest.',
  Job: 'Let the Job finish; its next run gets the new proxy (or delete and re-create the Job).',
  ReplicaSet: 'Restart the Deployment that owns it, or delete its pods.',
  Other: 'Restart it through the controller that owns it.',
};

/** A workload that needs a restart after a relabel: restarted, or blocked with what to do instead. */
export function classify(w: Workload): { restart?: WorkloadRef; blocked?: BlockedWorkload } {
  if (!w.pods.some((p) => p.needsRestart)) return {};
  if (w.paused) {
    return { blocked: { kind: w.kind, namespace: w.namespace, name: w.name, reason: 'the Deployment is paused: a rollout restart would not replace its pods', advice: `Resume it first: kubectl rollout resume deployment/${w.name} -n ${w.namespace}` } };
  }
  if (w.onDelete) {
    return { blocked: { kind: w.kind, namespace: w.namespace, name: w.name, reason: 'its updateStrategy is OnDelete: a rollout restart changes the template but replaces no pod', advice: `Delete its pods one at a time after the relabel (kubectl delete pod NAME -n ${w.namespace}); each comes back with the new proxy. Or switch it to RollingUpdate.` } };
  }
  if (w.restartable && (w.kind === 'Deployment' || w.kind === 'StatefulSet' || w.kind === 'DaemonSet')) {
    return { restart: { kind: w.kind, namespace: w.namespace, name: w.name } };
  }
  return { blocked: { kind: w.kind, namespace: w.namespace, name: w.name, reason: `a ${w.kind} cannot be rolled out`, advice: ADVICE[w.kind] ?? ADVICE.Other } };
}

function skewWarnings(ns: NamespaceBinding, target: MigrationTarget): PlanWarning[] {
  const out: PlanWarning[] = [];
  const versions = new Set<string>();
  for (const w of ns.workloads) for (const p of w.pods) if (p.injected && p.proxyVersion) versions.add(p.proxyVersion);
  for (const v of versions) {
    if (!target.version) break;
    if (compareVersions(v, target.version) > 0) {
      out.push({ severity: 'warning', namespace: ns.name, message: `${ns.name}: proxies go back from ${v} to ${target.version} (a downgrade; each proxy then talks to ${target.revision}'s istiod, so there is no skew).` });
    }
    const jump = minorDistance(v, target.version);
    if (jump !== undefined && jump > 2) {
      out.push({ severity: 'warning', namespace: ns.name, message: `${ns.name}: ${v} → ${target.version} jumps ${jump} minor versions; Istio supports canary upgrades of at most two minors.` });
    }
  }
  for (const w of ns.workloads) {
    for (const p of w.pods) {
      if (!p.pinnedImage || !p.proxyVersion || !target.version) continue;
      const skew = proxySkew(target.version, p.proxyVersion);
      if (skew === 'proxy-ahead') out.push({ severity: 'warning', namespace: ns.name, message: `${ns.name}/${p.pod}: its pinned proxy ${p.proxyVersion} would be ahead of the control plane ${target.version} — not supported.` });
      if (skew === 'proxy-too-old') out.push({ severity: 'warning', namespace: ns.name, message: `${ns.name}/${p.pod}: its pinned proxy ${p.proxyVersion} is more than one minor behind ${target.version} — not supported.` });
    }
  }
  return out;
}

function relabelWrite(namespace: string, labels: Record<string, string>, patch: NamespacePlan['patch']) {
  const entries = Object.entries(patch.metadata.labels);
  return {
    kind: 'relabel-namespace' as const, namespace, labels,
    set: Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== null)),
    remove: entries.filter(([, v]) => v === null).map(([k]) => k),
  };
}

/** Namespaces whose owner would revert the relabel, with the owner's way. */
export function ownedNamespaces(plan: MigrationPlan): { namespace: string; route: OwnerNativeRoute }[] {
  return plan.namespaces.flatMap((n) => (n.ownerRoute ? [{ namespace: n.namespace, route: n.ownerRoute }] : []));
}

export function planMigration(context: string, inventory: ClusterInventory, namespaceNames: string[], targetName: string): PlanResult {
  if (!isValidLabelValue(targetName) || targetName === '') {
    return { ok: false, error: `"${targetName}" is not a valid label value for istio.io/rev (at most 63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit).` };
  }
  if (namespaceNames.length === 0) return { ok: false, error: 'No namespace chosen.' };
  const system = namespaceNames.filter((n) => SYSTEM_NAMESPACES.has(n));
  if (system.length) {
    return { ok: false, error: `${system.join(', ')}: Istio never injects kube-system, kube-public or kube-node-lease (its webhooks leave them out), so relabelling would only restart cluster components. Leave ${system.length === 1 ? 'it' : 'them'} out of the migration.` };
  }
  const now = buildSnapshot(context, inventory);
  const target = resolveTarget(now, targetName);
  if (!target) {
    const known = [...now.tags.map((t) => `${t.name} (tag)`), ...now.revisions.map((r) => r.name)].join(', ') || 'none';
    return { ok: false, error: `"${targetName}" is neither a revision nor a tag in ${context} (known: ${known}).` };
  }
  if (target.kind === 'tag' && !now.revisions.some((r) => r.name === target.revision)) {
    return { ok: false, error: `Tag "${targetName}" points at revision ${target.revision}, which does not exist in ${context}: no control plane would inject the pods (they would fail to start or come up without a proxy). Move the tag to an installed revision first (tag move ${targetName} --revision REV), or migrate to a revision.` };
  }
  const missing = namespaceNames.filter((n) => !now.namespaces.some((ns) => ns.name === n));
  if (missing.length) return { ok: false, error: `${byCount(missing.length, 'Namespace', 'Namespaces')} not found in ${context}: ${missing.join(', ')}.` };

  const warnings: PlanWarning[] = [];
  const rev = now.revisions.find((r) => r.name === target.revision);
  if (rev && !rev.external && rev.readyReplicas === 0) {
    warnings.push({ severity: 'error', message: `istiod of ${rev.name} has 0/${rev.desiredReplicas} ready replicas: pods created now fail injection (failurePolicy Fail) and the rollouts stall.` });
  }
  if (now.revisions.some((r) => r.name === targetName) && now.tags.some((t) => t.name === targetName)) {
    warnings.push({ severity: 'warning', message: `"${targetName}" is both a revision and a tag: both injectors would match and inject twice.` });
  }

  const changes = new Map<string, InjectionLabels>();
  const before = new Map<string, NamespaceBinding>();
  for (const name of namespaceNames) {
    const ns = now.namespaces.find((n) => n.name === name) as NamespaceBinding;
    before.set(name, ns);
    changes.set(name, { 'istio.io/rev': target.name });
  }
  const after = buildSnapshot(context, withLabels(inventory, changes));

  const plans: NamespacePlan[] = [];
  const kubectl: string[] = [];
  for (const name of namespaceNames) {
    const old = before.get(name) as NamespaceBinding;
    const next = after.namespaces.find((n) => n.name === name) as NamespaceBinding;
    const labelsBefore = injectionLabelsOf(old.labels);
    const labelsAfter = changes.get(name) as InjectionLabels;
    const patch = labelPatch(labelsBefore, labelsAfter);
    const relabel = Object.keys(patch.metadata.labels).length > 0;
    const restart: WorkloadRef[] = [];
    const blocked: BlockedWorkload[] = [];
    for (const w of next.workloads) {
      const c = classify(w);
      if (c.restart) restart.push(c.restart);
      if (c.blocked) blocked.push(c.blocked);
    }
    const proxies = old.workloads.reduce((n, w) => n + w.pods.filter((p) => p.injected).length, 0);
    const staleAfter = next.workloads.reduce((n, w) => n + w.pods.filter((p) => p.needsRestart).length, 0);
    const planned: NamespacePlan = { namespace: name, labelsBefore, labelsAfter, relabel, patch, restart, blocked, proxies, staleAfter };
    if (old.managedBy) planned.owner = old.managedBy;
    const route = relabel ? routeWrite(relabelWrite(name, old.labels, patch), old.managedBy, routeContextOf(now)) : undefined;
    if (route?.route === 'owner-native') planned.ownerRoute = route;
    plans.push(planned);

    const newLabels = { ...withoutInjectionLabels(old.labels), 'istio.io/rev': target.name };
    if (injectorSelects(inventory, target.name, target.kind, newLabels) === false) {
      warnings.push({ severity: 'error', namespace: name, message: `${name}: no injector webhook of ${target.name} selects a namespace labelled istio.io/rev=${target.name}, so its pods would not be injected (a revisionless 1.6-era injector only selects istio-injection=enabled; use a revision or a tag instead).` });
    }
    if (old.state === 'disabled') warnings.push({ severity: 'warning', namespace: name, message: `${name} has istio-injection=disabled: migrating turns injection on.` });
    if (old.conflict) warnings.push({ severity: 'info', namespace: name, message: `${name}: the istio-injection label that overrode istio.io/rev is removed.` });
    if (!relabel) warnings.push({ severity: 'info', namespace: name, message: `${name} already has istio.io/rev=${target.name}: only stale workloads are restarted.` });
    const ignored = old.workloads.filter((w) => w.templateRevision && w.templateRevision !== target.name).map((w) => w.name);
    if (ignored.length) warnings.push({ severity: 'info', namespace: name, message: `${name}: the pod-level istio.io/rev of ${ignored.join(', ')} is ignored once the namespace is labelled (the namespace label wins).` });
    for (const b of blocked) warnings.push({ severity: 'warning', namespace: name, message: `${name}/${b.name}: ${b.reason}. ${b.advice}` });
    warnings.push(...skewWarnings(old, target));

    if (relabel) {
      const parts = Object.entries(patch.metadata.labels).map(([k, v]) => (v === null ? `${k}-` : `${k}=${v}`));
      kubectl.push(shellCommand(['kubectl', '--context', context, 'label', 'namespace', name, ...parts, '--overwrite']));
    }
    for (const r of restart) kubectl.push(shellCommand(['kubectl', '--context', context, 'rollout', 'restart', `${r.kind.toLowerCase()}/${r.name}`, '-n', name]));
  }
  return { ok: true, plan: { context, target, namespaces: plans, warnings, kubectl } };
}
