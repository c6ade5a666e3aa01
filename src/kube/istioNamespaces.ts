/** Where the Istio control plane lives: the namespaces whose Services and ConfigMaps the cache watches. */
import type { KWebhookConfiguration, KWorkload } from '../mesh/kubeObjects';

export const DEFAULT_ISTIO_NAMESPACE = 'istio-system';

/** Istio's injector/validator/tag webhook configurations (other products' webhooks point elsewhere). */
export function isIstioWebhookConfiguration(w: KWebhookConfiguration): boolean {
  const labels = w.metadata.labels ?? {};
  if ('istio.io/rev' in labels || 'istio.io/tag' in labels) return true;
  if (labels.app === 'sidecar-injector' || labels.app === 'istiod') return true;
  return (w.webhooks ?? []).some((h) => h.name.endsWith('.istio.io'));
}

/**
 * The namespaces of Istio webhooks' `clientConfig.service` and of `app=istiod` Deployments, sorted;
 * istio-system when there are none.
 */
export function discoverIstioNamespaces(webhooks: readonly KWebhookConfiguration[], deployments: readonly KWorkload[]): string[] {
  const found = new Set<string>();
  for (const config of webhooks) {
    if (!isIstioWebhookConfiguration(config)) continue;
    for (const hook of config.webhooks ?? []) {
      const ns = hook.clientConfig?.service?.namespace;
      if (ns) found.add(ns);
    }
  }
  for (const d of deployments) {
    if (d.metadata.labels?.app === 'istiod' && d.metadata.namespace) found.add(d.metadata.namespace);
  }
  return found.size > 0 ? [...found].sort() : [DEFAULT_ISTIO_NAMESPACE];
}
