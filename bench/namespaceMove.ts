/**
 * One namespace moving between revisions, as inventories: before, after the relabel only (its proxies now
 * need a restart), and after the relabel and the restart (its pods injected by the new revision). The
 * restarted pods copy the injection (labels, annotations, proxy containers) of a pod that revision injected.
 */
import type { ClusterInventory, KNamespace, KPod } from '../src/mesh/kubeObjects';
import type { MeshSnapshot, NamespaceBinding } from '../src/mesh/model';
import { buildSnapshot } from '../src/mesh/snapshotBuilder';

export interface NamespaceMove {
  namespace: string;
  from: string;
  to: string;
  before: ClusterInventory;
  relabelled: ClusterInventory;
  moved: ClusterInventory;
}

const ISTIO_KEY = /(^|\.)istio\.io\//;
const PROXY_CONTAINERS = new Set(['istio-proxy', 'istio-init', 'istio-validation']);

function istioOnly(map: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).filter(([k]) => ISTIO_KEY.test(k)));
}

function withoutIstio(map: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(map ?? {}).filter(([k]) => !ISTIO_KEY.test(k)));
}

/** `pod` as if `donor`'s injector had injected it (a rollout restart under the new label). */
function reinjected(pod: KPod, donor: KPod): KPod {
  const own = (list: { name: string }[] | undefined) => (list ?? []).filter((c) => !PROXY_CONTAINERS.has(c.name));
  const theirs = <C extends { name: string }>(list: C[] | undefined) => (list ?? []).filter((c) => PROXY_CONTAINERS.has(c.name));
  const spec = pod.spec ?? { containers: [] };
  return {
    ...pod,
    metadata: {
      ...pod.metadata,
      labels: { ...withoutIstio(pod.metadata.labels), ...istioOnly(donor.metadata.labels) },
      annotations: { ...withoutIstio(pod.metadata.annotations), ...istioOnly(donor.metadata.annotations) },
    },
    spec: {
      ...spec,
      containers: [...own(spec.containers), ...theirs(donor.spec?.containers)] as typeof spec.containers,
      initContainers: [...own(spec.initContainers), ...theirs(donor.spec?.initContainers)] as typeof spec.initContainers,
    },
  };
}

function relabel(ns: KNamespace, revision: string): KNamespace {
  const { 'istio-injection': _drop, ...labels } = ns.metadata.labels ?? {};
  return { ...ns, metadata: { ...ns.metadata, labels: { ...labels, 'istio.io/rev': revision } } };
}

const directlyBound = (n: NamespaceBinding): boolean =>
  n.state === 'bound' && !!n.target && !n.target.tag && !n.conflict && n.workloads.some((w) => w.pods.some((p) => p.injected));

/** The first namespace bound with istio.io/rev to one revision, moved to the next revision that has one too. */
export function namespaceMove(inventory: ClusterInventory, snapshot: MeshSnapshot): NamespaceMove {
  const bound = snapshot.namespaces.filter(directlyBound);
  const source = bound[0];
  const target = bound.find((n) => n.target?.revision !== source?.target?.revision);
  if (!source?.target || !target?.target) throw new Error('need namespaces bound with istio.io/rev to two revisions, with injected pods');
  const from = source.target.revision;
  const to = target.target.revision;
  const donor = inventory.pods.find((p) => p.metadata.namespace === target.name && p.metadata.annotations?.['sidecar.istio.io/status']);
  if (!donor) throw new Error(`no injected pod in ${target.name}`);
  const namespaces = inventory.namespaces.map((n) => (n.metadata.name === source.name ? relabel(n, to) : n));
  const relabelled = { ...inventory, namespaces };
  const moved = { ...relabelled, pods: inventory.pods.map((p) => (p.metadata.namespace === source.name ? reinjected(p, donor) : p)) };
  return { namespace: source.name, from, to, before: inventory, relabelled, moved };
}

/** Checks the inventories say what they claim, so the figure cannot silently measure something else. */
export function checkMove(m: NamespaceMove, built: { relabelled: MeshSnapshot; moved: MeshSnapshot }): void {
  const ns = (s: MeshSnapshot) => s.namespaces.find((n) => n.name === m.namespace);
  const pods = (s: MeshSnapshot) => ns(s)?.workloads.flatMap((w) => w.pods) ?? [];
  if (ns(built.relabelled)?.target?.revision !== m.to || !pods(built.relabelled).every((p) => p.needsRestart)) {
    throw new Error(`relabelled ${m.namespace}: expected bound to ${m.to} with every proxy needing a restart`);
  }
  if (ns(built.moved)?.target?.revision !== m.to || !pods(built.moved).every((p) => p.revision === m.to && !p.needsRestart)) {
    throw new Error(`moved ${m.namespace}: expected every proxy on ${m.to}, none needing a restart`);
  }
}

/**
 * Mid-migration: on top of `m.relabelled` (whose proxies already need a restart), a second namespace of the
 * same source revision is relabelled too — the common `kubectl label ns` during an upgrade.
 */
export function secondRelabel(m: NamespaceMove, snapshot: MeshSnapshot): { namespace: string; inventory: ClusterInventory } {
  const next = snapshot.namespaces.find((n) => directlyBound(n) && n.name !== m.namespace && n.target?.revision === m.from);
  if (!next) throw new Error(`need a second namespace bound with istio.io/rev to ${m.from}`);
  const namespaces = m.relabelled.namespaces.map((n) => (n.metadata.name === next.name ? relabel(n, m.to) : n));
  return { namespace: next.name, inventory: { ...m.relabelled, namespaces } };
}

export function snapshotsOf(m: NamespaceMove): { before: MeshSnapshot; relabelled: MeshSnapshot; moved: MeshSnapshot } {
  const built = { before: buildSnapshot('bench', m.before), relabelled: buildSnapshot('bench', m.relabelled), moved: buildSnapshot('bench', m.moved) };
  checkMove(m, built);
  return built;
}
