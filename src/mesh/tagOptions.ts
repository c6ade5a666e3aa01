/**
 * istioctl tag set's `--webhook-name` and `--auto-inject-namespaces` (istioctl/pkg/tag/generate.go: GenerateOptions
 * WebhookName sets the rendered webhook's name; AutoInjectNamespaces is rendered as
 * values.sidecarInjectorWebhook.enableNamespacesByDefault, which revision-tags-mwc.yaml turns into the
 * `auto.sidecar-injector.istio.io` entry of the `default` tag only). Which name and entries the tag webhook gets,
 * and what the choice means for injection.
 */
import type { ClusterInventory, KWebhookConfiguration } from './kubeObjects';
import { selectorMatches } from './labelSelector';
import { LABEL_REV, LABEL_TAG } from './labels';
import { isDns1123Subdomain } from './labelValue';
import {
  AUTO_ENTRY_NAME, AUTO_INJECT_EXCLUDED_NAMESPACES, NAMESPACE_NAME_LABEL, autoEntrySelectors, tagWebhookName,
} from './tagRender';
import { isDeactivated, webhookEntries } from './webhooks';

export interface TagSetOptions {
  /** Replace an existing tag (istioctl --overwrite; `tag move`). */
  overwrite?: boolean;
  /**
   * istioctl --webhook-name. Undefined: the tag's current webhook keeps its name (move), a new tag gets
   * istio-revision-tag-<tag>[-<ns>]. A name other than the current one renames the webhook (create, then delete the old).
   */
  webhookName?: string;
  /**
   * istioctl --auto-inject-namespaces (the `default` tag only; ignored for others, as istioctl does). Undefined: a
   * moved default tag keeps the auto entry it has now; a new one gets none.
   */
  autoInjectNamespaces?: boolean;
}

/** Why `name` cannot name a MutatingWebhookConfiguration (undefined = fine). */
export function webhookNameProblem(name: string): string | undefined {
  if (isDns1123Subdomain(name)) return undefined;
  return `invalid --webhook-name ${JSON.stringify(name)}: a MutatingWebhookConfiguration name must be a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 253 characters)`;
}

/** What an existing MutatingWebhookConfiguration is, for a refusal that names it. */
function describeOwner(m: KWebhookConfiguration): string {
  const labels = m.metadata.labels ?? {};
  if (labels[LABEL_TAG]) return ` (it is the webhook of tag ${JSON.stringify(labels[LABEL_TAG])})`;
  if (labels[LABEL_REV]) return ` (it is the injector of revision ${JSON.stringify(labels[LABEL_REV])})`;
  return '';
}

export type WebhookNameResult = { ok: true; name: string } | { ok: false; reason: 'invalid-webhook-name' | 'webhook-name-taken'; error: string };

/**
 * The tag webhook's name. istioctl applies its rendered object by name, so `--webhook-name` naming another object
 * would overwrite it (an injector, another tag, a foreign webhook): refused here.
 */
export function resolveWebhookName(inv: ClusterInventory, tag: string, istioNamespace: string, requested: string | undefined, existing: KWebhookConfiguration[]): WebhookNameResult {
  const conventional = tagWebhookName(tag, istioNamespace);
  if (requested === undefined) {
    return { ok: true, name: (existing.find((e) => e.metadata.name === conventional) ?? existing[0])?.metadata.name ?? conventional };
  }
  const problem = webhookNameProblem(requested);
  if (problem) return { ok: false, reason: 'invalid-webhook-name', error: problem };
  const taken = inv.mutatingWebhooks.find((m) => m.metadata.name === requested);
  if (taken && !existing.includes(taken)) {
    return { ok: false, reason: 'webhook-name-taken', error: `cannot use --webhook-name ${JSON.stringify(requested)}: MutatingWebhookConfiguration ${requested} already exists and is not a webhook of tag ${JSON.stringify(tag)}${describeOwner(taken)}` };
  }
  return { ok: true, name: requested };
}

/** An active entry that injects an ordinary pod in a namespace with neither injection label (enableNamespacesByDefault). */
export function injectsUnlabeledNamespaces(m: KWebhookConfiguration): boolean {
  const entries = webhookEntries(m);
  if (isDeactivated(entries)) return false;
  return entries.some((e) => e.name.endsWith('sidecar-injector.istio.io')
    && selectorMatches(e.namespaceSelector, {}) && selectorMatches(e.objectSelector, {}));
}

function hasAutoEntry(m: KWebhookConfiguration): boolean {
  return !isDeactivated(webhookEntries(m)) && (m.webhooks ?? []).some((w) => w.name === AUTO_ENTRY_NAME);
}

/**
 * Namespaces the `auto.*` entry selects, as the API server matches its namespaceSelector; without the Istio
 * control-plane namespaces and the chart's excluded system namespaces (never offered for a restart).
 */
export function autoInjectedNamespaces(inv: ClusterInventory, istioNamespaces: Set<string>): string[] {
  const { namespaceSelector } = autoEntrySelectors();
  return inv.namespaces
    .filter((n) => selectorMatches(namespaceSelector, n.metadata.labels ?? {}))
    .map((n) => n.metadata.name)
    .filter((n) => !istioNamespaces.has(n) && !AUTO_INJECT_EXCLUDED_NAMESPACES.includes(n))
    .sort();
}

export interface AutoInjectDecision {
  /** Render the `auto.*` entry. */
  autoInject: boolean;
  notes: string[];
  warnings: string[];
}

export interface AutoInjectInput {
  tag: string;
  requested: boolean | undefined;
  /** The tag's webhooks now (replaced or renamed by the plan). */
  existing: KWebhookConfiguration[];
  /** Revisionless injectors the plan deactivates. */
  deactivated: KWebhookConfiguration[];
  /** Namespaces the auto entry would select (autoInjectedNamespaces). */
  unlabeled: string[];
}

export function decideAutoInject(inv: ClusterInventory, input: AutoInjectInput): AutoInjectDecision {
  const { tag, requested, existing, deactivated, unlabeled } = input;
  const notes: string[] = [];
  const warnings: string[] = [];
  const list = unlabeled.length ? ` (${unlabeled.join(', ')})` : '';
  if (tag !== 'default') {
    if (requested) notes.push(`--auto-inject-namespaces only applies to the default tag (the chart renders ${AUTO_ENTRY_NAME} only for it); ignored for tag ${JSON.stringify(tag)}, as istioctl does.`);
    return { autoInject: false, notes, warnings };
  }
  const had = existing.some(hasAutoEntry);
  const autoInject = requested ?? had;
  if (requested === undefined && had) {
    notes.push(`Keeps the ${AUTO_ENTRY_NAME} entry the default tag has now (istioctl re-renders from its flags and would drop it unless --auto-inject-namespaces is given again).`);
  }
  if (!autoInject) {
    const losing = had ? existing.filter(hasAutoEntry) : deactivated.filter(injectsUnlabeledNamespaces);
    if (losing.length) {
      warnings.push(`${losing.map((m) => m.metadata.name).join(', ')} now ${losing.length === 1 ? 'injects' : 'inject'} pods in namespaces with neither istio-injection nor istio.io/rev${list}; ${had ? 'without --auto-inject-namespaces this change drops that' : 'deactivating it ends that'}: pods created there afterwards get no sidecar. Use --auto-inject-namespaces to keep it.`);
    }
    return { autoInject, notes, warnings };
  }
  notes.push(`With ${AUTO_ENTRY_NAME}, pods in namespaces with neither istio-injection nor istio.io/rev${list} are injected by the default tag too (except ${AUTO_INJECT_EXCLUDED_NAMESPACES.join(', ')} and pods labelled sidecar.istio.io/inject or istio.io/rev).`);
  const unprotected = inv.namespaces
    .filter((n) => AUTO_INJECT_EXCLUDED_NAMESPACES.includes(n.metadata.name) && n.metadata.labels?.[NAMESPACE_NAME_LABEL] !== n.metadata.name)
    .map((n) => n.metadata.name)
    .sort();
  if (unprotected.length) {
    warnings.push(`${unprotected.join(', ')} ${unprotected.length === 1 ? 'has' : 'have'} no ${NAMESPACE_NAME_LABEL} label (Kubernetes sets it from 1.21/1.22 on), so the auto entry's exclusion does not apply: pods created there would get sidecars.`);
  }
  return { autoInject, notes, warnings };
}

/** istiod's default-revision watcher reads the MWC by name (pkg/revisions/default_watcher.go), not by label. */
export function defaultTagNameWarning(tag: string, name: string, istioNamespace: string, validatorExists: boolean): string | undefined {
  const conventional = tagWebhookName(tag, istioNamespace);
  if (tag !== 'default' || name === conventional) return undefined;
  return `istiod finds the default tag by the name ${conventional} (pkg/revisions/default_watcher.go), not by its istio.io/tag label: named ${name}, the tag still injects, but istiod takes the default revision from ${validatorExists ? 'istiod-default-validator\'s istio.io/rev (re-pointed by this change)' : 'istiod-default-validator, which does not exist here'}.`;
}

/** The `istioctl tag set` line that renders the same webhook (flags only where they differ from istioctl's defaults). */
export function istioctlTagSetCommand(tag: string, revision: string, istioNamespace: string, o: { overwrite: boolean; webhookName: string; autoInject: boolean }): string {
  return [
    `istioctl tag set ${tag} --revision ${revision}`,
    o.overwrite ? ' --overwrite' : '',
    o.webhookName !== tagWebhookName(tag, istioNamespace) ? ` --webhook-name ${o.webhookName}` : '',
    o.autoInject ? ' --auto-inject-namespaces' : '',
  ].join('');
}
