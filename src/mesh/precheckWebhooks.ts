/**
 * Precheck of the injector and tag webhooks (IST0139): a webhook calling a missing istiod Service, a namespace
 * selected by webhooks of more than one configuration (double injection), a tag named like a revision.
 */
import type { ClusterInventory, StringMap } from './kubeObjects';
import type { Finding } from './finding';
import { selectorMatches } from './labelSelector';
import { LABEL_REV, LABEL_SIDECAR_INJECT } from './labels';
import type { MeshSnapshot } from './model';
import { arr, isRecord, labelsOf, nameOf, namespaceOf, rec, str } from './untrusted';
import { classifyMutatingWebhooks, isDeactivated, type WebhookEntry } from './webhooks';

interface IstioWebhookConfig {
  config: string;
  /** "revision 1-24-2" or "tag canary". */
  role: string;
  raw: unknown;
  entries: WebhookEntry[];
}

function istioConfigs(inv: ClusterInventory): IstioWebhookConfig[] {
  const raws = arr((inv as unknown as Record<string, unknown>).mutatingWebhooks);
  const { injectors, tags } = classifyMutatingWebhooks(raws, []);
  const byName = new Map(raws.map((r) => [nameOf(r), r]));
  return [
    ...injectors.map((w) => ({ config: w.config, role: `revision ${w.revision}`, raw: byName.get(w.config), entries: w.entries })),
    ...tags.map((w) => ({ config: w.config, role: `tag ${w.tag}`, raw: byName.get(w.config), entries: w.entries })),
  ].filter((c) => !isDeactivated(c.entries));
}

function missingServices(configs: IstioWebhookConfig[], inv: ClusterInventory): Finding[] {
  const known = new Set(arr((inv as unknown as Record<string, unknown>).services).map((s) => `${namespaceOf(s)}/${nameOf(s)}`));
  const out: Finding[] = [];
  for (const c of configs) {
    const missing = new Set<string>();
    let failClosed = false;
    for (const hook of arr(isRecord(c.raw) ? c.raw.webhooks : undefined)) {
      const cc = rec(hook, 'clientConfig');
      const svc = rec(cc, 'service');
      const name = str(svc.name);
      if (!name || str(cc.url)) continue;
      const key = `${str(svc.namespace) ?? ''}/${name}`;
      if (known.has(key)) continue;
      missing.add(key);
      if ((isRecord(hook) ? str(hook.failurePolicy) : undefined) !== 'Ignore') failClosed = true;
    }
    if (missing.size === 0) continue;
    const keys = [...missing].sort();
    out.push({
      id: `IST0139:service:${c.config}`, code: 'webhook-missing-service IST0139', severity: failClosed ? 'error' : 'warning',
      title: `Webhook ${c.config} calls missing Service ${keys.join(', ')}`,
      detail: `The injector webhook of ${c.role} calls ${keys.join(', ')}, which does not exist. `
        + (failClosed ? 'With failurePolicy Fail, creating a pod in any namespace it selects is rejected. ' : 'With failurePolicy Ignore, pods it selects are created without a sidecar. ')
        + `Reinstall that control plane, or delete the stale webhook (kubectl delete mutatingwebhookconfiguration ${c.config}; for a tag: istioctl tag remove).`,
      objects: [{ kind: 'MutatingWebhookConfiguration', name: c.config },
        ...keys.map((k) => ({ kind: 'Service', namespace: k.split('/')[0], name: k.split('/')[1] }))],
    });
  }
  return out;
}

/** Per namespace, the pod label sets worth testing: a plain pod, plus the Istio labels its real pods carry. */
function podLabelSets(inv: ClusterInventory): Map<string, StringMap[]> {
  const byNs = new Map<string, Map<string, StringMap>>();
  for (const pod of arr((inv as unknown as Record<string, unknown>).pods)) {
    const labels = labelsOf(pod);
    const picked: StringMap = {};
    for (const key of [LABEL_REV, LABEL_SIDECAR_INJECT]) if (labels[key] !== undefined) picked[key] = labels[key];
    const ns = namespaceOf(pod);
    const sets = byNs.get(ns) ?? new Map<string, StringMap>([['\u0001\u0000\u0001', {}]]);
    sets.set(`${picked[LABEL_REV] ?? '\u0001'}\u0000${picked[LABEL_SIDECAR_INJECT] ?? '\u0001'}`, picked);
    byNs.set(ns, sets);
  }
  return new Map([...byNs.entries()].map(([ns, sets]) => [ns, [...sets.values()]]));
}

function selects(entry: WebhookEntry, nsLabels: StringMap, podLabels: StringMap): boolean {
  return selectorMatches(entry.namespaceSelector, nsLabels) && selectorMatches(entry.objectSelector, podLabels);
}

function overlaps(configs: IstioWebhookConfig[], inv: ClusterInventory, labelSets = podLabelSets(inv), namespaces = arr((inv as unknown as Record<string, unknown>).namespaces)): Finding[] {
  const out: Finding[] = [];
  for (const ns of namespaces) {
    const name = nameOf(ns);
    if (!name) continue;
    const nsLabels = labelsOf(ns);
    const worst = new Set<string>();
    for (const podLabels of labelSets.get(name) ?? [{}]) {
      const matched = configs.filter((c) => c.entries.some((e) => selects(e, nsLabels, podLabels))).map((c) => c.config);
      if (new Set(matched).size > worst.size) {
        worst.clear();
        for (const m of matched) worst.add(m);
      }
    }
    if (worst.size < 2) continue;
    const list = [...worst].sort();
    out.push({
      id: `IST0139:overlap:ns/${name}`, code: 'webhook-overlap IST0139', severity: 'error',
      title: `Namespace ${name} is selected by ${list.length} injector webhooks`,
      detail: `The webhooks of ${list.join(', ')} all match pods of ${name}: pods would be injected twice (or rejected). `
        + 'Usually a revisionless istio-sidecar-injector next to a `default` tag, or a tag named like a revision. '
        + 'Remove or deactivate the stale webhook (istioctl tag set default deactivates the revisionless injector).',
      objects: [{ kind: 'Namespace', name }, ...list.map((c) => ({ kind: 'MutatingWebhookConfiguration', name: c }))],
    });
  }
  return out;
}

function tagsNamedLikeRevisions(snapshot: MeshSnapshot): Finding[] {
  const revisions = new Set(snapshot.revisions.map((r) => r.name));
  return snapshot.tags.filter((t) => revisions.has(t.name) && t.revision !== t.name).map((t) => ({
    id: `IST0139:tag:${t.name}`, code: 'tag-named-like-revision IST0139', severity: 'warning' as const,
    title: `Tag ${t.name} has the name of a revision`,
    detail: `Tag ${t.name} points at ${t.revision}, but a revision is also called ${t.name}: both webhooks match ${LABEL_REV}=${t.name}, so pods of such namespaces are injected twice. istioctl refuses to create such a tag; remove it (istioctl tag remove ${t.name}) or rename it.`,
    objects: [{ kind: 'Tag', name: t.name }, { kind: 'Revision', name: t.name }],
  }));
}

export function webhookFindings(inv: ClusterInventory, snapshot: MeshSnapshot): Finding[] {
  const configs = istioConfigs(inv);
  return [...missingServices(configs, inv), ...overlaps(configs, inv), ...tagsNamedLikeRevisions(snapshot)];
}

/**
 * webhookFindings in parts (the extension host yields between them): the first reads the pods' label sets once,
 * the others test `chunk` namespaces each. Run in order, they return what webhookFindings returns.
 */
export function webhookCheckParts(inv: ClusterInventory, snapshot: MeshSnapshot, chunk: number): (() => Finding[])[] {
  // Parts are built outside the checks' error handling: nothing here may throw on a garbage inventory.
  const namespaces = isRecord(inv) ? arr(inv.namespaces) : [];
  let configs: IstioWebhookConfig[] = [];
  let labelSets = new Map<string, StringMap[]>();
  const parts: (() => Finding[])[] = [() => {
    configs = istioConfigs(inv);
    labelSets = podLabelSets(inv);
    return missingServices(configs, inv);
  }];
  for (let i = 0; i < namespaces.length; i += chunk) parts.push(() => overlaps(configs, inv, labelSets, namespaces.slice(i, i + chunk)));
  parts.push(() => tagsNamedLikeRevisions(snapshot));
  return parts;
}
