/**
 * Where each namespace and workload appears in the tree, decided once per snapshot. Pure (no vscode) so the
 * placement rules are unit-tested: bound namespaces under their target revision; unlabeled namespaces whose
 * pods chose a revision themselves (pod-level `istio.io/rev`, gateways) under each revision their pods run;
 * conflicts and dangling labels in "Conflicts"; unlabeled ambient namespaces (no sidecars, yet in the mesh) in
 * "Ambient"; the rest in "Not in mesh".
 */
import type { MeshSnapshot, NamespaceBinding, Revision, Tag, Workload } from '../mesh/model';
import { SYSTEM_NAMESPACES } from '../mesh/systemNamespaces';

export interface NamespacePlacement {
  namespace: NamespaceBinding;
  /** The namespace is unlabeled: only these workloads (whose proxies run this revision) are shown. */
  podLevel: boolean;
  workloads: Workload[];
}

export interface RevisionPlacement {
  revision: Revision;
  tags: Tag[];
  namespaces: NamespacePlacement[];
}

export interface ClusterLayout {
  revisions: RevisionPlacement[];
  /** Namespaces with a conflict (both labels) or a label naming no revision/tag. */
  conflicts: NamespaceBinding[];
  /** Unlabeled namespaces without proxies, and disabled ones. */
  notInMesh: NamespaceBinding[];
  /** Unlabeled `istio.io/dataplane-mode=ambient` namespaces without sidecars: in the mesh through ztunnel. */
  ambient: NamespaceBinding[];
  /** Proxies whose revision is not in this cluster's list (e.g. a removed control plane). */
  orphans: NamespacePlacement[];
}

/** Revisions a workload's proxies run, or (pods waiting for a restart) the one its template selects. */
function proxyRevisionsOf(w: Workload): Set<string> {
  const revs = new Set<string>();
  for (const p of w.pods) if (p.injected && p.revision) revs.add(p.revision);
  if (revs.size === 0 && w.templateRevision && w.pods.some((p) => p.needsRestart)) revs.add(w.templateRevision);
  return revs;
}

export function layoutCluster(snapshot: MeshSnapshot, options: { showSystemNamespaces: boolean }): ClusterLayout {
  const byRevision = new Map<string, RevisionPlacement>();
  for (const revision of snapshot.revisions) {
    byRevision.set(revision.name, {
      revision,
      tags: snapshot.tags.filter((t) => t.revision === revision.name),
      namespaces: [],
    });
  }
  const conflicts: NamespaceBinding[] = [];
  const notInMesh: NamespaceBinding[] = [];
  const ambient: NamespaceBinding[] = [];
  const orphans: NamespacePlacement[] = [];

  for (const ns of snapshot.namespaces) {
    if (ns.conflict || ns.state === 'dangling') conflicts.push(ns);
    if (ns.state === 'bound' && ns.target) {
      const home = byRevision.get(ns.target.revision);
      const placement = { namespace: ns, podLevel: false, workloads: ns.workloads };
      if (home) home.namespaces.push(placement);
      else orphans.push(placement);
      continue;
    }
    if (ns.state === 'dangling') continue;
    // Unlabeled or disabled: place workloads by the revision their own proxies (or pod template) chose.
    const perRevision = new Map<string, Workload[]>();
    for (const w of ns.workloads) {
      for (const rev of proxyRevisionsOf(w)) {
        const list = perRevision.get(rev) ?? [];
        list.push(w);
        perRevision.set(rev, list);
      }
    }
    if (perRevision.size === 0 && ns.ambient && ns.state !== 'disabled') {
      ambient.push(ns);
      continue;
    }
    if (perRevision.size === 0 || ns.state === 'disabled') {
      if (options.showSystemNamespaces || !SYSTEM_NAMESPACES.has(ns.name)) notInMesh.push(ns);
      if (perRevision.size === 0) continue;
    }
    for (const [rev, workloads] of perRevision) {
      const placement = { namespace: ns, podLevel: true, workloads };
      const home = byRevision.get(rev);
      if (home) home.namespaces.push(placement);
      else orphans.push(placement);
    }
  }
  for (const r of byRevision.values()) r.namespaces.sort((a, b) => a.namespace.name.localeCompare(b.namespace.name));
  return { revisions: [...byRevision.values()], conflicts, notInMesh, ambient, orphans };
}
