/** ClusterInventory (raw lists from one cluster) → MeshSnapshot. Pure; never throws on bad cluster data. */
import type { ClusterInventory } from './kubeObjects';
import type { MeshSnapshot, NamespaceBinding } from './model';
import { resolveDefaultRevision } from './defaultRevision';
import { computeUsage, type PodSelection } from './inUse';
import { bindNamespace, type NamespaceRule } from './injectionRules';
import { isTerminal, podTarget, type ProxyContext, buildProxy } from './proxies';
import { optedOut, podTemplateMetaOf } from './podTemplate';
import { collectRevisions } from './revisions';
import { attachTags, collectTags } from './tags';
import { arr, nameOf, namespaceOf, rec, str } from './untrusted';
import { checkWebhookServices } from './webhookChecks';
import { classifyMutatingWebhooks } from './webhooks';
import { groupWorkloads } from './workloads';

function byNamespace(items: unknown[]): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  for (const item of items) {
    const ns = namespaceOf(item);
    const list = out.get(ns);
    if (list) list.push(item);
    else out.set(ns, [item]);
  }
  return out;
}

export function buildSnapshot(context: string, inv: ClusterInventory): MeshSnapshot {
  const warnings: string[] = [];
  const source: unknown = inv;
  const get = (key: keyof ClusterInventory): unknown[] => (source && typeof source === 'object' ? arr((source as Record<string, unknown>)[key]) : []);
  const services = get('services');

  const { injectors, tags: tagWebhooks } = classifyMutatingWebhooks(get('mutatingWebhooks'), warnings);
  const revisions = collectRevisions({ deployments: get('deployments'), services, configMaps: get('configMaps'), injectors }, warnings);
  const tags = collectTags(tagWebhooks, services, warnings);
  attachTags(revisions, tags, warnings);
  checkWebhookServices([...injectors, ...tagWebhooks], services, warnings);
  const defaultRevision = resolveDefaultRevision(revisions, tags, injectors, get('validatingWebhooks'), warnings);
  for (const r of revisions) r.isDefault = r.name === defaultRevision?.name;

  const ctx: ProxyContext = {
    revisions: new Map(revisions.map((r) => [r.name, r])),
    tags: new Map(tags.map((t) => [t.name, t])),
    defaultRevision,
    revisionList: revisions,
    warnings,
  };

  const podsByNs = byNamespace(get('pods'));
  const depsByNs = byNamespace(get('deployments'));
  const stsByNs = byNamespace(get('statefulSets'));
  const dsByNs = byNamespace(get('daemonSets'));

  const nsObjects = new Map<string, unknown>();
  for (const ns of get('namespaces')) {
    const name = nameOf(ns);
    if (name && !nsObjects.has(name)) nsObjects.set(name, ns);
  }
  for (const name of podsByNs.keys()) {
    if (name && !nsObjects.has(name)) {
      warnings.push(`Namespace ${name} has pods but was not listed; its labels are unknown.`);
      nsObjects.set(name, { metadata: { name } });
    }
  }

  const podSelections: PodSelection[] = [];
  const namespaces: NamespaceBinding[] = [];
  for (const name of [...nsObjects.keys()].sort()) {
    const rule: NamespaceRule = bindNamespace(nsObjects.get(name), ctx, warnings);
    const groups = groupWorkloads(name, podsByNs.get(name) ?? [], {
      deployments: depsByNs.get(name) ?? [],
      statefulSets: stsByNs.get(name) ?? [],
      daemonSets: dsByNs.get(name) ?? [],
    });
    for (const g of groups) {
      g.workload.pods = g.members.map((pod) => {
        const meta = g.template ?? podTemplateMetaOf(pod);
        // A pod that opted out (istiod itself carries istio.io/rev with sidecar.istio.io/inject=false) selects nothing.
        if (rule.podSelection && !isTerminal(str(rec(pod, 'status').phase)) && !optedOut(meta)) {
          const chosen = podTarget(rule, meta, ctx);
          if (chosen) podSelections.push({ namespace: name, pod: nameOf(pod), revision: chosen.target.revision });
        }
        return buildProxy(pod, rule, meta, ctx);
      });
    }
    rule.binding.workloads = groups.map((g) => g.workload);
    namespaces.push(rule.binding);
  }

  computeUsage(revisions, tags, namespaces, defaultRevision, podSelections);
  const snapshot: MeshSnapshot = { context, revisions, tags, namespaces, warnings: [...new Set(warnings)] };
  if (defaultRevision) snapshot.defaultRevision = defaultRevision;
  return snapshot;
}
