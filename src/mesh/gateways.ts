/**
 * Gateway Deployments (istio-model.md M9.1, M9.2, M9.4): IOP-style (`operator.istio.io/component: *Gateways`, `istio: ingressgateway|egressgateway`)
 * and Helm `istio/gateway`-style (gateway injection template, or inject=true with an `image: auto` istio-proxy).
 * For each: which revision its next pods get, the proxies its pods carry, and the Services that select it.
 */
import type { ClusterInventory, KService, KWorkload, StringMap } from './kubeObjects';
import type { ManagedBy, MeshSnapshot } from './model';
import { detectOwner } from './owners/objectOwner';
import { LABEL_REV, LABEL_SIDECAR_INJECT, PROXY_CONTAINER } from './labels';
import { workloadTemplateMeta } from './podTemplate';
import { arr, isRecord, rec, str } from './untrusted';

/** `waypoint`: a Gateway API deployment istiod renders (waypoints, managed gateways) — revisioned by its Gateway's `istio.io/rev`. */
export type GatewayStyle = 'iop' | 'helm' | 'waypoint';

/** Where the gateway's revision comes from: its pod template, its namespace's binding, or the default revision. */
export type GatewayRevisionSource = 'pod-template' | 'namespace' | 'default-revision' | 'none';

export interface GatewayRef {
  namespace: string;
  name: string;
}

export interface GatewayInfo extends GatewayRef {
  style: GatewayStyle;
  /** Resolved revision its (re)created pods are injected by. */
  revision?: string;
  /** The label value that chose it (a revision or a tag), when one did. */
  selectedBy?: string;
  revisionSource: GatewayRevisionSource;
  /** Pod-template `istio.io/rev`, when set. */
  templateRevision?: string;
  /** The template label is ignored because the namespace's binding wins (istio-model.md M5.3). */
  templateIgnored?: boolean;
  replicas: number;
  readyReplicas: number;
  /** readyReplicas == replicas > 0. */
  ready: boolean;
  pods: number;
  podsWithProxy: number;
  /** Distinct proxy versions / injected revisions of its live pods, sorted. */
  proxyVersions: string[];
  proxyRevisions: string[];
  templateLabels: StringMap;
  /** Services in its namespace whose selector matches its pod template, "name" only (same namespace). */
  services: string[];
  /** Owner of the gateway Deployment (a Helm gateway release, an IstioOperator, GitOps…), when found. */
  managedBy?: ManagedBy;
}

const GATEWAY_ISTIO_LABELS = new Set(['ingressgateway', 'egressgateway']);

function containers(workload: KWorkload): Record<string, unknown>[] {
  const spec = rec(rec(rec(workload, 'spec'), 'template'), 'spec');
  return [...arr(spec.containers), ...arr(spec.initContainers)].filter(isRecord);
}

/** The gateway style of a Deployment, or undefined when it is not a gateway. */
export function gatewayStyleOf(d: KWorkload): GatewayStyle | undefined {
  const labels = d.metadata.labels ?? {};
  const t = workloadTemplateMeta(d);
  const component = labels['operator.istio.io/component'] ?? t.labels['operator.istio.io/component'];
  if (component?.endsWith('Gateways')) return 'iop';
  if (t.annotations['inject.istio.io/templates'] === 'gateway') return 'helm';
  const proxy = containers(d).find((c) => c.name === PROXY_CONTAINER);
  if (t.labels[LABEL_SIDECAR_INJECT] === 'true' && proxy && str(proxy.image) === 'auto') return 'helm';
  const istio = labels.istio ?? t.labels.istio;
  if (istio && GATEWAY_ISTIO_LABELS.has(istio)) return 'iop';
  if (t.labels['gateway.networking.k8s.io/gateway-name'] && (labels['gateway.istio.io/managed'] ?? t.labels['gateway.istio.io/managed'])) return 'waypoint';
  return undefined;
}

/**
 * Ready to take traffic: the controller has seen the latest spec (observedGeneration), every replica is of the
 * current template (updatedReplicas) and ready. Old ready pods in the middle of a rollout do not count.
 */
export function deploymentSettled(d: KWorkload): boolean {
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  const observed = s.observedGeneration === undefined || d.metadata.generation === undefined || s.observedGeneration >= d.metadata.generation;
  return want > 0 && observed && (s.updatedReplicas ?? want) === want && (s.readyReplicas ?? 0) === want;
}

/** Every key of `selector` equals the label (a Service selector is equality-only). */
export function selectsLabels(selector: StringMap | undefined, labels: StringMap): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

function resolveName(snapshot: MeshSnapshot, value: string): string | undefined {
  if (snapshot.revisions.some((r) => r.name === value)) return value;
  return snapshot.tags.find((t) => t.name === value)?.revision;
}

function revisionOf(snapshot: MeshSnapshot, namespace: string, templateRevision: string | undefined): Pick<GatewayInfo, 'revision' | 'selectedBy' | 'revisionSource' | 'templateIgnored'> {
  const binding = snapshot.namespaces.find((n) => n.name === namespace);
  // istio-model.md M5.3: a namespace binding (istio-injection or istio.io/rev) wins over a pod-level istio.io/rev; an auto binding
  // (no label) does not: gateway pods carry sidecar.istio.io/inject=true, which the auto entry does not select.
  if (binding?.state === 'bound' && binding.target && binding.target.via !== 'auto') {
    const selectedBy = binding.target.tag ?? binding.labels[LABEL_REV] ?? binding.target.revision;
    return { revision: binding.target.revision, selectedBy, revisionSource: 'namespace', templateIgnored: templateRevision !== undefined };
  }
  if (templateRevision !== undefined) {
    const revision = resolveName(snapshot, templateRevision);
    return { ...(revision ? { revision } : {}), selectedBy: templateRevision, revisionSource: 'pod-template' };
  }
  if (snapshot.defaultRevision) return { revision: snapshot.defaultRevision.name, revisionSource: 'default-revision' };
  return { revisionSource: 'none' };
}

function uniqueSorted(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort();
}

export function describeGateway(d: KWorkload, style: GatewayStyle, snapshot: MeshSnapshot, services: KService[]): GatewayInfo {
  const namespace = d.metadata.namespace ?? '';
  const name = d.metadata.name;
  const t = workloadTemplateMeta(d);
  // istiod stamps a managed Gateway's `istio.io/rev` (a revision or a tag) on the Deployment it renders.
  const templateRevision = t.labels[LABEL_REV] ?? (style === 'waypoint' ? d.metadata.labels?.[LABEL_REV] ?? t.annotations[LABEL_REV] : undefined);
  const workload = snapshot.namespaces.find((n) => n.name === namespace)?.workloads.find((w) => w.kind === 'Deployment' && w.name === name);
  const live = (workload?.pods ?? []).filter((p) => p.phase !== 'Succeeded' && p.phase !== 'Failed');
  const replicas = d.spec?.replicas ?? 1;
  const readyReplicas = d.status?.readyReplicas ?? 0;
  const info: GatewayInfo = {
    namespace, name, style, ...revisionOf(snapshot, namespace, templateRevision),
    replicas, readyReplicas, ready: deploymentSettled(d),
    pods: live.length,
    podsWithProxy: live.filter((p) => p.injected).length,
    proxyVersions: uniqueSorted(live.map((p) => p.proxyVersion)),
    proxyRevisions: uniqueSorted(live.map((p) => p.revision)),
    templateLabels: t.labels,
    services: services
      .filter((s) => s.metadata.namespace === namespace && selectsLabels(s.spec?.selector, t.labels))
      .map((s) => s.metadata.name).sort(),
  };
  if (templateRevision !== undefined) info.templateRevision = templateRevision;
  const owner = detectOwner(d, 'Deployment', { releases: snapshot.owners?.helmReleases ?? [] }).managedBy;
  if (owner) info.managedBy = owner;
  return info;
}

/** All gateway Deployments of the inventory, sorted by namespace/name. Services come from `inv.services`. */
export function findGateways(inv: ClusterInventory, snapshot: MeshSnapshot): GatewayInfo[] {
  const out: GatewayInfo[] = [];
  for (const d of inv.deployments ?? []) {
    if (!d?.metadata?.name) continue;
    const style = gatewayStyleOf(d);
    if (style) out.push(describeGateway(d, style, snapshot, inv.services ?? []));
  }
  return out.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

/** "1-10-4 (pod template)" / "1-9-7 via namespace tag prod" / "default revision 1-9-7". */
export function gatewayRevisionText(g: GatewayInfo): string {
  const rev = g.revision ?? 'unknown revision';
  switch (g.revisionSource) {
    case 'pod-template':
      return g.selectedBy && g.selectedBy !== rev ? `${rev} (pod template istio.io/rev=${g.selectedBy})` : `${rev} (pod template)`;
    case 'namespace':
      return `${rev} (namespace ${g.namespace}${g.selectedBy && g.selectedBy !== rev ? ` → ${g.selectedBy}` : ''})`;
    case 'default-revision':
      return `${rev} (default revision: no istio.io/rev)`;
    default:
      return 'no revision would inject it';
  }
}
