/**
 * The Sail Operator's "in use" rule (istio-model.md M13, M15, pkg/revision/references.go) over plain objects: a revision
 * is in use when a tag resolves to it, a namespace references it, or a live pod was injected by it (or, in an
 * unlabeled namespace, asks for it); a tag when a namespace or such a pod references its name.
 */
import type { KubeObject } from '../core/types';
import { asObject } from '../util/json';

/** `GetReferencedRevisionFromNamespace`: istio-injection=enabled → "default", else istio.io/rev. */
export function namespaceReference(labels: Record<string, string> | undefined): string {
  if (labels?.['istio-injection'] === 'enabled') return 'default';
  return labels?.['istio.io/rev'] ?? '';
}

/** `GetReferencedRevisionFromPod`: istio.io/rev, or sidecar.istio.io/inject=true → "default" (inject=false: none). */
export function podReference(labels: Record<string, string> | undefined): string {
  if (labels?.['sidecar.istio.io/inject'] === 'false') return '';
  if (labels?.['istio.io/rev']) return labels['istio.io/rev'];
  return labels?.['sidecar.istio.io/inject'] === 'true' ? 'default' : '';
}

export interface UsageInput {
  namespaces: KubeObject[];
  pods: KubeObject[];
  /** Resolved tag → revision (`status.istioRevision`). */
  tagTargets: Map<string, string>;
  /** Revisions whose values enable namespaces by default. */
  autoInjecting: Set<string>;
}

export interface Usage {
  revisionInUse(revision: string): boolean;
  tagInUse(tag: string): boolean;
}

export function computeUsage(input: UsageInput): Usage {
  const nsRefs = new Map(input.namespaces.map((n) => [n.metadata.name, namespaceReference(n.metadata.labels)]));
  const byNamespace = new Set(nsRefs.values());
  const injected = new Set<string>();
  const requested = new Set<string>();
  for (const pod of input.pods) {
    if (asObject(pod.status).phase === 'Succeeded') continue;
    const rev = pod.metadata.annotations?.['istio.io/rev'];
    if (rev) injected.add(rev);
    if (nsRefs.get(pod.metadata.namespace ?? '') === '') requested.add(podReference(pod.metadata.labels));
  }
  const tagsOn = new Set(input.tagTargets.values());
  return {
    revisionInUse: (rev) => tagsOn.has(rev) || byNamespace.has(rev) || injected.has(rev) || requested.has(rev) || (rev === 'default' && input.autoInjecting.has(rev)),
    tagInUse: (tag) => byNamespace.has(tag) || requested.has(tag) || (tag === 'default' && input.autoInjecting.has(input.tagTargets.get(tag) ?? '')),
  };
}
