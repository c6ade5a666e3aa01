/**
 * The built-in resource types the simulator serves, with what discovery, routing and storage need to know.
 * Types added by CustomResourceDefinitions live per cluster in ServedResources (servedResources.ts).
 */
import type { CustomResourceInfo } from '../crd/customResourceInfo';

export interface ResourceType {
  group: string;
  version: string;
  /** Plural, lower case: the URL segment and the store key. Unique across groups here. */
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  /** Subresources beyond the main resource, e.g. `status`, `scale`. */
  subresources: string[];
  /** Which top-level fields bump metadata.generation when they change; empty = no generation. */
  generationFields: string[];
  /** DELETE answers with the deleted object instead of a Status (pods, services, namespaces). */
  returnsDeletedObject: boolean;
  /** Set on types served from a CustomResourceDefinition. */
  custom?: CustomResourceInfo;
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const NO_COLLECTION_DELETE = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

function rt(partial: Partial<ResourceType> & Pick<ResourceType, 'resource' | 'kind'>): ResourceType {
  return {
    group: '',
    version: 'v1',
    namespaced: true,
    shortNames: [],
    categories: [],
    verbs: ALL_VERBS,
    subresources: [],
    generationFields: [],
    returnsDeletedObject: false,
    ...partial,
  };
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  rt({ resource: 'namespaces', kind: 'Namespace', namespaced: false, shortNames: ['ns'], verbs: NO_COLLECTION_DELETE, subresources: ['status', 'finalize'], returnsDeletedObject: true }),
  rt({ resource: 'nodes', kind: 'Node', namespaced: false, shortNames: ['no'], subresources: ['status'] }),
  rt({ resource: 'pods', kind: 'Pod', shortNames: ['po'], categories: ['all'], subresources: ['status'], returnsDeletedObject: true }),
  rt({ resource: 'services', kind: 'Service', shortNames: ['svc'], categories: ['all'], verbs: NO_COLLECTION_DELETE, subresources: ['status'], returnsDeletedObject: true }),
  rt({ resource: 'configmaps', kind: 'ConfigMap', shortNames: ['cm'] }),
  rt({ resource: 'secrets', kind: 'Secret' }),
  rt({ group: 'apps', resource: 'deployments', kind: 'Deployment', shortNames: ['deploy'], categories: ['all'], subresources: ['status', 'scale'], generationFields: ['spec', 'metadata.annotations'] }),
  rt({ group: 'apps', resource: 'statefulsets', kind: 'StatefulSet', shortNames: ['sts'], categories: ['all'], subresources: ['status', 'scale'], generationFields: ['spec'] }),
  rt({ group: 'apps', resource: 'daemonsets', kind: 'DaemonSet', shortNames: ['ds'], categories: ['all'], subresources: ['status'], generationFields: ['spec'] }),
  rt({ group: 'apps', resource: 'replicasets', kind: 'ReplicaSet', shortNames: ['rs'], categories: ['all'], subresources: ['status', 'scale'], generationFields: ['spec'] }),
  rt({ group: 'coordination.k8s.io', resource: 'leases', kind: 'Lease' }),
  rt({ group: 'batch', resource: 'jobs', kind: 'Job', categories: ['all'], subresources: ['status'] }),
  // Blast radius (issue 16), at Kubernetes 1.20's versions: CronJob and PodDisruptionBudget were v1beta1 then.
  rt({ group: 'batch', version: 'v1beta1', resource: 'cronjobs', kind: 'CronJob', shortNames: ['cj'], categories: ['all'], subresources: ['status'] }),
  rt({ group: 'policy', version: 'v1beta1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', shortNames: ['pdb'], subresources: ['status'], generationFields: ['spec'] }),
  rt({ group: 'autoscaling', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'], categories: ['all'], subresources: ['status'] }),
  rt({ group: 'admissionregistration.k8s.io', resource: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration', namespaced: false, categories: ['api-extensions'], generationFields: ['webhooks'] }),
  rt({ group: 'admissionregistration.k8s.io', resource: 'validatingwebhookconfigurations', kind: 'ValidatingWebhookConfiguration', namespaced: false, categories: ['api-extensions'], generationFields: ['webhooks'] }),
  // Owner scenarios (H6): Helm release Secrets, CRDs.
  rt({ resource: 'secrets', kind: 'Secret' }),
  rt({ group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false, shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: ['status'], generationFields: ['spec'], returnsDeletedObject: true }),
];

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** `deployments.apps` / `pods`: how error messages name a resource. */
export function qualifiedResource(type: ResourceType): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}

/** `Deployment.apps` / `Pod`: how Invalid errors name a kind. */
export function qualifiedKind(type: ResourceType): string {
  return type.group ? `${type.kind}.${type.group}` : type.kind;
}

export function resourceByName(resource: string): ResourceType {
  const found = RESOURCE_TYPES.find((t) => t.resource === resource);
  if (!found) throw new Error(`unknown resource ${resource}`);
  return found;
}
