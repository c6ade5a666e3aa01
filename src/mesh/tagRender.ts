/**
 * Rendering what `istioctl tag set` applies (istio-model.md M4.1, M4.2, M4.4, istioctl/pkg/tag/generate.go + the revision-tags chart
 * templates): the tag MutatingWebhookConfiguration built from the revision's canonical injector webhook, the
 * 1.27+ tag Service, the `istiod-default-validator` re-pointed for the `default` tag, and the deactivated
 * revisionless injector. Pure functions over plain objects.
 */
import type {
  KService, KWebhookConfiguration, LabelSelector, StringMap, Webhook, WebhookClientConfig,
} from './kubeObjects';
import { LABEL_REV, LABEL_TAG } from './labels';

export const TAG_WEBHOOK_PREFIX = 'istio-revision-tag-';
export const TAG_SERVICE_PREFIX = 'istiod-revision-tag-';
const INJECTION_SUFFIX = 'sidecar-injector.istio.io';

export function tagWebhookName(tag: string, istioNamespace: string): string {
  return `${TAG_WEBHOOK_PREFIX}${tag}${istioNamespace !== 'istio-system' ? `-${istioNamespace}` : ''}`;
}

export function tagServiceName(tag: string): string {
  return `${TAG_SERVICE_PREFIX}${tag}`;
}

const NOT_FALSE = { key: 'sidecar.istio.io/inject', operator: 'NotIn' as const, values: ['false'] };
const NO_REV = { key: 'istio.io/rev', operator: 'DoesNotExist' as const };
const NO_INJECTION = { key: 'istio-injection', operator: 'DoesNotExist' as const };

/** The fields istioctl carries over from the canonical webhook (clientConfig incl. caBundle, and the call policy). */
type Carried = Pick<Webhook, 'clientConfig' | 'rules' | 'sideEffects' | 'failurePolicy' | 'admissionReviewVersions' | 'reinvocationPolicy'>;

/** The first `*sidecar-injector.istio.io` entry of a canonical injector webhook, as istioctl picks it. */
export function canonicalEntry(injector: KWebhookConfiguration): Webhook | undefined {
  return (injector.webhooks ?? []).find((w) => w.name.endsWith(INJECTION_SUFFIX));
}

function carried(from: Webhook): Carried {
  const clientConfig: WebhookClientConfig = from.clientConfig.url !== undefined
    ? { url: from.clientConfig.url }
    : { service: { ...(from.clientConfig.service as NonNullable<WebhookClientConfig['service']>) } };
  if (from.clientConfig.caBundle !== undefined) clientConfig.caBundle = from.clientConfig.caBundle;
  const out: Carried = { clientConfig };
  if (from.rules !== undefined) out.rules = structuredClone(from.rules);
  if (from.sideEffects !== undefined) out.sideEffects = from.sideEffects;
  if (from.failurePolicy !== undefined) out.failurePolicy = from.failurePolicy;
  if (from.admissionReviewVersions !== undefined) out.admissionReviewVersions = [...from.admissionReviewVersions];
  if (from.reinvocationPolicy !== undefined) out.reinvocationPolicy = from.reinvocationPolicy;
  return out;
}

function entry(name: string, base: Carried, namespaceSelector: LabelSelector, objectSelector: LabelSelector): Webhook {
  return { name, ...structuredClone(base), namespaceSelector, objectSelector };
}

/** `--auto-inject-namespaces` (values.sidecarInjectorWebhook.enableNamespacesByDefault): namespaces the chart never auto-injects. */
export const AUTO_INJECT_EXCLUDED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];
export const AUTO_ENTRY_NAME = 'auto.sidecar-injector.istio.io';
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The chart's "Special case 3: no labels at all" entry selectors (revision-tags-mwc.yaml, enableNamespacesByDefault). */
export function autoEntrySelectors(): { namespaceSelector: LabelSelector; objectSelector: LabelSelector } {
  return {
    namespaceSelector: { matchExpressions: [NO_INJECTION, NO_REV, { key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: [...AUTO_INJECT_EXCLUDED_NAMESPACES] }] },
    objectSelector: { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'DoesNotExist' }, NO_REV] },
  };
}

/**
 * The tag webhook entries: `rev.*` select `istio.io/rev In [<tag>]`; the `default` tag also owns the revisionless
 * selectors, and with `autoInject` the `auto.*` entry. The chart renders `auto.*` only inside its `default` branch,
 * so `autoInject` on any other tag renders nothing (as istioctl).
 */
export function tagWebhookEntries(tag: string, base: Carried, autoInject = false): Webhook[] {
  const byTag = { key: 'istio.io/rev', operator: 'In' as const, values: [tag] };
  const out = [
    entry('rev.namespace.sidecar-injector.istio.io', base, { matchExpressions: [byTag, NO_INJECTION] }, { matchExpressions: [NOT_FALSE] }),
    entry('rev.object.sidecar-injector.istio.io', base, { matchExpressions: [NO_REV, NO_INJECTION] }, { matchExpressions: [NOT_FALSE, byTag] }),
  ];
  if (tag === 'default') {
    out.push(
      entry('namespace.sidecar-injector.istio.io', base, { matchExpressions: [{ key: 'istio-injection', operator: 'In', values: ['enabled'] }] }, { matchExpressions: [NOT_FALSE] }),
      entry('object.sidecar-injector.istio.io', base, { matchExpressions: [NO_INJECTION, NO_REV] },
        { matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'In', values: ['true'] }, NO_REV] }),
    );
    if (autoInject) {
      const auto = autoEntrySelectors();
      out.push(entry(AUTO_ENTRY_NAME, base, auto.namespaceSelector, auto.objectSelector));
    }
  }
  return out;
}

/** Labels of the chart's revision-tags MWC template (owner/release labels as an unmanaged `istioctl tag set` renders them). */
export function tagWebhookLabels(tag: string, revision: string): StringMap {
  return {
    [LABEL_TAG]: tag,
    [LABEL_REV]: revision,
    app: 'sidecar-injector',
    'operator.istio.io/component': 'Pilot',
    'install.operator.istio.io/owning-resource': 'unknown',
    'app.kubernetes.io/name': 'istiod',
    'app.kubernetes.io/part-of': 'istio',
  };
}

/** `name`: istio-revision-tag-<tag>[-<ns>] or the `--webhook-name` override (generateMutatingWebhook sets decodedWh.Name). */
export function renderTagWebhook(tag: string, revision: string, name: string, canonical: Webhook, autoInject = false): KWebhookConfiguration {
  return { metadata: { name, labels: tagWebhookLabels(tag, revision) }, webhooks: tagWebhookEntries(tag, carried(canonical), autoInject) };
}

/** 1.27+ tag Service (revision-tags-svc.yaml): same ports as the revision's istiod Service. */
export function renderTagService(tag: string, revision: string, istioNamespace: string, istiod: KService | undefined): KService {
  return {
    metadata: {
      name: tagServiceName(tag), namespace: istioNamespace,
      labels: { [LABEL_TAG]: tag, [LABEL_REV]: revision, app: 'istiod', istio: 'pilot' },
    },
    spec: {
      selector: { app: 'istiod', [LABEL_REV]: revision },
      ports: structuredClone(istiod?.spec?.ports ?? []),
    },
  };
}

/** `istiod-default-validator` re-pointed at the new default revision: label and service (failurePolicy kept). */
export function repointDefaultValidator(existing: KWebhookConfiguration, revision: string, service: { name: string; namespace: string } | undefined): KWebhookConfiguration {
  const next = stripServerFields(existing) as KWebhookConfiguration;
  next.metadata.labels = { ...next.metadata.labels, [LABEL_REV]: revision };
  if (service) {
    for (const w of next.webhooks ?? []) {
      if (w.clientConfig.service) w.clientConfig.service = { ...w.clientConfig.service, name: service.name, namespace: service.namespace };
    }
  }
  return next;
}

/** `istioctl tag set default` deactivates the revisionless injector rather than deleting it (istio-model.md M4.4, NeverMatch). */
export function deactivateInjector(existing: KWebhookConfiguration): KWebhookConfiguration {
  const next = stripServerFields(existing) as KWebhookConfiguration;
  const never = { matchLabels: { 'istio.io/deactivated': 'never-match' } };
  for (const w of next.webhooks ?? []) {
    w.namespaceSelector = structuredClone(never);
    w.objectSelector = structuredClone(never);
  }
  return next;
}

/** A copy without the fields the server owns, fit for create/replace. */
export function stripServerFields<T extends { metadata: object }>(obj: T): T {
  const copy = structuredClone(obj) as T & { metadata: Record<string, unknown>; status?: unknown };
  for (const f of ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp']) {
    delete copy.metadata[f];
  }
  return copy;
}
