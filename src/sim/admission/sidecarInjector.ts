/**
 * The mutating-admission step for pod CREATE: evaluates every Istio injector webhook
 * (`*sidecar-injector.istio.io`) with the API server's selector semantics, "calls" the matching ones
 * and injects with the first, applying istiod's own policy (`injectRequired`) on top.
 */
import { selectorMatches } from '../../mesh/labelSelector';
import type { KWebhookConfiguration, Webhook } from '../../mesh/kubeObjects';
import type { MutatingAdmission } from '../core/clusterApi';
import { internalError } from '../core/errors';
import type { ObjectStore } from '../core/objectStore';
import type { KubeObject } from '../core/types';
import { asArray, asObject } from '../util/json';
import { resolveInjectionTarget } from './injectionTarget';
import { injectSidecar, STATUS_ANNOTATION } from './sidecarTemplate';

export const DOUBLE_INJECTION_ANNOTATION = 'sim.istio.io/double-injection';
const IGNORED_NAMESPACES = new Set(['kube-system', 'kube-public']);

interface Match {
  config: KWebhookConfiguration;
  webhook: Webhook;
}

function coversPodCreate(webhook: Webhook): boolean {
  return asArray(webhook.rules).some((r) => {
    const rule = asObject(r);
    const ops = asArray(rule.operations);
    const resources = asArray(rule.resources);
    return (ops.includes('CREATE') || ops.includes('*')) && (resources.includes('pods') || resources.includes('*'));
  });
}

export function matchingInjectorWebhooks(store: ObjectStore, nsLabels: Record<string, string>, podLabels: Record<string, string>): Match[] {
  const configs = (store.list('mutatingwebhookconfigurations') as unknown as KWebhookConfiguration[])
    .slice()
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  const out: Match[] = [];
  for (const config of configs) {
    for (const webhook of config.webhooks ?? []) {
      if (!webhook.name.endsWith('sidecar-injector.istio.io') || !coversPodCreate(webhook)) continue;
      if (selectorMatches(webhook.namespaceSelector, nsLabels) && selectorMatches(webhook.objectSelector, podLabels)) {
        out.push({ config, webhook });
      }
    }
  }
  return out;
}

/** istiod's `injectRequired`: the label beats the annotation; host-network and system pods are skipped. */
function injectionRequired(pod: KubeObject, namespace: string): boolean {
  const spec = asObject(pod.spec);
  if (spec.hostNetwork === true || IGNORED_NAMESPACES.has(namespace)) return false;
  const meta = pod.metadata;
  if (meta.annotations?.[STATUS_ANNOTATION]) return false;
  const value = meta.labels?.['sidecar.istio.io/inject'] ?? meta.annotations?.['sidecar.istio.io/inject'];
  if (value === undefined || value === '') return true;
  return ['y', 'yes', 'true', 'on'].includes(value.toLowerCase());
}

export function createSidecarInjector(store: ObjectStore): MutatingAdmission {
  return (type, pod, attrs) => {
    if (type.kind !== 'Pod') return;
    const nsLabels = attrs.namespace?.metadata.labels ?? {};
    const matches = matchingInjectorWebhooks(store, nsLabels, pod.metadata.labels ?? {});
    if (!matches.length) return;
    let injected = false;
    for (const m of matches) {
      const res = resolveInjectionTarget(store, m.config, m.webhook);
      if (!res.ok) {
        if (m.webhook.failurePolicy === 'Ignore') continue;
        throw internalError(res.error);
      }
      if (injected || !injectionRequired(pod, pod.metadata.namespace ?? '')) continue;
      injectSidecar(pod, res.target);
      injected = true;
    }
    const configs = new Set(matches.map((m) => m.config.metadata.name));
    if (injected && configs.size > 1) {
      pod.metadata.annotations = {
        ...pod.metadata.annotations,
        [DOUBLE_INJECTION_ANNOTATION]: matches.map((m) => `${m.config.metadata.name}/${m.webhook.name}`).join(','),
      };
    }
  };
}
