/** The Istio revision model of one cluster, as the tree, the CLI and the webviews see it. Pure data. */

export type VersionSource = 'image' | 'app.kubernetes.io/version' | 'operator.istio.io/version' | 'unknown';

export type DefaultRevisionSource = 'default-tag' | 'istiod-default-validator' | 'revisionless-injector';

export type OwnerKind = 'helm' | 'sail' | 'istioctl' | 'argocd' | 'flux';

/**
 * Who keeps an object (istio-model.md M15): the tool that re-applies it and so reverts a direct edit.
 * `name`: Helm release, Sail resource, IstioOperator (or revision) for istioctl, Argo CD app, Flux object.
 */
export interface ManagedBy {
  kind: OwnerKind;
  name: string;
  /** Release namespace, Flux object namespace, Argo CD app namespace, IstioOperator namespace — when known. */
  namespace?: string;
  /** What `name` is: `release` (Helm), `IstioRevision`/`IstioRevisionTag` (Sail), `HelmRelease`/`Kustomization` (Flux), `Application` (Argo CD), `IstioOperator`/`revision` (istioctl). */
  resource: string;
  /** Helm: the release's chart name and version, e.g. "istiod 1.24.2". */
  chart?: string;
  /** Helm: the release status when it is not `deployed` (a `pending-*` operation running or died). */
  releaseStatus?: string;
  /** Why we think so, one short line each, for tooltips. */
  evidence: string[];
}

/** Who last changed a namespace's injection labels, from its managedFields (istio-model.md M15). */
export interface LabelChange {
  manager: string;
  operation?: string;
  time?: string;
  /** The injection label keys that manager owns, e.g. ["istio.io/rev"]. */
  labels: string[];
}

export interface Revision {
  /** Revision name as used in `istio.io/rev` ("default" for a revisionless install). */
  name: string;
  /** Istio version, e.g. "1.7.0"; undefined when it cannot be read. */
  version?: string;
  versionSource: VersionSource;
  /** The namespace holding istiod for this revision (usually istio-system). */
  istioNamespace: string;
  /** istiod Deployment name, when one exists in this cluster. */
  deployment?: string;
  /** discovery container image. */
  pilotImage?: string;
  /** Expected proxy image from the injector ConfigMap, when readable. */
  expectedProxyImage?: string;
  readyReplicas: number;
  desiredReplicas: number;
  /** Injector webhook with clientConfig.url and no istiod Deployment: control plane runs elsewhere. */
  external: boolean;
  /** Injector MutatingWebhookConfiguration names of this revision (no `istio.io/tag` label). */
  injectorWebhooks: string[];
  /** istiod Service names of this revision. */
  services: string[];
  isDefault: boolean;
  /** Tag names pointing at this revision. */
  tags: string[];
  /** Namespaces whose effective target is this revision (directly or through a tag). */
  namespaceCount: number;
  /** Pods whose injected revision is this one. */
  proxyCount: number;
  /** Why this revision is still in use (Sail's algorithm); empty = unused. */
  inUse: InUseReason[];
  /** Owner of its istiod Deployment (else its injector webhooks, else its Services); absent = none found or unknown. */
  managedBy?: ManagedBy;
  /** The first paint of a big cluster: pods are still being listed, so proxyCount and the pods in inUse are not known yet. */
  countingProxies?: true;
}

export type InUseReason =
  | { kind: 'tag'; tag: string }
  | { kind: 'namespace'; namespace: string }
  | { kind: 'pod'; namespace: string; pod: string }
  | { kind: 'default' };

export interface Tag {
  name: string;
  /** Target revision name. */
  revision: string;
  /** `istio-revision-tag-<tag>` webhook, if present. */
  webhook?: string;
  /** 1.27+ tag Service `istiod-revision-tag-<tag>`, if present. */
  service?: string;
  /** Owner of its webhook (else its Service); absent = none found or unknown. */
  managedBy?: ManagedBy;
}

/** `auto`: no injection label, but the default revision's `auto.*` webhook (enableNamespacesByDefault) injects it. */
export type BindingVia = 'istio-injection' | 'istio.io/rev' | 'tag' | 'auto';

export interface NamespaceTarget {
  /** Resolved revision name (after tag resolution). */
  revision: string;
  via: BindingVia;
  /** The tag, when `istio.io/rev` named a tag. */
  tag?: string;
}

export type NamespaceState =
  /** Injection goes to `target`. */
  | 'bound'
  /** `istio-injection=disabled`: never injected. */
  | 'disabled'
  /** No injection labels: pods only injected if they opt in themselves. */
  | 'unlabeled'
  /** A label names a revision/tag that does not exist, or `enabled` with no default revision. */
  | 'dangling';

export interface NamespaceBinding {
  name: string;
  labels: Record<string, string>;
  state: NamespaceState;
  target: NamespaceTarget | null;
  /** Both `istio-injection` and `istio.io/rev` are set (IST0123): istio-injection wins. */
  conflict?: string;
  /** One line a person can read, e.g. "istio-injection=enabled → default → 1-7-6". */
  reason: string;
  ambient: boolean;
  workloads: Workload[];
  /** Owner of the Namespace object (GitOps, usually); absent = none found or unknown. */
  managedBy?: ManagedBy;
  /** Who last changed its injection labels, when its managedFields tell. */
  labelChange?: LabelChange;
  /** Pods are still being listed (first paint): its workloads are not known yet. */
  countingProxies?: true;
}

export type WorkloadKindName = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Pod' | 'Job' | 'ReplicaSet' | 'Other';

export interface Workload {
  kind: WorkloadKindName;
  name: string;
  namespace: string;
  /** Pod template `istio.io/rev` label (pod-level revision selection), if any. */
  templateRevision?: string;
  paused?: boolean;
  /** A StatefulSet or DaemonSet with `updateStrategy: OnDelete`: a rollout restart replaces none of its pods. */
  onDelete?: boolean;
  /** Whether a rollout restart can replace this workload's pods (false for paused Deployments and OnDelete). */
  restartable: boolean;
  /** For kind 'Other': the owner reference's kind (e.g. a custom controller's resource). */
  ownerKind?: string;
  pods: Proxy[];
}

export type RevisionSource = 'annotation' | 'status' | 'label' | 'image' | 'none';

export interface Proxy {
  pod: string;
  namespace: string;
  phase?: string;
  /** The pod carries an istio-proxy (sidecar or native sidecar). */
  injected: boolean;
  /** Injected revision (not the tag), when known. */
  revision?: string;
  revisionSource: RevisionSource;
  proxyVersion?: string;
  proxyImage?: string;
  /** `sidecar.istio.io/proxyImage` pins the image: its tag is not trusted as the Istio version. */
  pinnedImage: boolean;
  needsRestart: boolean;
  /** Why a restart is needed, for tooltips and reports. */
  restartReason?: string;
  /** A remark that does not call for a restart, e.g. a pinned proxy image whose version differs from the target's. */
  note?: string;
}

export interface DefaultRevision {
  name: string;
  source: DefaultRevisionSource;
}

export interface MeshSnapshot {
  context: string;
  revisions: Revision[];
  tags: Tag[];
  defaultRevision?: DefaultRevision;
  namespaces: NamespaceBinding[];
  /** Human-readable problems found while building (garbage annotations, unknown labels…). */
  warnings: string[];
  /** Helm releases, Sail resources, and whether owners could be read; absent = owners not read. */
  owners?: OwnerSummary;
  /** The control plane and namespaces only, shown while the pods are still being listed (see countingProxies). */
  countingProxies?: true;
}

/** The latest deployed or pending revision of one Helm release in an Istio namespace. */
export interface HelmRelease {
  name: string;
  namespace: string;
  version: number;
  status: string;
  chart?: string;
  chartVersion?: string;
  appVersion?: string;
  revision?: string;
  revisionTags: string[];
  defaultRevision?: string;
  /** Objects its manifest renders (kind/name[/namespace]); undefined when the manifest was unreadable. */
  objects?: { kind: string; name: string; namespace?: string }[];
  problem?: string;
}

export interface OwnerSummary {
  helmReleases: HelmRelease[];
  /** Present when the cluster serves the Sail Operator's API. */
  sail?: SailView;
  /** Reads that failed (owners may be unknown), one sentence each. */
  problems: string[];
}

export interface SailIstioView {
  name: string;
  version?: string;
  namespace?: string;
  updateStrategy?: string;
  gracePeriodSeconds?: number;
  activeRevision?: string;
  revisions: { total?: number; ready?: number; inUse?: number };
  state?: string;
}

export interface SailRevisionView {
  name: string;
  /** The `Istio` that owns it. */
  istio?: string;
  version?: string;
  ready?: boolean;
  /** Sail's InUse condition: true, false or unknown (no condition / status Unknown). */
  sailInUse: boolean | undefined;
  /** Our in-use verdict for the revision of that name; undefined when we have no such revision. */
  oursInUse: boolean | undefined;
  /** Since when InUse is False (its lastTransitionTime): Sail prunes after the grace period. */
  notInUseSince?: string;
  /** Set when Sail and we disagree, one sentence. */
  disagreement?: string;
}

export interface SailTagView {
  name: string;
  targetKind?: string;
  targetName?: string;
  /** status.istioRevision: the revision it resolves to. */
  revision?: string;
}

export interface SailView {
  istios: SailIstioView[];
  revisions: SailRevisionView[];
  tags: SailTagView[];
}
