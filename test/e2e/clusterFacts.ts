/**
 * Facts read from a simulator through the project's own kube client, from the runner process (not the
 * browser): what a migration left in the cluster, independent of what the UI says.
 */
import { loadKubeconfigs } from '../../src/kube/kubeconfigLoader';
import { openClusterSession } from '../../src/kube/clusterSession';
import type { KNamespace, KPod } from '../../src/mesh/kubeObjects';

export interface NamespaceFacts {
  namespace: KNamespace;
  pods: KPod[];
}

export async function readNamespaceFacts(kubeconfigPath: string, context: string, namespace: string): Promise<NamespaceFacts> {
  const loaded = loadKubeconfigs([kubeconfigPath]);
  if (loaded.fileErrors.length) throw new Error(`kubeconfig ${kubeconfigPath}: ${loaded.fileErrors.map((e) => e.message).join('; ')}`);
  const session = openClusterSession(loaded, context);
  try {
    const ns = await session.client.get('namespaces', namespace);
    const pods = await session.client.list('pods', { namespace });
    return { namespace: ns, pods: pods.items };
  } finally {
    session.dispose();
  }
}

export interface InjectedBy {
  revision: string;
  /** Where it was read: Istio ≥ 1.18 sets the annotation, older injectors the label, ≥ 1.11 the status. */
  source: 'annotation istio.io/rev' | 'label istio.io/rev' | 'sidecar.istio.io/status';
}

/** The revision whose injector made a pod, from the first of annotation, label, status that says it. */
export function injectedBy(pod: KPod): InjectedBy | undefined {
  const meta = pod.metadata;
  const annotation = meta.annotations?.['istio.io/rev'];
  if (annotation) return { revision: annotation, source: 'annotation istio.io/rev' };
  const label = meta.labels?.['istio.io/rev'];
  if (label) return { revision: label, source: 'label istio.io/rev' };
  try {
    const s = JSON.parse(meta.annotations?.['sidecar.istio.io/status'] ?? '') as { revision?: unknown };
    if (typeof s.revision === 'string') return { revision: s.revision, source: 'sidecar.istio.io/status' };
  } catch {
    // no status: not injected
  }
  return undefined;
}

export function proxyImage(pod: KPod): string | undefined {
  const all = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  return all.find((c) => c.name === 'istio-proxy')?.image;
}

export interface MigratedExpectation {
  /** Value of the namespace's istio.io/rev label after the migration (the tag name). */
  revLabel: string;
  /** Revision whose injector must have made every pod. */
  revision: string;
  /** Proxy image tag, e.g. 1.8.0 (image must end with `proxyv2:<version>`). */
  version: string;
  /** How many pods the namespace must have. */
  pods?: number;
}

/** Problems found (empty: the namespace is fully migrated). */
export function migrationProblems(facts: NamespaceFacts, want: MigratedExpectation): string[] {
  const problems: string[] = [];
  const name = facts.namespace.metadata.name;
  const labels = facts.namespace.metadata.labels ?? {};
  if (labels['istio.io/rev'] !== want.revLabel) problems.push(`namespace ${name}: istio.io/rev=${labels['istio.io/rev'] ?? '(unset)'}, want ${want.revLabel}`);
  if ('istio-injection' in labels) problems.push(`namespace ${name}: still has istio-injection=${labels['istio-injection']}`);
  const live = facts.pods.filter((p) => !p.metadata.deletionTimestamp);
  if (want.pods !== undefined && live.length !== want.pods) problems.push(`namespace ${name}: ${live.length} pod(s), want ${want.pods}`);
  for (const pod of live) {
    const rev = injectedBy(pod)?.revision;
    const image = proxyImage(pod);
    const where = `pod ${name}/${pod.metadata.name}`;
    if (rev !== want.revision) problems.push(`${where}: injected by ${rev ?? 'nothing'}, want ${want.revision}`);
    if (!image?.endsWith(`proxyv2:${want.version}`)) problems.push(`${where}: proxy image ${image ?? '(none)'}, want …proxyv2:${want.version}`);
    if (pod.status?.phase !== 'Running') problems.push(`${where}: phase ${pod.status?.phase ?? '(none)'}`);
  }
  return problems;
}
