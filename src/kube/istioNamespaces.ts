/** Where the Istio control plane lives: the namespaces whose Services and ConfigMaps the cache watches. */
import type { KWebhookConfiguration, KWorkload } from '../mesh/kubeObjects';
import { gatewayStyleOf } from '../mesh/gateways';

export const DEFAULT_ISTIO_NAMESPACE = 'istio-system';

type Raw = Record<string, unknown>;

// Objects come from the API server as they are (untrimmed lists too): read every field defensively.
function rec(v: unknown): Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : {};
}

function hooksOf(w: KWebhookConfiguration): Raw[] {
  const hooks: unknown = w.webhooks;
  return Array.isArray(hooks) ? hooks.map(rec) : [];
}

/** Istio's injector/validator/tag webhook configurations (other products' webhooks point elsewhere). */
export function isIstioWebhookConfiguration(w: KWebhookConfiguration): boolean {
  const labels = rec(rec(w.metadata).labels);
  if ('istio.io/rev' in labels || 'istio.io/tag' in labels) return true;
  if (labels.app === 'sidecar-injector' || labels.app === 'istiod') return true;
  return hooksOf(w).some((h) => typeof h.name === 'string' && h.name.endsWith('.istio.io'));
}

/**
 * The namespaces of Istio webhooks' `clientConfig.service` and of `app=istiod` Deployments, sorted;
 * istio-system when there are none.
 */
export function discoverIstioNamespaces(webhooks: readonly KWebhookConfiguration[], deployments: readonly KWorkload[]): string[] {
  const found = new Set<string>();
  for (const config of webhooks) {
    if (!isIstioWebhookConfiguration(config)) continue;
    for (const hook of hooksOf(config)) {
      const ns = rec(rec(hook.clientConfig).service).namespace;
      if (typeof ns === 'string' && ns) found.add(ns);
    }
  }
  for (const d of deployments) {
    const meta = rec(d.metadata);
    if (rec(meta.labels).app === 'istiod' && typeof meta.namespace === 'string' && meta.namespace) found.add(meta.namespace);
  }
  return found.size > 0 ? [...found].sort() : [DEFAULT_ISTIO_NAMESPACE];
}

/**
 * Namespaces of Helm- or IstioOperator-style gateway Deployments outside the control plane's namespaces (e.g.
 * `istio-ingress`, as istio.io installs them with Helm): their Services and Helm release Secrets are read too, so
 * a gateway's Service and owner are known. Waypoints are left out: they live in application namespaces.
 */
export function gatewayNamespaces(deployments: readonly KWorkload[], except: readonly string[]): string[] {
  const found = new Set<string>();
  for (const d of deployments) {
    const ns = rec(d.metadata).namespace;
    if (typeof ns !== 'string' || !ns || except.includes(ns)) continue;
    const style = gatewayStyleOf(d);
    if (style === 'helm' || style === 'iop') found.add(ns);
  }
  return [...found].sort();
}
