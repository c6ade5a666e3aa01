/**
 * Precheck of versions (istio-model.md M11, M6.5): proxy ↔ control-plane skew, the canary jump between the oldest and newest
 * revision, the support window, and proxies whose image differs from their revision's injector (IST0158).
 */
import type { Finding } from './finding';
import { supportStatus } from './istioReleases';
import type { MeshSnapshot, Proxy, Revision } from './model';
import { byCount, plural } from './plural';
import { isTerminal } from './proxies';
import { compareVersions, minorDistance, minorOf, proxySkew } from './versionSkew';

const day = (d: Date): string => d.toISOString().slice(0, 10);

interface Group {
  namespace: string;
  revision: Revision;
  pods: Proxy[];
}

function groupPods(snapshot: MeshSnapshot, pick: (p: Proxy, r: Revision) => string | undefined): Map<string, Group> {
  const revisions = new Map(snapshot.revisions.map((r) => [r.name, r]));
  const groups = new Map<string, Group>();
  for (const ns of snapshot.namespaces) {
    for (const p of ns.workloads.flatMap((w) => w.pods)) {
      const r = p.revision !== undefined ? revisions.get(p.revision) : undefined;
      if (!p.injected || !r || isTerminal(p.phase)) continue;
      const kind = pick(p, r);
      if (!kind) continue;
      const key = `${kind}:ns/${ns.name}:${r.name}`;
      const g = groups.get(key);
      if (g) g.pods.push(p);
      else groups.set(key, { namespace: ns.name, revision: r, pods: [p] });
    }
  }
  return groups;
}

const podObjects = (g: Group): Finding['objects'] => g.pods.map((p) => ({ kind: 'Pod', namespace: g.namespace, name: p.pod }));

function skewFindings(snapshot: MeshSnapshot): Finding[] {
  const groups = groupPods(snapshot, (p, r) => {
    if (p.pinnedImage) return undefined;
    const s = proxySkew(r.version, p.proxyVersion);
    return s === 'proxy-ahead' || s === 'proxy-too-old' ? s : undefined;
  });
  return [...groups.entries()].map(([key, g]) => {
    const ahead = key.startsWith('proxy-ahead');
    const versions = [...new Set(g.pods.map((p) => p.proxyVersion ?? '?'))].sort(compareVersions).join(', ');
    return {
      id: `skew:${key}`, code: ahead ? 'proxy-ahead' : 'proxy-too-old', severity: ahead ? 'error' as const : 'warning' as const,
      title: ahead
        ? `${plural(g.pods.length, 'proxy', 'proxies')} in ${g.namespace} ${byCount(g.pods.length, 'is', 'are')} newer than ${byCount(g.pods.length, 'its', 'their')} control plane ${g.revision.name}`
        : `${plural(g.pods.length, 'proxy', 'proxies')} in ${g.namespace} ${byCount(g.pods.length, 'is', 'are')} more than one minor behind ${g.revision.name}`,
      detail: `Proxies ${versions} are connected to ${g.revision.name} (Istio ${g.revision.version}). `
        + (ahead
          ? 'The data plane must never be ahead of its control plane. Upgrade the control plane first, or move these workloads to a revision at least as new and restart them.'
          : 'The control plane may be at most one minor ahead of its proxies. Restart these workloads so they get the current proxy.'),
      objects: podObjects(g),
    };
  });
}

function canaryJump(snapshot: MeshSnapshot): Finding[] {
  const versioned = snapshot.revisions.filter((r) => minorOf(r.version) !== undefined).sort((a, b) => compareVersions(a.version, b.version));
  if (versioned.length < 2) return [];
  const oldest = versioned[0];
  const newest = versioned[versioned.length - 1];
  const d = minorDistance(oldest.version, newest.version);
  if (d === undefined || d <= 2) return [];
  return [{
    id: `canary-jump:${oldest.name}:${newest.name}`, code: 'canary-jump', severity: 'warning',
    title: `Revisions are ${d} minors apart (${oldest.version} → ${newest.version})`,
    detail: `A revision-based (canary) upgrade may jump at most two minors (e.g. 1.15 → 1.17). Moving workloads of ${oldest.name} (${oldest.version}) `
      + `straight to ${newest.name} (${newest.version}) is not supported: go through an intermediate revision.`,
    objects: [{ kind: 'Revision', name: oldest.name }, { kind: 'Revision', name: newest.name }],
  }];
}

function supportWindow(snapshot: MeshSnapshot, today: Date): Finding[] {
  const out: Finding[] = [];
  for (const r of snapshot.revisions) {
    const s = supportStatus(r.version, today);
    if (s.kind === 'unsupported') {
      out.push({
        id: `support:${r.name}`, code: 'unsupported-version', severity: 'warning',
        title: `Revision ${r.name}: Istio ${minorOf(r.version)} is out of support`,
        detail: `Istio ${r.version} (revision ${r.name}) left the support window on ${day(s.since)} `
          + (s.announced ? '(its end of life as announced by Istio)' : '(a minor is supported until 6 weeks after the N+2 minor\'s release)')
          + ' and gets no more security fixes. Plan a canary upgrade (at most two minors at a time).',
        objects: [{ kind: 'Revision', name: r.name }],
      });
    } else if (s.kind === 'table-outdated') {
      out.push({
        id: `support-table:${r.name}`, code: 'support-table-outdated', severity: 'info',
        title: `Revision ${r.name}: cannot tell whether Istio ${minorOf(r.version)} is still supported`,
        detail: `This extension's table of Istio releases ends with ${s.newest} (released ${day(s.newestReleased)}), more than four months ago, `
          + `so a newer minor may have ended support for ${minorOf(r.version)}. Check istio.io/latest/docs/releases/supported-releases, and update the extension.`,
        objects: [{ kind: 'Revision', name: r.name }],
      });
    }
  }
  return out;
}

const VARIANTS = ['-distroless', '-debug'];

function normalizeImage(image: string): string {
  let s = image.trim().replace(/^docker\.io\/(library\/)?/, '');
  for (const v of VARIANTS) if (s.endsWith(v)) s = s.slice(0, -v.length);
  return s;
}

function imageFindings(snapshot: MeshSnapshot): Finding[] {
  const groups = groupPods(snapshot, (p, r) => {
    if (p.pinnedImage) return 'pinned';
    if (!p.proxyImage || !r.expectedProxyImage) return undefined;
    return normalizeImage(p.proxyImage) === normalizeImage(r.expectedProxyImage) ? undefined : 'IST0158';
  });
  return [...groups.entries()].map(([key, g]) => {
    const images = [...new Set(g.pods.map((p) => p.proxyImage ?? 'unknown'))].sort().join(', ');
    if (key.startsWith('pinned')) {
      return {
        id: `pinned:ns/${g.namespace}:${g.revision.name}`, code: 'pinned-proxy-image', severity: 'info' as const,
        title: `${plural(g.pods.length, 'pod')} in ${g.namespace} ${byCount(g.pods.length, 'pins its', 'pin their')} proxy image`,
        detail: `sidecar.istio.io/proxyImage pins ${images} (revision ${g.revision.name} injects ${g.revision.expectedProxyImage ?? 'an unknown image'}). `
          + 'A restart does not change a pinned image, and its tag is not trusted as the Istio version: update or remove the annotation as part of the upgrade.',
        objects: podObjects(g),
      };
    }
    return {
      id: `IST0158:ns/${g.namespace}:${g.revision.name}`, code: 'proxy-image-mismatch IST0158', severity: 'warning' as const,
      title: `${plural(g.pods.length, 'pod')} in ${g.namespace} ${byCount(g.pods.length, 'runs', 'run')} a different proxy image than ${g.revision.name} injects`,
      detail: `Running ${images}; revision ${g.revision.name} now injects ${g.revision.expectedProxyImage}. The injector changed after these pods started (e.g. an in-place patch upgrade): restart them to pick up the current proxy.`,
      objects: podObjects(g),
    };
  });
}

/** The version checks in two parts of one pass over every proxy each (the extension host yields between them). */
export function versionCheckParts(snapshot: MeshSnapshot, today: Date): (() => Finding[])[] {
  return [
    () => [...skewFindings(snapshot), ...canaryJump(snapshot), ...supportWindow(snapshot, today)],
    () => imageFindings(snapshot),
  ];
}

export function versionFindings(snapshot: MeshSnapshot, today: Date): Finding[] {
  return versionCheckParts(snapshot, today).flatMap((part) => part());
}
