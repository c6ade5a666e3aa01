/** Object shapes as the simulator stores them: full Kubernetes objects, JSON-compatible. */
import type { OwnerReference, StringMap } from '../../mesh/kubeObjects';

export interface StoredOwnerReference extends OwnerReference {
  blockOwnerDeletion?: boolean;
}

export interface StoredMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: StringMap;
  annotations?: StringMap;
  ownerReferences?: StoredOwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

export interface KubeObject {
  kind?: string;
  apiVersion?: string;
  metadata: StoredMeta;
  [key: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  /** Plural resource name, e.g. `pods`. */
  resource: string;
  rv: number;
  object: KubeObject;
  /** The object before a MODIFIED/DELETED event. */
  prev?: KubeObject;
}

/** Who asks and how: the HTTP layer, a controller or a scenario. */
export interface RequestContext {
  user: string;
  dryRun?: boolean;
  /** Who writes, for metadata.managedFields (HTTP requests only; controller writes record nothing). */
  fieldManager?: { manager: string; operation: 'Update' | 'Apply' };
}

export const SYSTEM_CONTEXT: RequestContext = { user: 'system:sim' };
