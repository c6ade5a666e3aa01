/**
 * The stable JSON contract of `istio-canary status -o json` (and "Copy status JSON").
 *
 * ```
 * { "clusters": [ {
 *     "context": string,                    kubeconfig context name
 *     "error"?: string,                     present only when the cluster could not be read
 *     "revisions": [ {
 *         "name": string,                   istio.io/rev value ("default" for a revisionless install)
 *         "version": string | null,         Istio version, null when unknown
 *         "isDefault": boolean,             the default revision (default tag > istiod-default-validator > revisionless injector)
 *         "ready": "n/m",                   istiod ready/desired replicas ("0/0" without an istiod Deployment)
 *         "tags": string[],                 tags pointing at this revision, sorted
 *         "managedBy": ManagedBy | null,    owner of its istiod Deployment (else injector webhooks, else Services)
 *         -- extras --
 *         "versionSource": "image" | "app.kubernetes.io/version" | "operator.istio.io/version" | "unknown",
 *         "istioNamespace": string,         namespace of istiod
 *         "deployment": string | null,      istiod Deployment name
 *         "external": boolean,              injector webhook uses clientConfig.url and no istiod runs here
 *         "expectedProxyImage": string | null,  from the injector ConfigMap's values
 *         "namespaceCount": number,         bound namespaces whose target is this revision
 *         "proxyCount": number,             live pods injected by this revision
 *         "inUse": string[]                 why it is in use: "default", "tag <t>", "namespace <ns>", "pod <ns>/<pod>"; [] = unused
 *     } ],                                  sorted by version, then name
 *     "tags": [ {
 *         "name": string, "revision": string,
 *         "managedBy": ManagedBy | null,    owner of its webhook (else of its Service)
 *         -- extras --
 *         "webhook"?: string,               istio-revision-tag-<tag> MutatingWebhookConfiguration
 *         "service"?: string                1.27+ istiod-revision-tag-<tag> Service
 *     } ],                                  sorted by name
 *     "namespaces": [ {
 *         "name": string,
 *         "target": { "revision": string, "via": "istio-injection" | "istio.io/rev" | "tag" | "auto", "tag"?: string } | null,
 *                                           "auto": no injection label, the default revision's auto.* webhook injects it
 *         "managedBy": ManagedBy | null,    owner of the Namespace object (Argo CD, Flux…)
 *         "conflict"?: string,              both istio-injection and istio.io/rev are set (IST0123)
 *         "workloads": [ {
 *             "kind": "Deployment" | "StatefulSet" | "DaemonSet" | "Job" | "Pod" | "ReplicaSet" | "Other",
 *             "name": string,
 *             "pods": [ {
 *                 "name": string,
 *                 "revision": string | null,       revision that injected the proxy (not the tag); null if none/unknown
 *                 "proxyVersion": string | null,   from the istio-proxy image tag
 *                 "needsRestart": boolean,
 *                 -- extras --
 *                 "injected": boolean,             carries an istio-proxy
 *                 "revisionSource": "annotation" | "status" | "label" | "image" | "none",
 *                 "phase": string | null,
 *                 "pinnedImage": boolean,          sidecar.istio.io/proxyImage is set
 *                 "restartReason"?: string,        present when needsRestart
 *                 "note"?: string                  remark that does not call for a restart (pinned image skew)
 *             } ],                                 sorted by name
 *             -- extras --
 *             "restartable": boolean,              a rollout restart can replace the pods
 *             "paused"?: boolean,                  Deployments only
 *             "templateRevision": string | null    pod-template istio.io/rev label
 *         } ],                                     sorted by kind, then name
 *         -- extras --
 *         "state": "bound" | "disabled" | "unlabeled" | "dangling",
 *         "reason": string,                 readable chain, e.g. "istio.io/rev=prod → tag prod → 1-7-6"
 *         "ambient": boolean,               istio.io/dataplane-mode=ambient
 *         "staleCount": number,             pods with needsRestart
 *         "labelChange"?: { "manager": string, "operation"?: string, "time"?: string, "labels": string[] }
 *                                           who last set its injection labels (managedFields), when known
 *     } ],                                  sorted by name; see inclusion rule below
 *     -- extras --
 *     "defaultRevision": { "name": string, "source": "default-tag" | "istiod-default-validator" | "revisionless-injector" } | null,
 *     "warnings": string[],                 problems found while reading the cluster
 *     "owners": {                           null when owners were not read
 *         "helmReleases": [ { "name", "namespace", "version": number, "status", "chart": string | null,
 *                             "chartVersion": string | null, "revision": string | null, "revisionTags": string[],
 *                             "defaultRevision": string | null } ],   latest deployed/pending revision per release
 *         "sail": SailView | null,          the Sail Operator's Istio/IstioRevision/IstioRevisionTag (model.ts SailView)
 *         "problems": string[]              owner reads that failed (owners unknown), e.g. a 403 on Secrets
 *     } | null
 * } ] }
 *
 * ManagedBy = { "kind": "helm" | "sail" | "istioctl" | "argocd" | "flux", "name": string, "namespace"?: string }
 *   name: Helm release, Sail resource, IstioOperator (else the revision) for istioctl, Argo CD app, Flux object;
 *   namespace: when known (release namespace, Flux object or Argo CD app namespace).
 * ```
 *
 * Namespace inclusion rule: a namespace is listed when it is bound, dangling, has a conflict, is disabled
 * and still has injected pods, or has any injected pod or any pod needing a restart. Plain unlabeled
 * namespaces without proxies (and disabled ones without proxies) are left out.
 * Keys marked optional are omitted when absent; unknown values among the required keys are null.
 */
import type {
  BindingVia, DefaultRevisionSource, InUseReason, LabelChange, ManagedBy, MeshSnapshot, NamespaceBinding, OwnerKind, RevisionSource,
  SailView, VersionSource,
} from './model';

export interface StatusInput {
  context: string;
  snapshot?: MeshSnapshot;
  error?: string;
}

export interface StatusPodJson {
  name: string;
  revision: string | null;
  proxyVersion: string | null;
  needsRestart: boolean;
  injected: boolean;
  revisionSource: RevisionSource;
  phase: string | null;
  pinnedImage: boolean;
  restartReason?: string;
  note?: string;
}

export interface StatusWorkloadJson {
  kind: string;
  name: string;
  pods: StatusPodJson[];
  restartable: boolean;
  paused?: boolean;
  templateRevision: string | null;
}

export interface ManagedByJson {
  kind: OwnerKind;
  name: string;
  namespace?: string;
}

export interface StatusNamespaceJson {
  name: string;
  target: { revision: string; via: BindingVia; tag?: string } | null;
  managedBy: ManagedByJson | null;
  conflict?: string;
  workloads: StatusWorkloadJson[];
  state: NamespaceBinding['state'];
  reason: string;
  ambient: boolean;
  staleCount: number;
  labelChange?: LabelChange;
}

export interface StatusRevisionJson {
  name: string;
  version: string | null;
  isDefault: boolean;
  ready: string;
  tags: string[];
  managedBy: ManagedByJson | null;
  versionSource: VersionSource;
  istioNamespace: string;
  deployment: string | null;
  external: boolean;
  expectedProxyImage: string | null;
  namespaceCount: number;
  proxyCount: number;
  inUse: string[];
}

export interface StatusTagJson {
  name: string;
  revision: string;
  managedBy: ManagedByJson | null;
  webhook?: string;
  service?: string;
}

export interface StatusClusterJson {
  context: string;
  error?: string;
  revisions: StatusRevisionJson[];
  tags: StatusTagJson[];
  namespaces: StatusNamespaceJson[];
  defaultRevision: { name: string; source: DefaultRevisionSource } | null;
  warnings: string[];
  owners: StatusOwnersJson | null;
}

export interface StatusHelmReleaseJson {
  name: string;
  namespace: string;
  version: number;
  status: string;
  chart: string | null;
  chartVersion: string | null;
  revision: string | null;
  revisionTags: string[];
  defaultRevision: string | null;
}

export interface StatusOwnersJson {
  helmReleases: StatusHelmReleaseJson[];
  sail: SailView | null;
  problems: string[];
}

/** The contract's owner object: kind, name and (when known) namespace — nothing else. */
export function managedByJson(owner: ManagedBy | undefined): ManagedByJson | null {
  if (!owner) return null;
  return { kind: owner.kind, name: owner.name, ...(owner.namespace ? { namespace: owner.namespace } : {}) };
}

export interface StatusJson {
  clusters: StatusClusterJson[];
}

export function inUseText(reason: InUseReason): string {
  switch (reason.kind) {
    case 'default': return 'default';
    case 'tag': return `tag ${reason.tag}`;
    case 'namespace': return `namespace ${reason.namespace}`;
    case 'pod': return `pod ${reason.namespace}/${reason.pod}`;
  }
}

export function staleCount(ns: NamespaceBinding): number {
  return ns.workloads.reduce((n, w) => n + w.pods.filter((p) => p.needsRestart).length, 0);
}

export function proxyCountOf(ns: NamespaceBinding): number {
  return ns.workloads.reduce((n, w) => n + w.pods.filter((p) => p.injected).length, 0);
}

/** The namespace inclusion rule of the status outputs (see the doc above). */
export function isReportedNamespace(ns: NamespaceBinding): boolean {
  if (ns.state === 'bound' || ns.state === 'dangling' || ns.conflict) return true;
  return proxyCountOf(ns) > 0 || staleCount(ns) > 0;
}

function namespaceJson(ns: NamespaceBinding): StatusNamespaceJson {
  const target = ns.target
    ? { revision: ns.target.revision, via: ns.target.via, ...(ns.target.tag !== undefined ? { tag: ns.target.tag } : {}) }
    : null;
  return {
    name: ns.name,
    target,
    managedBy: managedByJson(ns.managedBy),
    ...(ns.conflict ? { conflict: ns.conflict } : {}),
    workloads: ns.workloads.map((w) => ({
      kind: w.kind,
      name: w.name,
      pods: w.pods.map((p) => ({
        name: p.pod,
        revision: p.revision ?? null,
        proxyVersion: p.proxyVersion ?? null,
        needsRestart: p.needsRestart,
        injected: p.injected,
        revisionSource: p.revisionSource,
        phase: p.phase ?? null,
        pinnedImage: p.pinnedImage,
        ...(p.restartReason ? { restartReason: p.restartReason } : {}),
        ...(p.note ? { note: p.note } : {}),
      })),
      restartable: w.restartable,
      ...(w.paused !== undefined ? { paused: w.paused } : {}),
      templateRevision: w.templateRevision ?? null,
    })),
    state: ns.state,
    reason: ns.reason,
    ambient: ns.ambient,
    staleCount: staleCount(ns),
    ...(ns.labelChange ? { labelChange: { ...ns.labelChange, labels: [...ns.labelChange.labels] } } : {}),
  };
}

function clusterJson(input: StatusInput): StatusClusterJson {
  const s = input.snapshot;
  const out: StatusClusterJson = {
    context: input.context,
    ...(input.error ? { error: input.error } : {}),
    revisions: (s?.revisions ?? []).map((r) => ({
      name: r.name,
      version: r.version ?? null,
      isDefault: r.isDefault,
      ready: `${r.readyReplicas}/${r.desiredReplicas}`,
      tags: [...r.tags],
      managedBy: managedByJson(r.managedBy),
      versionSource: r.versionSource,
      istioNamespace: r.istioNamespace,
      deployment: r.deployment ?? null,
      external: r.external,
      expectedProxyImage: r.expectedProxyImage ?? null,
      namespaceCount: r.namespaceCount,
      proxyCount: r.proxyCount,
      inUse: r.inUse.map(inUseText),
    })),
    tags: (s?.tags ?? []).map((t) => ({
      name: t.name,
      revision: t.revision,
      managedBy: managedByJson(t.managedBy),
      ...(t.webhook ? { webhook: t.webhook } : {}),
      ...(t.service ? { service: t.service } : {}),
    })),
    namespaces: (s?.namespaces ?? []).filter(isReportedNamespace).map(namespaceJson),
    defaultRevision: s?.defaultRevision ? { name: s.defaultRevision.name, source: s.defaultRevision.source } : null,
    warnings: [...(s?.warnings ?? [])],
    owners: s?.owners ? {
      helmReleases: s.owners.helmReleases.map((r) => ({
        name: r.name, namespace: r.namespace, version: r.version, status: r.status, chart: r.chart ?? null, chartVersion: r.chartVersion ?? null,
        revision: r.revision ?? null, revisionTags: [...r.revisionTags], defaultRevision: r.defaultRevision ?? null,
      })),
      sail: s.owners.sail ? structuredClone(s.owners.sail) : null,
      problems: [...s.owners.problems],
    } : null,
  };
  return out;
}

export function toStatusJson(clusters: StatusInput[]): StatusJson {
  return { clusters: clusters.map(clusterJson) };
}
