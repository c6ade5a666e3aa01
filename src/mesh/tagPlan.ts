/**
 * Planning revision-tag changes (pure): `tag set` (create or move) and `tag remove`, with istioctl's refusals
 * and wording (istio-model.md M7.1–M7.3, istioctl/pkg/tag/generate.go and tag.go) and the IST0139 overlap check it runs.
 * The plan lists every object write (create-or-replace / delete) and the namespaces whose injection moves —
 * which changes nothing for running pods until they restart.
 */
import type { ClusterInventory, KService, KWebhookConfiguration } from './kubeObjects';
import type { ManagedBy } from './model';
import { annotateOwners } from './owners/writeOwners';
import { DEFAULT_VALIDATOR, LABEL_INJECTION, LABEL_REV, LABEL_TAG } from './labels';
import { isDns1123Label } from './labelValue';
import { byCount, plural } from './plural';
import { buildSnapshot } from './snapshotBuilder';
import { compareVersions } from './versionSkew';
import { classifyMutatingWebhooks, isDeactivated, webhookEntries } from './webhooks';
import { findWebhookOverlaps, overlapMessage } from './webhookOverlap';
import {
  canonicalEntry, deactivateInjector, renderTagService, renderTagWebhook, repointDefaultValidator, stripServerFields,
  tagServiceName,
} from './tagRender';
import {
  autoInjectedNamespaces, decideAutoInject, defaultTagNameWarning, istioctlTagSetCommand, resolveWebhookName, webhookNameProblem,
  type TagSetOptions,
} from './tagOptions';

export type { TagSetOptions } from './tagOptions';

export type TagResourceKind = 'mutatingwebhookconfigurations' | 'validatingwebhookconfigurations' | 'services';
export type TagObject = KWebhookConfiguration | KService;

export interface TagWrite {
  kind: TagResourceKind;
  name: string;
  namespace?: string;
  /** `apply` = create, or replace the existing object; `delete` removes it. */
  op: 'apply' | 'delete';
  /** The desired object (apply). */
  object?: TagObject;
  /** The object as planned against (undefined: it does not exist yet). */
  previous?: TagObject;
  /** One line for previews and logs. */
  summary: string;
  /** Who keeps the existing object (when the inventory held its owners). */
  owner?: ManagedBy;
}

export interface TagSetPlan {
  tag: string;
  revision: string;
  version?: string;
  /** The revision the tag pointed at before (undefined: a new tag). */
  previousRevision?: string;
  overwrite: boolean;
  /** The tag webhook's name (istio-revision-tag-<tag>[-<ns>], the current one on a move, or --webhook-name). */
  webhookName: string;
  /** The webhook has the `auto.sidecar-injector.istio.io` entry (--auto-inject-namespaces; default tag only). */
  autoInjectNamespaces: boolean;
  writes: TagWrite[];
  /**
   * Namespaces injected through this tag (`istio.io/rev=<tag>`; for `default` also `istio-injection=enabled`, and with
   * the auto entry the unlabeled namespaces except the Istio and excluded system namespaces).
   */
  namespaces: string[];
  notes: string[];
  /** Consequences to confirm before applying (injection that stops or starts outside the listed namespaces). */
  warnings: string[];
  /** The equivalent `istioctl tag set` command line. */
  istioctl: string;
}

export interface TagRemovePlan {
  tag: string;
  revision?: string;
  writes: TagWrite[];
  namespaces: string[];
  /** istioctl's caution when namespaces still use the tag. */
  warning?: string;
  notes: string[];
}

export type TagRefusal =
  | 'invalid-name' | 'invalid-webhook-name' | 'webhook-name-taken' | 'revision-name' | 'no-injector' | 'multiple-injectors'
  | 'exists' | 'overlap' | 'not-found';

export type TagPlanResult<P> = { ok: true; plan: P } | { ok: false; reason: TagRefusal; error: string };

function refuse(reason: TagRefusal, error: string): { ok: false; reason: TagRefusal; error: string } {
  return { ok: false, reason, error };
}

/** Canonical (revision) injector webhooks: `istio.io/rev=<rev>, !istio.io/tag` (GetWebhooksWithRevision). */
function canonicalWebhooks(inv: ClusterInventory, revision: string): KWebhookConfiguration[] {
  const { injectors } = classifyMutatingWebhooks(inv.mutatingWebhooks, []);
  const names = new Set(injectors.filter((i) => i.revision === revision).map((i) => i.config));
  return inv.mutatingWebhooks.filter((m) => names.has(m.metadata.name));
}

function tagWebhooks(inv: ClusterInventory, tag: string): KWebhookConfiguration[] {
  const { tags } = classifyMutatingWebhooks(inv.mutatingWebhooks, []);
  const names = new Set(tags.filter((t) => t.tag === tag).map((t) => t.config));
  return inv.mutatingWebhooks.filter((m) => names.has(m.metadata.name));
}

function labelled<T extends TagObject>(objects: T[], key: string, value: string): T[] {
  return objects.filter((o) => o.metadata.labels?.[key] === value);
}

/** A control plane revision named `name`: a canonical webhook or an istiod Service (`app=istiod, !istio.io/tag`). */
function revisionExists(inv: ClusterInventory, name: string): boolean {
  return canonicalWebhooks(inv, name).length > 0
    || inv.services.some((s) => s.metadata.labels?.[LABEL_REV] === name && !s.metadata.labels?.[LABEL_TAG] && s.metadata.labels?.app === 'istiod');
}

/**
 * `labelled`: namespaces labelled `istio.io/rev=<tag>` (what istioctl counts). `injected`: namespaces whose
 * injection the tag decides (istio-injection wins over istio.io/rev; the `default` tag owns istio-injection=enabled).
 */
export function namespacesUsingTag(inv: ClusterInventory, tag: string, mode: 'labelled' | 'injected'): string[] {
  return inv.namespaces
    .filter((n) => {
      const labels = n.metadata.labels ?? {};
      if (mode === 'labelled') return labels[LABEL_REV] === tag;
      if (labels[LABEL_INJECTION] !== undefined) return tag === 'default' && labels[LABEL_INJECTION] === 'enabled';
      return labels[LABEL_REV] === tag;
    })
    .map((n) => n.metadata.name)
    .sort();
}

function revLabelOf(o: TagObject | undefined): string | undefined {
  return o?.metadata.labels?.[LABEL_REV];
}

export function planTagSet(inv: ClusterInventory, tag: string, revision: string, opts: TagSetOptions = {}): TagPlanResult<TagSetPlan> {
  const overwrite = !!opts.overwrite;
  if (!isDns1123Label(tag)) {
    return refuse('invalid-name', `invalid revision tag name ${JSON.stringify(tag)}: a tag is used as an istio.io/rev label value and must be a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)`);
  }
  if (opts.webhookName !== undefined && webhookNameProblem(opts.webhookName)) return refuse('invalid-webhook-name', webhookNameProblem(opts.webhookName) as string);
  if (!overwrite && tag !== 'default' && revisionExists(inv, tag)) {
    return refuse('revision-name', `cannot create revision tag ${JSON.stringify(tag)}: found existing control plane revision with same name`);
  }
  const canonical = canonicalWebhooks(inv, revision);
  if (canonical.length === 0) return refuse('no-injector', `cannot modify tag: cannot find MutatingWebhookConfiguration or Service with revision ${JSON.stringify(revision)}`);
  if (canonical.length > 1) return refuse('multiple-injectors', `cannot modify tag: found multiple canonical webhooks or services with revision ${JSON.stringify(revision)} (${canonical.map((c) => c.metadata.name).join(', ')})`);
  const existing = tagWebhooks(inv, tag);
  const existingServices = labelled(inv.services, LABEL_TAG, tag);
  if ((existing.length || existingServices.length) && !overwrite) {
    return refuse('exists', `revision tag ${JSON.stringify(tag)} already exists, and --overwrite is false`);
  }
  const entry = canonicalEntry(canonical[0]);
  if (!entry) return refuse('no-injector', `cannot modify tag: could not find sidecar-injector webhook in canonical webhook ${canonical[0].metadata.name}`);

  const snapshot = buildSnapshot('', inv);
  const rev = snapshot.revisions.find((r) => r.name === revision);
  const istioNamespace = entry.clientConfig.service?.namespace ?? rev?.istioNamespace ?? 'istio-system';
  const named = resolveWebhookName(inv, tag, istioNamespace, opts.webhookName, existing);
  if (!named.ok) return refuse(named.reason, named.error);
  const webhookName = named.name;
  const kept = existing.find((e) => e.metadata.name === webhookName);
  // Deactivate a live revisionless injector: its namespace.* entries would double-inject with the default tag's.
  const deactivate = tag === 'default'
    ? canonicalWebhooks(inv, 'default').filter((inj) => !isDeactivated(webhookEntries(inj)) && inj.metadata.name !== canonical[0].metadata.name)
    : [];
  const istioNamespaces = new Set([istioNamespace, ...snapshot.revisions.map((r) => r.istioNamespace).filter((n): n is string => !!n)]);
  const unlabeled = autoInjectedNamespaces(inv, istioNamespaces);
  const auto = decideAutoInject(inv, { tag, requested: opts.autoInjectNamespaces, existing, deactivated: deactivate, unlabeled });
  const webhook = renderTagWebhook(tag, revision, webhookName, entry, auto.autoInject);
  const writes: TagWrite[] = [];
  const notes: string[] = [...auto.notes];
  const warnings: string[] = [...auto.warnings];
  const previousRevision = revLabelOf(kept ?? existing[0]) ?? revLabelOf(existingServices[0]);
  const renamed = existing.filter((e) => e !== kept);
  writes.push({
    kind: 'mutatingwebhookconfigurations', name: webhookName, op: 'apply', object: webhook, previous: kept,
    summary: kept
      ? `replace MutatingWebhookConfiguration ${webhookName} (istio.io/rev ${previousRevision ?? '?'} → ${revision})`
      : `create MutatingWebhookConfiguration ${webhookName} (istio.io/tag=${tag}, istio.io/rev=${revision})${renamed.length ? `, replacing ${renamed.map((r) => r.metadata.name).join(', ')}` : ''}`,
  });
  // Created before the old ones go, so the tag never stops injecting; the overlap check below ignores them.
  for (const old of renamed) {
    writes.push({ kind: 'mutatingwebhookconfigurations', name: old.metadata.name, op: 'delete', previous: old, summary: kept ? `delete duplicate tag webhook ${old.metadata.name}` : `delete MutatingWebhookConfiguration ${old.metadata.name} (tag ${tag} is now ${webhookName})` });
  }

  const replacedOrRetired = new Set(existing.map((e) => e.metadata.name));
  for (const inj of deactivate) {
    replacedOrRetired.add(inj.metadata.name);
    writes.push({ kind: 'mutatingwebhookconfigurations', name: inj.metadata.name, op: 'apply', object: deactivateInjector(inj), previous: inj, summary: `deactivate revisionless injector ${inj.metadata.name} (selectors → istio.io/deactivated=never-match)` });
  }

  const others = classifyMutatingWebhooks(inv.mutatingWebhooks, []);
  const istioConfigs = new Set([...others.injectors.map((i) => i.config), ...others.tags.map((t) => t.config)]);
  const competitors = inv.mutatingWebhooks.filter((m) => istioConfigs.has(m.metadata.name) && !replacedOrRetired.has(m.metadata.name)
    && !isDeactivated(webhookEntries(m)));
  const overlaps = findWebhookOverlaps(webhook, competitors);
  if (overlaps.length) return refuse('overlap', overlapMessage(webhookName, overlaps));

  const istiodService = inv.services.find((s) => s.metadata.name === entry.clientConfig.service?.name && s.metadata.namespace === istioNamespace)
    ?? inv.services.find((s) => s.metadata.labels?.[LABEL_REV] === revision && !s.metadata.labels?.[LABEL_TAG] && s.metadata.labels?.app === 'istiod');
  const servicesInUse = existingServices.length > 0
    || inv.services.some((s) => s.metadata.labels?.[LABEL_TAG] && s.metadata.labels?.[LABEL_REV] === revision)
    || (rev?.version !== undefined && compareVersions(rev.version, '1.27.0') >= 0);
  if (servicesInUse) {
    const svcNamespace = existingServices[0]?.metadata.namespace ?? istioNamespace;
    const svc = renderTagService(tag, revision, svcNamespace, istiodService);
    const previous = existingServices.find((s) => s.metadata.name === tagServiceName(tag));
    writes.push({ kind: 'services', name: svc.metadata.name, namespace: svcNamespace, op: 'apply', object: svc, previous, summary: `${previous ? 'replace' : 'create'} Service ${svcNamespace}/${svc.metadata.name} (selector istio.io/rev=${revision})` });
  }

  if (tag === 'default') {
    const validator = inv.validatingWebhooks.find((v) => v.metadata.name === DEFAULT_VALIDATOR);
    if (validator) {
      const svc = entry.clientConfig.service ? { name: entry.clientConfig.service.name, namespace: entry.clientConfig.service.namespace } : undefined;
      writes.push({ kind: 'validatingwebhookconfigurations', name: DEFAULT_VALIDATOR, op: 'apply', object: repointDefaultValidator(validator, revision, svc), previous: validator, summary: `relabel ValidatingWebhookConfiguration ${DEFAULT_VALIDATOR} (istio.io/rev ${revLabelOf(validator) ?? '?'} → ${revision})` });
    } else {
      notes.push(`No ${DEFAULT_VALIDATOR} ValidatingWebhookConfiguration exists: Istio config validation keeps its current owner.`);
    }
    const nameWarning = defaultTagNameWarning(tag, webhookName, istioNamespace, !!validator);
    if (nameWarning) warnings.push(nameWarning);
  }

  const namespaces = [...new Set([...namespacesUsingTag(inv, tag, 'injected'), ...(auto.autoInject ? unlabeled : [])])].sort();
  if (namespaces.length) {
    notes.push(previousRevision && previousRevision !== revision
      ? `Moving the tag changes nothing for running pods: ${plural(namespaces.length, 'namespace')} (${namespaces.join(', ')}) ${byCount(namespaces.length, 'gets', 'get')} ${revision} proxies only when ${byCount(namespaces.length, 'its', 'their')} pods restart.`
      : `${plural(namespaces.length, 'namespace')} (${namespaces.join(', ')}) ${byCount(namespaces.length, 'uses', 'use')} this tag; ${byCount(namespaces.length, 'its', 'their')} pods get ${revision} proxies when they restart.`);
  }
  if (!previousRevision) notes.push(`To enable injection using this revision tag, use 'kubectl label namespace <NAMESPACE> istio.io/rev=${tag}'.`);
  annotateOwners(writes, inv);
  return {
    ok: true,
    plan: {
      tag, revision, version: rev?.version, previousRevision, overwrite, webhookName, autoInjectNamespaces: auto.autoInject, writes, namespaces, notes, warnings,
      istioctl: istioctlTagSetCommand(tag, revision, istioNamespace, { overwrite, webhookName, autoInject: auto.autoInject }),
    },
  };
}

export function planTagRemove(inv: ClusterInventory, tag: string): TagPlanResult<TagRemovePlan> {
  const webhooks = tagWebhooks(inv, tag);
  const validators = labelled(inv.validatingWebhooks, LABEL_TAG, tag);
  const services = labelled(inv.services, LABEL_TAG, tag);
  if (webhooks.length === 0 && services.length === 0) {
    return refuse('not-found', `cannot remove tag ${JSON.stringify(tag)}: cannot find MutatingWebhookConfiguration or Service for tag`);
  }
  const writes: TagWrite[] = [
    ...webhooks.map((w): TagWrite => ({ kind: 'mutatingwebhookconfigurations', name: w.metadata.name, op: 'delete', previous: w, summary: `delete MutatingWebhookConfiguration ${w.metadata.name}` })),
    ...validators.map((v): TagWrite => ({ kind: 'validatingwebhookconfigurations', name: v.metadata.name, op: 'delete', previous: v, summary: `delete ValidatingWebhookConfiguration ${v.metadata.name}` })),
    ...services.map((s): TagWrite => ({ kind: 'services', name: s.metadata.name, namespace: s.metadata.namespace, op: 'delete', previous: s, summary: `delete Service ${s.metadata.namespace}/${s.metadata.name}` })),
  ];
  const namespaces = namespacesUsingTag(inv, tag, 'labelled');
  const notes: string[] = [];
  const warning = namespaces.length
    ? `Caution, found ${plural(namespaces.length, 'namespace')} still injected by tag ${JSON.stringify(tag)}: ${namespaces.join(' ')}`
    : undefined;
  if (namespaces.length) notes.push('Pods created in these namespaces after the removal get no sidecar (no webhook selects them); running pods keep their proxies.');
  if (tag === 'default') {
    const enabled = inv.namespaces.filter((n) => n.metadata.labels?.[LABEL_INJECTION] === 'enabled').map((n) => n.metadata.name).sort();
    if (enabled.length) notes.push(`The default tag also injects istio-injection=enabled namespaces (${enabled.join(', ')}); they lose injection unless a revisionless injector is active.`);
  }
  return { ok: true, plan: { tag, revision: revLabelOf(webhooks[0]) ?? revLabelOf(services[0]), writes: annotateOwners(writes, inv), namespaces, warning, notes } };
}

/** Rows of `istioctl tag list`: tag, revision, namespaces labelled `istio.io/rev=<tag>` (JSON field names as istioctl's). */
export interface TagListRow {
  tag: string;
  revision: string;
  namespaces: string[];
}

export function listTags(inv: ClusterInventory): TagListRow[] {
  const snapshot = buildSnapshot('', inv);
  return snapshot.tags
    .map((t) => ({ tag: t.name, revision: t.revision, namespaces: namespacesUsingTag(inv, t.name, 'labelled') }))
    .sort((a, b) => a.revision.localeCompare(b.revision) || a.tag.localeCompare(b.tag));
}

/** The object as it should be written: server fields stripped. */
export function writableObject(w: TagWrite): TagObject | undefined {
  return w.object ? stripServerFields(w.object) : undefined;
}
