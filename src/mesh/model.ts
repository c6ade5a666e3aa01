/** The Istio revision model of one cluster, as the tree, the CLI and the webviews see it. Pure data. */

export type VersionSource = 'image' | 'app.kubernetes.io/version' | 'operator.istio.io/version' | 'unknown';

export type DefaultRevisionSource = 'default-tag' | 'istiod-default-validator' | 'revisionless-injector';

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
}

export type BindingVia = 'istio-injection' | 'istio.io/rev' | 'tag';

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
}

export type WorkloadKindName = 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Pod' | 'Job' | 'ReplicaSet' | 'Other';

export interface Workload {
  kind: WorkloadKindName;
  name: string;
  namespace: string;
  /** Pod template `istio.io/rev` label (pod-level revision selection), if any. */
  templateRevision?: string;
  paused?: boolean;
  /** Whether a rollout restart can replace this workload's pods (false for paused Deployments). */
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
}
