/**
 * Kubernetes' own namespaces, which Istio never injects (its webhooks and injector leave them out, istio-model.md M3, M5):
 * relabelling one changes nothing in the mesh and only restarts cluster components such as coredns.
 */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(['kube-system', 'kube-public', 'kube-node-lease']);
