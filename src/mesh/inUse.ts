/**
 * "In use" per revision, after Sail's `isRevisionReferenced` (istio-model.md M13.2): a tag points at it, a namespace's
 * effective target is it, a live pod was injected by it or (unlabeled namespace) selects it, or it is the
 * default revision. Also fills namespaceCount and proxyCount.
 */
import type { DefaultRevision, InUseReason, NamespaceBinding, Revision, Tag } from './model';

/** A live pod whose own template selects a revision in an unlabeled namespace. */
export interface PodSelection {
  namespace: string;
  pod: string;
  revision: string;
}

const TERMINAL = new Set(['Succeeded', 'Failed']);

export function computeUsage(
  revisions: Revision[],
  tags: Tag[],
  namespaces: NamespaceBinding[],
  defaultRevision: DefaultRevision | undefined,
  podSelections: PodSelection[],
): void {
  for (const r of revisions) {
    const reasons: InUseReason[] = [];
    if (defaultRevision?.name === r.name) reasons.push({ kind: 'default' });
    for (const t of tags) if (t.revision === r.name) reasons.push({ kind: 'tag', tag: t.name });
    const bound = namespaces.filter((ns) => ns.state === 'bound' && ns.target?.revision === r.name);
    for (const ns of bound) reasons.push({ kind: 'namespace', namespace: ns.name });
    const pods = new Set<string>();
    let proxyCount = 0;
    for (const ns of namespaces) {
      for (const w of ns.workloads) {
        for (const p of w.pods) {
          if (!p.injected || p.revision !== r.name || (p.phase !== undefined && TERMINAL.has(p.phase))) continue;
          proxyCount++;
          pods.add(`${p.namespace}\u0000${p.pod}`);
        }
      }
    }
    for (const s of podSelections) if (s.revision === r.name) pods.add(`${s.namespace}\u0000${s.pod}`);
    for (const key of [...pods].sort()) {
      const [namespace, pod] = key.split('\u0000');
      reasons.push({ kind: 'pod', namespace, pod });
    }
    r.inUse = reasons;
    r.namespaceCount = bound.length;
    r.proxyCount = proxyCount;
  }
}
