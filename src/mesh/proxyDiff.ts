/**
 * The before/after diff of proxy versions (pure). "Before" is a baseline taken when a run or the panel
 * started; "after" is the live snapshot. Pods are replaced by a rollout (new names), so pods are paired per
 * workload: the k-th pod before with the k-th pod after, both sorted by name.
 */
import type { MeshSnapshot, Proxy, Workload } from './model';
import { compareVersions, proxySkew } from './versionSkew';

export interface ProxyState {
  pod: string;
  revision?: string;
  version?: string;
  image?: string;
  injected: boolean;
  stale: boolean;
}

export type ChangeKind = 'upgraded' | 'downgraded' | 'revision-changed' | 'unchanged' | 'stale' | 'lost-sidecar' | 'gained-sidecar' | 'new' | 'removed';

export interface DiffRow {
  namespace: string;
  workload: string;
  kind: string;
  restartable: boolean;
  before?: ProxyState;
  after?: ProxyState;
  change: ChangeKind;
}

export interface DiffScope {
  /** Only these namespaces (undefined = all with proxies). */
  namespaces?: string[];
  /** Only namespaces/workloads whose proxies run (or target) this revision. */
  revision?: string;
}

export interface Baseline {
  context: string;
  takenAt: string;
  scope: DiffScope;
  /** namespace → workload key (`Kind/name`) → pods */
  pods: Record<string, Record<string, ProxyState[]>>;
}

export interface DiffSummary {
  before: Record<string, number>;
  after: Record<string, number>;
  stillStale: number;
  changes: Record<ChangeKind, number>;
  revisions: { name: string; version?: string; isDefault: boolean }[];
  skew: string[];
}

export interface ProxyDiff {
  context: string;
  baselineAt: string;
  rows: DiffRow[];
  summary: DiffSummary;
}

function state(p: Proxy): ProxyState {
  return { pod: p.pod, revision: p.revision, version: p.proxyVersion, image: p.proxyImage, injected: p.injected, stale: p.needsRestart };
}

function inScope(scope: DiffScope, namespace: string, w: Workload, targetRevision?: string): boolean {
  if (scope.namespaces && !scope.namespaces.includes(namespace)) return false;
  if (!scope.revision) return true;
  return targetRevision === scope.revision || w.pods.some((p) => p.revision === scope.revision);
}

function collect(snapshot: MeshSnapshot, scope: DiffScope): Record<string, Record<string, ProxyState[]>> {
  const out: Record<string, Record<string, ProxyState[]>> = {};
  for (const ns of snapshot.namespaces) {
    for (const w of ns.workloads) {
      if (!w.pods.some((p) => p.injected || p.needsRestart)) continue;
      if (!inScope(scope, ns.name, w, ns.target?.revision)) continue;
      const key = `${w.kind}/${w.name}`;
      (out[ns.name] ??= {})[key] = w.pods.filter((p) => p.phase !== 'Succeeded' && p.phase !== 'Failed').map(state).sort((a, b) => a.pod.localeCompare(b.pod));
    }
  }
  return out;
}

export function takeBaseline(snapshot: MeshSnapshot, scope: DiffScope, now = new Date()): Baseline {
  return { context: snapshot.context, takenAt: now.toISOString(), scope, pods: collect(snapshot, scope) };
}

export function classify(before: ProxyState | undefined, after: ProxyState | undefined): ChangeKind {
  if (!before) return 'new';
  if (!after) return 'removed';
  if (before.injected && !after.injected) return 'lost-sidecar';
  if (!before.injected && after.injected) return 'gained-sidecar';
  const c = compareVersions(after.version, before.version);
  if (after.version && before.version && c > 0) return 'upgraded';
  if (after.version && before.version && c < 0) return 'downgraded';
  if (after.stale) return 'stale';
  if (before.revision !== after.revision) return 'revision-changed';
  return 'unchanged';
}

function workloadFacts(snapshot: MeshSnapshot): Map<string, { kind: string; restartable: boolean }> {
  const m = new Map<string, { kind: string; restartable: boolean }>();
  for (const ns of snapshot.namespaces) for (const w of ns.workloads) m.set(`${ns.name}\u0000${w.kind}/${w.name}`, { kind: w.kind, restartable: w.restartable && !w.paused });
  return m;
}

export function diffProxies(baseline: Baseline, snapshot: MeshSnapshot): ProxyDiff {
  const now = collect(snapshot, baseline.scope);
  const facts = workloadFacts(snapshot);
  const rows: DiffRow[] = [];
  const namespaces = [...new Set([...Object.keys(baseline.pods), ...Object.keys(now)])].sort();
  for (const namespace of namespaces) {
    const b = baseline.pods[namespace] ?? {};
    const a = now[namespace] ?? {};
    for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
      const before = b[key] ?? [];
      const after = a[key] ?? [];
      const [kind, ...rest] = key.split('/');
      const workload = rest.join('/');
      const f = facts.get(`${namespace}\u0000${key}`) ?? { kind, restartable: false };
      for (let i = 0; i < Math.max(before.length, after.length); i++) {
        rows.push({ namespace, workload, kind: f.kind, restartable: f.restartable, before: before[i], after: after[i], change: classify(before[i], after[i]) });
      }
    }
  }
  return { context: snapshot.context, baselineAt: baseline.takenAt, rows, summary: summarize(rows, snapshot) };
}

function summarize(rows: DiffRow[], snapshot: MeshSnapshot): DiffSummary {
  const before: Record<string, number> = {};
  const after: Record<string, number> = {};
  const changes = { upgraded: 0, downgraded: 0, 'revision-changed': 0, unchanged: 0, stale: 0, 'lost-sidecar': 0, 'gained-sidecar': 0, new: 0, removed: 0 } as Record<ChangeKind, number>;
  let stillStale = 0;
  for (const r of rows) {
    if (r.before?.injected) before[r.before.version ?? 'unknown'] = (before[r.before.version ?? 'unknown'] ?? 0) + 1;
    if (r.after?.injected) after[r.after.version ?? 'unknown'] = (after[r.after.version ?? 'unknown'] ?? 0) + 1;
    if (r.after?.stale) stillStale++;
    changes[r.change]++;
  }
  const skew: string[] = [];
  for (const [version, n] of Object.entries(after)) {
    const cps = snapshot.revisions.filter((rev) => rev.version).map((rev) => rev.version as string);
    if (cps.length && cps.every((cp) => proxySkew(cp, version) === 'proxy-ahead')) skew.push(`${n} proxies on ${version} are newer than every control plane (${cps.join(', ')}): not supported.`);
    if (cps.length && cps.every((cp) => proxySkew(cp, version) === 'proxy-too-old')) skew.push(`${n} proxies on ${version} are more than one minor behind every control plane (${cps.join(', ')}).`);
  }
  return {
    before, after, stillStale, changes, skew,
    revisions: snapshot.revisions.map((r) => ({ name: r.name, version: r.version, isDefault: r.isDefault })),
  };
}
