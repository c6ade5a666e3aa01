/** Reading Istio's MutatingWebhookConfigurations: injector (revision) webhooks vs revision-tag webhooks (istio-model.md M3/M4). */
import type { LabelSelector, LabelSelectorRequirement, StringMap } from './kubeObjects';
import { selectorMatches } from './labelSelector';
import { arr, isRecord, labelsOf, nameOf, rec, str, stringMap } from './untrusted';
import { LABEL_REV, LABEL_TAG } from './labels';

export interface WebhookEntry {
  name: string;
  serviceName?: string;
  serviceNamespace?: string;
  url?: string;
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
}

export interface InjectorWebhook {
  /** The MutatingWebhookConfiguration name. */
  config: string;
  revision: string;
  labels: StringMap;
  entries: WebhookEntry[];
}

export interface TagWebhook {
  config: string;
  tag: string;
  /** Target revision, from `istio.io/rev` or (fallback) the service name. */
  revision?: string;
  labels: StringMap;
  entries: WebhookEntry[];
}

export interface ClassifiedWebhooks {
  injectors: InjectorWebhook[];
  tags: TagWebhook[];
}

const INJECTOR_PREFIX = 'istio-sidecar-injector';
const TAG_PREFIX = 'istio-revision-tag-';

function sanitizeSelector(value: unknown): LabelSelector | undefined {
  if (!isRecord(value)) return undefined;
  const matchExpressions: LabelSelectorRequirement[] = arr(value.matchExpressions)
    .filter(isRecord)
    .flatMap((e) => {
      const key = str(e.key);
      const operator = str(e.operator);
      if (!key || !operator) return [];
      const values = arr(e.values).filter((v): v is string => typeof v === 'string');
      // An unknown operator is kept: requirementMatches treats it as never matching.
      return [{ key, operator: operator as LabelSelectorRequirement['operator'], values }];
    });
  return { matchLabels: stringMap(value.matchLabels), matchExpressions };
}

export function webhookEntries(config: unknown): WebhookEntry[] {
  const list = isRecord(config) ? arr(config.webhooks) : [];
  return list.filter(isRecord).map((w) => {
    const clientConfig = rec(w, 'clientConfig');
    const service = rec(clientConfig, 'service');
    return {
      name: str(w.name) ?? '',
      serviceName: str(service.name),
      serviceNamespace: str(service.namespace),
      url: str(clientConfig.url),
      namespaceSelector: sanitizeSelector(w.namespaceSelector),
      objectSelector: sanitizeSelector(w.objectSelector),
    };
  });
}

/** `istiod` → "default", `istiod-<rev>` → rev (dots kept), anything else → undefined. */
export function revisionFromServiceName(service: string | undefined): string | undefined {
  if (!service) return undefined;
  if (service === 'istiod') return 'default';
  if (service.startsWith('istiod-') && service.length > 'istiod-'.length) return service.slice('istiod-'.length);
  return undefined;
}

function serviceNamespaceOf(entries: WebhookEntry[]): string | undefined {
  return entries.map((e) => e.serviceNamespace).find((n) => !!n);
}

/** `istio-revision-tag-<tag>[-<ns>]` → tag (the namespace suffix only when it is not istio-system). */
function tagFromConfigName(config: string, istioNamespace: string | undefined): string {
  let rest = config.slice(TAG_PREFIX.length);
  if (istioNamespace && istioNamespace !== 'istio-system' && rest.endsWith(`-${istioNamespace}`)) {
    rest = rest.slice(0, -(istioNamespace.length + 1));
  }
  return rest;
}

export function classifyMutatingWebhooks(configs: unknown[], warnings: string[]): ClassifiedWebhooks {
  const injectors: InjectorWebhook[] = [];
  const tags: TagWebhook[] = [];
  for (const cfg of configs) {
    const config = nameOf(cfg);
    const labels = labelsOf(cfg);
    const entries = webhookEntries(cfg);
    const tagLabel = labels[LABEL_TAG];
    const rev = labels[LABEL_REV];
    if (tagLabel) {
      const fromService = revisionFromServiceName(entries.map((e) => e.serviceName).find((n) => !!n));
      if (!rev) {
        warnings.push(`Tag webhook ${config} has no istio.io/rev label${fromService ? `; using ${fromService} from its service` : ''}.`);
      }
      tags.push({ config, tag: tagLabel, revision: rev || fromService, labels, entries });
    } else if (config.startsWith(TAG_PREFIX)) {
      const tag = tagFromConfigName(config, serviceNamespaceOf(entries));
      const revision = rev || revisionFromServiceName(entries.map((e) => e.serviceName).find((n) => !!n));
      warnings.push(`Webhook ${config} looks like a revision tag but has no istio.io/tag label; reading it as tag "${tag}".`);
      tags.push({ config, tag, revision, labels, entries });
    } else if (rev !== undefined) {
      injectors.push({ config, revision: rev || 'default', labels, entries });
    } else if (config === INJECTOR_PREFIX || config.startsWith(`${INJECTOR_PREFIX}-`)) {
      // Old revisionless installs did not label the injector webhook.
      injectors.push({ config, revision: 'default', labels, entries });
    }
  }
  return { injectors, tags };
}

/** `istioctl tag set default` rewrites the revisionless injector's selectors to never match (istio-model.md M4.4). */
export function isDeactivated(entries: WebhookEntry[]): boolean {
  if (entries.length === 0) return false;
  return entries.every((e) =>
    [e.namespaceSelector, e.objectSelector].some((s) => s?.matchLabels?.['istio.io/deactivated'] !== undefined));
}

/**
 * An entry that injects into `istio-injection=enabled` namespaces for an ordinary pod: the revisionless
 * `namespace.sidecar-injector.istio.io` entry, or the 1.6-style `sidecar-injector.istio.io` one.
 */
export function selectsInjectionEnabled(entry: WebhookEntry): boolean {
  if (!entry.namespaceSelector) return false;
  return selectorMatches(entry.namespaceSelector, { 'istio-injection': 'enabled' })
    && selectorMatches(entry.objectSelector, {});
}
