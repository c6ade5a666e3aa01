/**
 * Would the target's injector webhooks select a namespace with these labels? Evaluated on the real
 * MutatingWebhookConfigurations, as the API server does (namespaceSelector on the namespace labels,
 * objectSelector on a pod without Istio labels). Catches e.g. `istio.io/rev=default` against a 1.6-era
 * revisionless injector, which only selects `istio-injection=enabled`.
 */
import type { ClusterInventory, KWebhookConfiguration } from './kubeObjects';
import { selectorMatches } from './labelSelector';
import { LABEL_REV, LABEL_TAG } from './labels';

function belongsTo(config: KWebhookConfiguration, target: string, kind: 'revision' | 'tag'): boolean {
  const labels = config.metadata?.labels ?? {};
  if (kind === 'tag') return labels[LABEL_TAG] === target;
  if (labels[LABEL_TAG] !== undefined) return false;
  if (labels[LABEL_REV] !== undefined) return labels[LABEL_REV] === target;
  // Old revisionless installs may lack the label entirely.
  return target === 'default' && /^istio-sidecar-injector(-|$)/.test(config.metadata?.name ?? '');
}

/** True when a webhook of the target selects the labels; undefined when the target has no webhook here to judge by. */
export function injectorSelects(inv: ClusterInventory, target: string, kind: 'revision' | 'tag', namespaceLabels: Record<string, string>): boolean | undefined {
  const configs = (inv.mutatingWebhooks ?? []).filter((c) => belongsTo(c, target, kind));
  const hooks = configs.flatMap((c) => c.webhooks ?? []).filter((w) => typeof w?.name === 'string' && w.name.endsWith('sidecar-injector.istio.io'));
  if (hooks.length === 0) return undefined;
  return hooks.some((w) => selectorMatches(w.namespaceSelector, namespaceLabels) && selectorMatches(w.objectSelector, {}));
}
