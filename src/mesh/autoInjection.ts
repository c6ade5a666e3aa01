/**
 * Automatic injection of namespaces with no injection label (`sidecarInjectorWebhook.enableNamespacesByDefault`):
 * the `auto.sidecar-injector.istio.io` entry of the revisionless injector or of the `default` tag webhook
 * (istioctl `tag set default --auto-inject-namespaces`, Helm `revisionTags={default}`, Sail's `default`
 * IstioRevisionTag) selects namespaces with neither `istio-injection` nor `istio.io/rev` (and, through
 * `kubernetes.io/metadata.name`, not kube-system, kube-public, kube-node-lease, local-path-storage) and pods with
 * neither `sidecar.istio.io/inject` nor `istio.io/rev` (istio-model.md M3, M5.6). Evaluated as the API server does,
 * on the real selectors of every active injector entry, so it does not depend on the entry's name.
 */
import type { LabelSelector, StringMap } from './kubeObjects';
import { selectorMatches } from './labelSelector';
import { DEFAULT_REVISION_NAME, LABEL_INJECTION, LABEL_REV } from './labels';
import { type InjectorWebhook, isDeactivated, type TagWebhook } from './webhooks';

/** A webhook entry that injects a plain pod in a namespace without injection labels. */
export interface AutoInjector {
  /** The MutatingWebhookConfiguration. */
  config: string;
  /** The entry, e.g. auto.sidecar-injector.istio.io. */
  entry: string;
  /** Revision it injects with (a tag's target). */
  revision: string;
  /** Set when the webhook is a tag's (the `default` tag). */
  tag?: string;
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
}

/** istiod itself never injects these (pkg/kube/inject: ignored namespaces), whatever the webhook selects. */
const INJECTOR_IGNORED = new Set(['kube-system', 'kube-public']);

function autoEntries(config: string, revision: string | undefined, tag: string | undefined, entries: InjectorWebhook['entries']): AutoInjector[] {
  if (!revision || isDeactivated(entries)) return [];
  return entries
    .filter((e) => e.name.endsWith('sidecar-injector.istio.io'))
    // A namespace with neither label, and a pod with no Istio label: only an enableNamespacesByDefault entry selects both.
    .filter((e) => selectorMatches(e.namespaceSelector, {}) && selectorMatches(e.objectSelector, {}))
    .map((e) => ({
      config, entry: e.name, revision, ...(tag ? { tag } : {}),
      ...(e.namespaceSelector ? { namespaceSelector: e.namespaceSelector } : {}),
      ...(e.objectSelector ? { objectSelector: e.objectSelector } : {}),
    }));
}

/** Every auto-injecting entry of the cluster, the default revision's first. */
export function findAutoInjectors(injectors: readonly InjectorWebhook[], tags: readonly TagWebhook[], defaultRevision?: string): AutoInjector[] {
  const all = [
    ...tags.flatMap((t) => autoEntries(t.config, t.revision, t.tag, t.entries)),
    ...injectors.flatMap((i) => autoEntries(i.config, i.revision, undefined, i.entries)),
  ];
  const rank = (a: AutoInjector) => (a.tag === DEFAULT_REVISION_NAME ? 0 : a.revision === defaultRevision ? 1 : 2);
  return all.sort((a, b) => rank(a) - rank(b) || a.config.localeCompare(b.config));
}

/**
 * The entry that injects plain pods of namespace `name` (labels `labels`), when it has no injection label.
 * `excluded`: namespaces never reported as auto-injected (the Istio control-plane namespaces).
 */
export function autoInjectorFor(name: string, labels: StringMap, autoInjectors: readonly AutoInjector[], excluded: ReadonlySet<string> = new Set()): AutoInjector | undefined {
  if (labels[LABEL_INJECTION] !== undefined || labels[LABEL_REV] !== undefined) return undefined;
  if (INJECTOR_IGNORED.has(name) || excluded.has(name)) return undefined;
  return autoInjectors.find((a) => selectorMatches(a.namespaceSelector, labels));
}
