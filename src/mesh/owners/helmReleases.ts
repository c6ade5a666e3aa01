/**
 * Helm releases of the Istio namespaces (istio-model.md M15), from their decoded release Secrets: per release
 * the latest revision that is deployed or pending (an operation running or died mid-way), and which objects
 * its manifest renders — the proof a `meta.helm.sh/*` annotation needs.
 */
import type { HelmRelease } from '../model';
import { arr, isRecord, nameOf, namespaceOf, num, rec, str } from '../untrusted';

const LIVE = new Set(['deployed', 'pending-install', 'pending-upgrade', 'pending-rollback']);

export function isPendingStatus(status: string): boolean {
  return status.startsWith('pending-');
}

function releaseOf(secret: unknown): HelmRelease | undefined {
  const r = rec(secret, 'release');
  const name = str(r.name);
  const namespace = str(r.namespace) || str(rec(secret, 'metadata').namespace);
  const status = str(r.status) ?? '';
  if (!name || !namespace || !LIVE.has(status)) return undefined;
  const chart = rec(r, 'chart');
  const values = rec(r, 'values');
  const objects = Array.isArray(r.objects)
    ? arr(r.objects).filter(isRecord).flatMap((o) => {
      const kind = str(o.kind);
      const oname = str(o.name);
      if (!kind || !oname) return [];
      const ns = str(o.namespace);
      return [ns ? { kind, name: oname, namespace: ns } : { kind, name: oname }];
    })
    : undefined;
  const out: HelmRelease = {
    name, namespace, version: num(r.version) ?? 0, status,
    revisionTags: arr(values.revisionTags).filter((t): t is string => typeof t === 'string'),
  };
  if (str(chart.name)) out.chart = str(chart.name);
  if (str(chart.version)) out.chartVersion = str(chart.version);
  if (str(chart.appVersion)) out.appVersion = str(chart.appVersion);
  if (str(values.revision) !== undefined) out.revision = str(values.revision);
  if (str(values.defaultRevision) !== undefined) out.defaultRevision = str(values.defaultRevision);
  if (objects) out.objects = objects;
  if (str(r.problem)) out.problem = str(r.problem);
  return out;
}

/** The latest live revision of every release, sorted by namespace/name. Undecodable Secrets add nothing. */
export function latestReleases(secrets: unknown): HelmRelease[] {
  const latest = new Map<string, HelmRelease>();
  for (const s of arr(secrets)) {
    const release = releaseOf(s);
    if (!release) continue;
    const key = `${release.namespace}/${release.name}`;
    const known = latest.get(key);
    if (!known || release.version > known.version) latest.set(key, release);
  }
  return [...latest.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** Releases whose Secret could not be decoded, "istio-system/sh.helm.release.v1.x.v3: <why>". */
export function undecodableReleases(secrets: unknown): string[] {
  return arr(secrets).flatMap((s) => {
    const error = isRecord(s) ? str(s.decodeError) : undefined;
    return error ? [`${namespaceOf(s)}/${nameOf(s)}: ${error}`] : [];
  });
}

export interface ObjectRef {
  /** The object's `kind`, e.g. "MutatingWebhookConfiguration". */
  kind: string;
  name: string;
  /** Absent for cluster-scoped objects. */
  namespace?: string;
}

/** The release's manifest renders this object (a namespaced manifest entry without a namespace is in the release's). */
export function rendersObject(release: HelmRelease, ref: ObjectRef): boolean {
  return (release.objects ?? []).some((o) => o.kind === ref.kind && o.name === ref.name
    && (ref.namespace === undefined || (o.namespace ?? release.namespace) === ref.namespace));
}

export function findRelease(releases: readonly HelmRelease[], name: string, namespace: string): HelmRelease | undefined {
  return releases.find((r) => r.name === name && r.namespace === namespace);
}
