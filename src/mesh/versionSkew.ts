/**
 * Istio version arithmetic and skew policy (istio-model.md M11.1, M11.3): the control plane may be one minor ahead of the data
 * plane, never behind; revision-based (canary) upgrades may jump two minors, in-place upgrades one.
 */
import semver from 'semver';

/** Parsed versions by text: a cluster has a handful of versions and 40,000 proxies. Shared: never modify one. */
const parsed = new Map<string, Readonly<semver.SemVer> | null>();

export function parseVersion(version: string | undefined): Readonly<semver.SemVer> | undefined {
  if (typeof version !== 'string') return undefined;
  let v = parsed.get(version);
  if (v === undefined) {
    if (parsed.size > 1000) parsed.clear();
    v = semver.parse(version.trim().replace(/^v/, '')) ?? null;
    parsed.set(version, v);
  }
  return v ?? undefined;
}

/** Semver order; unknown or unparsable versions sort after every known one (and equal to each other). */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa && !pb) return 0;
  if (!pa) return 1;
  if (!pb) return -1;
  return semver.compare(pa, pb);
}

/** `to.minor - from.minor` when both parse and share the major version; otherwise undefined. */
export function minorDistance(from: string | undefined, to: string | undefined): number | undefined {
  const pf = parseVersion(from);
  const pt = parseVersion(to);
  if (!pf || !pt || pf.major !== pt.major) return undefined;
  return pt.minor - pf.minor;
}

/** "1.24" from "1.24.2"; undefined when unparsable. */
export function minorOf(version: string | undefined): string | undefined {
  const p = parseVersion(version);
  return p ? `${p.major}.${p.minor}` : undefined;
}

export function sameVersion(a: string | undefined, b: string | undefined): boolean {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  return !!pa && !!pb && semver.eq(pa, pb);
}

export type ProxySkew =
  /** Same minor, or the control plane one minor ahead. */
  | 'supported'
  /** The data plane is newer than its control plane: not supported. */
  | 'proxy-ahead'
  /** The control plane is more than one minor ahead of the proxy. */
  | 'proxy-too-old'
  | 'unknown';

/** A cluster has a handful of version pairs but 40,000 proxies: each pair is parsed once. */
const skewMemo = new Map<string, ProxySkew>();

export function proxySkew(controlPlane: string | undefined, proxy: string | undefined): ProxySkew {
  const key = `${controlPlane ?? '\u0001'}\u0000${proxy ?? '\u0001'}`;
  let skew = skewMemo.get(key);
  if (skew === undefined) {
    if (skewMemo.size > 1000) skewMemo.clear();
    skew = proxySkewOf(controlPlane, proxy);
    skewMemo.set(key, skew);
  }
  return skew;
}

function proxySkewOf(controlPlane: string | undefined, proxy: string | undefined): ProxySkew {
  const d = minorDistance(proxy, controlPlane);
  if (d === undefined) return 'unknown';
  if (d < 0) return 'proxy-ahead';
  if (d > 1) return 'proxy-too-old';
  return 'supported';
}

export type UpgradeKind = 'canary' | 'in-place';

/** Whether `from` → `to` respects the supported jump (canary ≤ 2 minors, in-place ≤ 1); undefined if unknown. */
export function upgradePathAllowed(from: string | undefined, to: string | undefined, kind: UpgradeKind): boolean | undefined {
  const d = minorDistance(from, to);
  if (d === undefined) return undefined;
  if (d < 0) return kind === 'in-place' ? d >= -1 : false;
  return d <= (kind === 'canary' ? 2 : 1);
}
