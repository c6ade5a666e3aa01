/**
 * ClusterInventory (raw lists from one cluster) → MeshSnapshot. Pure; never throws on bad cluster data.
 * Built in two parts: the control plane (revisions, tags, default) and one result per namespace. A
 * SnapshotUpdater keeps the per-namespace results, so a watch event in one namespace rebuilds that namespace
 * only; anything touching the control plane rebuilds everything.
 */
import type { ClusterInventory } from './kubeObjects';
import type { DefaultRevision, HelmRelease, MeshSnapshot, NamespaceBinding, OwnerSummary, Revision, Tag } from './model';
import { findAutoInjectors } from './autoInjection';
import { resolveDefaultRevision } from './defaultRevision';
import { computeUsage, namespaceUsage, type NamespaceUsage, type PodSelection } from './inUse';
import { bindNamespace, type NamespaceRule } from './injectionRules';
import { isTerminal, podTarget, type ProxyContext, buildProxy } from './proxies';
import { optedOut, podTemplateMetaOf } from './podTemplate';
import { collectRevisions } from './revisions';
import { attachTags, collectTags } from './tags';
import { arr, isRecord, nameOf, namespaceOf, rec, str } from './untrusted';
import { checkWebhookServices } from './webhookChecks';
import { classifyMutatingWebhooks } from './webhooks';
import { groupWorkloads } from './workloads';
import { attachOwners } from './owners/attachOwners';
import { latestReleases, undecodableReleases } from './owners/helmReleases';
import { injectionLabelChange } from './owners/labelChange';
import { detectOwner, type OwnerContext } from './owners/objectOwner';
import { buildSailView } from './owners/sailView';
import { breathe, forEachSliced } from './timeSlice';

interface ControlPlane {
  revisions: Revision[];
  tags: Tag[];
  defaultRevision?: DefaultRevision;
  ctx: ProxyContext;
  warnings: string[];
  /** Namespaces whose Deployments can change a revision (istiod lives there). */
  istioNamespaces: Set<string>;
  ownerCtx: OwnerContext;
  /** Present when the inventory says how the owner reads went. */
  owners?: { releases: HelmRelease[]; problems: string[]; sail: boolean };
}

interface NamespaceResult {
  binding: NamespaceBinding;
  usage: NamespaceUsage;
  warnings: string[];
}

type Lists = (key: keyof ClusterInventory) => unknown[];

function listsOf(inv: ClusterInventory): Lists {
  const source: unknown = inv;
  return (key) => (source && typeof source === 'object' ? arr((source as Record<string, unknown>)[key]) : []);
}

function controlPlaneOf(get: Lists, ownerReads: unknown): ControlPlane {
  const warnings: string[] = [];
  const services = get('services');
  const { injectors, tags: tagWebhooks } = classifyMutatingWebhooks(get('mutatingWebhooks'), warnings);
  const revisions = collectRevisions({ deployments: get('deployments'), services, configMaps: get('configMaps'), injectors }, warnings);
  const tags = collectTags(tagWebhooks, services, warnings);
  attachTags(revisions, tags, warnings);
  checkWebhookServices([...injectors, ...tagWebhooks], services, warnings);
  const defaultRevision = resolveDefaultRevision(revisions, tags, injectors, get('validatingWebhooks'), warnings);
  for (const r of revisions) r.isDefault = r.name === defaultRevision?.name;
  const istioNamespaces = new Set(['istio-system', ...revisions.map((r) => r.istioNamespace)]);
  const ctx: ProxyContext = {
    revisions: new Map(revisions.map((r) => [r.name, r])),
    tags: new Map(tags.map((t) => [t.name, t])),
    defaultRevision,
    autoInjectors: findAutoInjectors(injectors, tagWebhooks, defaultRevision?.name),
    autoExcluded: istioNamespaces,
    revisionList: revisions,
    warnings,
  };
  const releases = latestReleases(get('helmReleaseSecrets'));
  const ownerCtx: OwnerContext = { releases };
  attachOwners(revisions, tags, { deployments: get('deployments'), services, mutatingWebhooks: get('mutatingWebhooks') }, ownerCtx);
  return { revisions, tags, defaultRevision, ctx, warnings, istioNamespaces, ownerCtx, owners: ownersRead(get, ownerReads, releases) };
}

/** How the owner reads went (absent when the inventory did not read owners). */
function ownersRead(get: Lists, ownerReads: unknown, releases: HelmRelease[]): ControlPlane['owners'] {
  if (!isRecord(ownerReads)) return undefined;
  const status = ownerReads;
  const problems = [
    ...arr(status.problems).filter((p): p is string => typeof p === 'string'),
    ...undecodableReleases(get('helmReleaseSecrets')).map((p) => `Helm release Secret ${p}`),
    ...releases.filter((r) => r.problem).map((r) => `Helm release ${r.namespace}/${r.name}: ${r.problem}`),
  ];
  return { releases, problems, sail: status.sail === 'served' };
}

interface NamespaceInputs {
  object: unknown;
  pods: unknown[];
  deployments: unknown[];
  statefulSets: unknown[];
  daemonSets: unknown[];
}

function namespaceResult(name: string, input: NamespaceInputs, cp: ControlPlane): NamespaceResult {
  const warnings: string[] = [];
  const ctx: ProxyContext = { ...cp.ctx, warnings };
  let object = input.object;
  if (object === undefined) {
    warnings.push(`Namespace ${name} has pods but was not listed; its labels are unknown.`);
    object = { metadata: { name } };
  }
  const rule: NamespaceRule = bindNamespace(object, ctx, warnings);
  const owner = detectOwner(object, 'Namespace', cp.ownerCtx).managedBy;
  if (owner) rule.binding.managedBy = owner;
  const labelChange = injectionLabelChange(object);
  if (labelChange) rule.binding.labelChange = labelChange;
  const selections: PodSelection[] = [];
  const groups = groupWorkloads(name, input.pods, { deployments: input.deployments, statefulSets: input.statefulSets, daemonSets: input.daemonSets });
  for (const g of groups) {
    g.workload.pods = g.members.map((pod) => {
      const meta = g.template ?? podTemplateMetaOf(pod);
      // A pod that opted out (istiod itself carries istio.io/rev with sidecar.istio.io/inject=false) selects nothing.
      if (rule.podSelection && !isTerminal(str(rec(pod, 'status').phase)) && !optedOut(meta)) {
        const chosen = podTarget(rule, meta, ctx);
        if (chosen) selections.push({ namespace: name, pod: nameOf(pod), revision: chosen.target.revision });
      }
      return buildProxy(pod, rule, meta, ctx);
    });
  }
  rule.binding.workloads = groups.map((g) => g.workload);
  return { binding: rule.binding, usage: namespaceUsage(rule.binding, selections), warnings };
}

/** Groups the namespaced lists by namespace, only for `only` when given (one pass over each list). */
function inputsByNamespace(get: Lists, only?: ReadonlySet<string>): Map<string, NamespaceInputs> {
  const out = new Map<string, NamespaceInputs>();
  const slot = (ns: string): NamespaceInputs | undefined => {
    if (only && !only.has(ns)) return undefined;
    let s = out.get(ns);
    if (!s) {
      s = { object: undefined, pods: [], deployments: [], statefulSets: [], daemonSets: [] };
      out.set(ns, s);
    }
    return s;
  };
  for (const ns of get('namespaces')) {
    const name = nameOf(ns);
    const s = name ? slot(name) : undefined;
    if (s && s.object === undefined) s.object = ns;
  }
  const add = (key: 'pods' | 'deployments' | 'statefulSets' | 'daemonSets', lists: Lists): void => {
    for (const item of lists(key)) {
      const ns = namespaceOf(item);
      const s = only && !only.has(ns) ? undefined : (out.get(ns) ?? (key === 'pods' ? slot(ns) : undefined));
      s?.[key].push(item);
    }
  };
  add('pods', get);
  add('deployments', get);
  add('statefulSets', get);
  add('daemonSets', get);
  return out;
}

function ownerSummary(owners: NonNullable<ControlPlane['owners']>, revisions: Revision[], get: Lists): OwnerSummary {
  const summary: OwnerSummary = { helmReleases: owners.releases, problems: owners.problems };
  if (owners.sail) summary.sail = buildSailView(get('sailIstios'), get('sailRevisions'), get('sailRevisionTags'), revisions);
  return summary;
}

function assemble(context: string, cp: ControlPlane, results: Map<string, NamespaceResult>, get: Lists): MeshSnapshot {
  // Revisions carry per-snapshot counts: copies, so an earlier snapshot a view still holds never changes.
  const revisions = cp.revisions.map((r) => ({ ...r, tags: [...r.tags] }));
  const names = [...results.keys()].sort();
  const namespaces = names.map((n) => (results.get(n) as NamespaceResult).binding);
  computeUsage(revisions, cp.tags, namespaces, cp.defaultRevision, names.map((n) => (results.get(n) as NamespaceResult).usage));
  const warnings = [...new Set([...cp.warnings, ...names.flatMap((n) => (results.get(n) as NamespaceResult).warnings)])];
  const snapshot: MeshSnapshot = { context, revisions, tags: cp.tags, namespaces, warnings };
  if (cp.defaultRevision) snapshot.defaultRevision = cp.defaultRevision;
  if (cp.owners) snapshot.owners = ownerSummary(cp.owners, revisions, get);
  return snapshot;
}

/** What changed since the last build: resource kinds, and the namespaces touched (undefined = unknown/all). */
export interface InventoryChange {
  kinds: readonly string[];
  namespaces?: ReadonlySet<string>;
}

const CONTROL_PLANE_KINDS = new Set([
  'mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'services', 'configmaps',
  'secrets', 'istios', 'istiorevisions', 'istiorevisiontags',
]);

export class SnapshotUpdater {
  private cp?: ControlPlane;
  private results = new Map<string, NamespaceResult>();

  constructor(private readonly context: string) {}

  /** Everything from scratch. */
  build(inv: ClusterInventory): MeshSnapshot {
    const get = listsOf(inv);
    const cp = controlPlaneOf(get, isRecord(inv) ? inv.ownerReads : undefined);
    const results = new Map<string, NamespaceResult>();
    for (const [name, input] of inputsByNamespace(get)) if (name) results.set(name, namespaceResult(name, input, cp));
    this.cp = cp;
    this.results = results;
    return assemble(this.context, cp, results, get);
  }

  /**
   * Like build, giving the event loop a turn between namespaces (on the extension host, whose one thread every
   * extension shares, a 40,000-pod build in one stretch is a freeze of several hundred ms).
   */
  async buildSliced(inv: ClusterInventory): Promise<MeshSnapshot> {
    const get = listsOf(inv);
    const cp = controlPlaneOf(get, isRecord(inv) ? inv.ownerReads : undefined);
    await breathe();
    const results = new Map<string, NamespaceResult>();
    await forEachSliced(inputsByNamespace(get), ([name, input]) => {
      if (name) results.set(name, namespaceResult(name, input, cp));
    });
    this.cp = cp;
    this.results = results;
    return assemble(this.context, cp, results, get);
  }

  /** Like update, sliced: a full build is buildSliced; a partial one yields between reading, rebuilding and assembling. */
  async updateSliced(inv: ClusterInventory, change?: InventoryChange): Promise<MeshSnapshot> {
    const cp = this.cp;
    const touched = change?.namespaces;
    if (!cp || !touched || this.needsFullBuild(change)) return this.buildSliced(inv);
    const get = listsOf(inv);
    const inputs = inputsByNamespace(get, touched);
    await breathe();
    await forEachSliced(touched, (name) => this.rebuildNamespace(name, inputs.get(name), cp));
    await breathe();
    return assemble(this.context, cp, this.results, get);
  }

  private rebuildNamespace(name: string, input: NamespaceInputs | undefined, cp: ControlPlane): void {
    if (input && name) this.results.set(name, namespaceResult(name, input, cp));
    else this.results.delete(name);
  }

  private needsFullBuild(change: InventoryChange | undefined): boolean {
    const cp = this.cp;
    const touched = change?.namespaces;
    return !cp || !touched || change.kinds.some((k) => CONTROL_PLANE_KINDS.has(k))
      || (change.kinds.includes('deployments') && [...touched].some((n) => cp.istioNamespaces.has(n)));
  }

  /** Only the changed namespaces, when nothing the control plane is made of changed; else a full build. */
  update(inv: ClusterInventory, change?: InventoryChange): MeshSnapshot {
    const cp = this.cp;
    const touched = change?.namespaces;
    if (!cp || !touched || this.needsFullBuild(change)) return this.build(inv);
    const get = listsOf(inv);
    const inputs = inputsByNamespace(get, touched);
    for (const name of touched) this.rebuildNamespace(name, inputs.get(name), cp);
    return assemble(this.context, cp, this.results, get);
  }
}

export function buildSnapshot(context: string, inv: ClusterInventory): MeshSnapshot {
  return new SnapshotUpdater(context).build(inv);
}
