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

export interface KWorkload {
  kind?: string;
  metadata: ObjectMeta;
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
  };
  status?: WorkloadStatus;
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
}

export function emptyInventory(): ClusterInventory {
  return {
    namespaces: [], pods: [], deployments: [], statefulSets: [], daemonSets: [],
    mutatingWebhooks: [], validatingWebhooks: [], services: [], configMaps: [],
  };
}
