/**
 * The subset of Kubernetes object shapes the mesh model reads. src/kube trims API objects down to
 * these shapes; the simulator stores full objects that are structurally compatible.
 * Plain data only — no client-node types cross this boundary.
 */

export type StringMap = Record<string, string>;

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: StringMap;
  annotations?: StringMap;
  ownerReferences?: OwnerReference[];
  /** Read from Namespaces only, and only the entries that touch an injection label (src/kube trims the rest). */
  managedFields?: ManagedFieldsEntry[];
}

/** One `metadata.managedFields` entry (istio-model.md M15): who last asserted the fields in `fieldsV1`. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  time?: string;
  fieldsV1?: Record<string, unknown>;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: StringMap;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface Container {
  name: string;
  image?: string;
  /** `Always` on an init container marks a native sidecar (Kubernetes 1.28+). */
  restartPolicy?: string;
  /** Present when the container has a readiness probe (src/kube keeps only `{}`: the blast radius asks whether there is one). */
  readinessProbe?: Record<string, unknown>;
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  hostNetwork?: boolean;
}

export interface PodTemplateSpec {
  metadata?: { labels?: StringMap; annotations?: StringMap };
  spec?: PodSpec;
}

export interface PodCondition {
  type: string;
  status: string;
}

export interface PodStatus {
  phase?: string;
  conditions?: PodCondition[];
}

export interface KNamespace {
  metadata: ObjectMeta;
  status?: { phase?: string };
}

export interface KPod {
  metadata: ObjectMeta;
  spec?: PodSpec;
  status?: PodStatus;
}

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

export interface WorkloadStatus {
  observedGeneration?: number;
  replicas?: number;
  readyReplicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  /** DaemonSet fields */
  desiredNumberScheduled?: number;
  numberReady?: number;
  updatedNumberScheduled?: number;
}

/** An int-or-string field such as `maxUnavailable: 1` or `"25%"`. */
export type IntOrPercent = number | string;

/** Deployment `spec.strategy`. */
export interface DeploymentStrategy {
  type?: string;
  rollingUpdate?: { maxUnavailable?: IntOrPercent; maxSurge?: IntOrPercent };
}

/** StatefulSet / DaemonSet `spec.updateStrategy` (`OnDelete`: a template change replaces no pod). */
export interface UpdateStrategy {
  type?: string;
  rollingUpdate?: { partition?: number; maxUnavailable?: IntOrPercent };
}

export interface KWorkload {
  kind?: string;
  metadata: ObjectMeta;
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
    strategy?: DeploymentStrategy;
    updateStrategy?: UpdateStrategy;
  };
  status?: WorkloadStatus;
}

/** policy/v1 (or v1beta1 before Kubernetes 1.21) PodDisruptionBudget, trimmed. Read per plan, not cached. */
export interface KPodDisruptionBudget {
  metadata: ObjectMeta;
  spec?: { minAvailable?: IntOrPercent; maxUnavailable?: IntOrPercent; selector?: LabelSelector };
  status?: { observedGeneration?: number; disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; expectedPods?: number };
}

/** autoscaling/v2 (or v1) HorizontalPodAutoscaler, trimmed to what both versions share. Read per plan. */
export interface KHorizontalPodAutoscaler {
  metadata: ObjectMeta;
  spec?: { scaleTargetRef?: { kind?: string; name?: string; apiVersion?: string }; minReplicas?: number; maxReplicas?: number };
  status?: { currentReplicas?: number; desiredReplicas?: number };
}

/** batch/v1 Job, trimmed to its metadata: its owner tells whether a CronJob starts it again. Read per plan. */
export interface KJob {
  metadata: ObjectMeta;
}

export interface WebhookClientConfig {
  service?: { name: string; namespace: string; path?: string; port?: number };
  url?: string;
  caBundle?: string;
}

export interface Webhook {
  name: string;
  clientConfig: WebhookClientConfig;
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  rules?: unknown[];
  failurePolicy?: string;
  sideEffects?: string;
  admissionReviewVersions?: string[];
  reinvocationPolicy?: string;
  matchPolicy?: string;
  timeoutSeconds?: number;
}

export interface KWebhookConfiguration {
  metadata: ObjectMeta;
  webhooks?: Webhook[];
}

export interface KService {
  metadata: ObjectMeta;
  spec?: { selector?: StringMap; type?: string; ports?: { name?: string; port: number; targetPort?: number | string }[] };
}

export interface KConfigMap {
  metadata: ObjectMeta;
  data?: StringMap;
}

/** One object a Helm release's manifest renders. `namespace` as written in the manifest (absent: the release's). */
export interface ManifestObject {
  kind: string;
  name: string;
  namespace?: string;
}

/** The fields of a decoded Helm release (istio-model.md M15) the owner model reads; everything else of the Secret is dropped. */
export interface HelmReleaseRecord {
  name: string;
  namespace: string;
  /** Release revision number. */
  version: number;
  /** deployed, pending-install, pending-upgrade, pending-rollback, … */
  status: string;
  chart: { name?: string; version?: string; appVersion?: string };
  /** The user-supplied values that decide revisions and tags (`config`, not merged with chart defaults). */
  values: { revision?: string; revisionTags?: string[]; defaultRevision?: string };
  /** What the manifest renders; undefined when it could not be read. */
  objects?: ManifestObject[];
  /** Why the manifest (or part of it) could not be read. */
  problem?: string;
  /** `info.last_deployed`, when present. */
  lastDeployed?: string;
}

/** A Helm release Secret (`owner=helm`) as src/kube keeps it: decoded release fields, never the Secret's data. */
export interface KHelmReleaseSecret {
  metadata: ObjectMeta;
  release?: HelmReleaseRecord;
  /** Why `data.release` could not be decoded (garbage, oversized, missing). */
  decodeError?: string;
}

export interface SailCondition {
  type: string;
  status: string;
  reason?: string;
  lastTransitionTime?: string;
}

/** sailoperator.io/v1 `Istio` (istio-model.md M13), trimmed. */
export interface KSailIstio {
  metadata: ObjectMeta;
  spec?: { version?: string; namespace?: string; updateStrategy?: { type?: string; inactiveRevisionDeletionGracePeriodSeconds?: number } };
  status?: {
    activeRevisionName?: string;
    revisions?: { total?: number; ready?: number; inUse?: number };
    state?: string;
    conditions?: SailCondition[];
  };
}

/** sailoperator.io/v1 `IstioRevision` (istio-model.md M13), trimmed. */
export interface KSailRevision {
  metadata: ObjectMeta;
  spec?: { version?: string; namespace?: string };
  status?: { state?: string; conditions?: SailCondition[] };
}

/** sailoperator.io/v1 `IstioRevisionTag` (istio-model.md M13), trimmed. */
export interface KSailRevisionTag {
  metadata: ObjectMeta;
  spec?: { targetRef?: { kind?: string; name?: string } };
  status?: { istioRevision?: string; istiodNamespace?: string; conditions?: SailCondition[] };
}

/** How the owner reads went. Absent from an inventory: owners were not read at all (unknown). */
export interface OwnerReadStatus {
  /** Whether the cluster serves sailoperator.io/v1 (`unknown`: discovery failed or was not asked). */
  sail: 'served' | 'absent' | 'unknown';
  /** Reads that failed, each one sentence, e.g. "Helm release Secrets in istio-system: forbidden (RBAC)". */
  problems: string[];
}

/** Everything read from one cluster, as lists. The mesh builder turns this into a MeshSnapshot. */
export interface ClusterInventory {
  namespaces: KNamespace[];
  pods: KPod[];
  deployments: KWorkload[];
  statefulSets: KWorkload[];
  daemonSets: KWorkload[];
  mutatingWebhooks: KWebhookConfiguration[];
  validatingWebhooks: KWebhookConfiguration[];
  /** Services of the Istio control-plane namespace(s). */
  services: KService[];
  /** ConfigMaps of the Istio control-plane namespace(s). */
  configMaps: KConfigMap[];
  /** Helm release Secrets of the Istio namespace(s): latest deployed/pending only (label-selected), decoded. */
  helmReleaseSecrets?: KHelmReleaseSecret[];
  /** Sail Operator resources, when the cluster serves sailoperator.io/v1. */
  sailIstios?: KSailIstio[];
  sailRevisions?: KSailRevision[];
  sailRevisionTags?: KSailRevisionTag[];
  /** How reading the owners went; absent = not read (owners unknown). */
  ownerReads?: OwnerReadStatus;
}

export function emptyInventory(): ClusterInventory {
  return {
    namespaces: [], pods: [], deployments: [], statefulSets: [], daemonSets: [],
    mutatingWebhooks: [], validatingWebhooks: [], services: [], configMaps: [],
  };
}
