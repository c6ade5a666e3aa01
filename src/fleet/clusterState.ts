/** What the UI and the CLI know about one kubeconfig context at a moment. */
import type { MeshSnapshot } from '../mesh/model';
import type { GatewayInfo } from '../mesh/gateways';
import type { Finding } from '../mesh/finding';
import type { ClusterErrorKind } from '../kube/clusterError';
import type { NamespaceLock } from '../mesh/leaseObject';

/** `idle`: listed from the kubeconfig but not connected (nothing was sent, no credential plugin ran). */
export type ClusterStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface ClusterFailure {
  kind: ClusterErrorKind;
  message: string;
  remedy?: string;
}

export interface ClusterState {
  context: string;
  /** The kubeconfig file that defined the context. */
  sourceFile?: string;
  server?: string;
  /** How connecting authenticates when that runs a program, e.g. "exec: aws eks get-token" (shown before connecting). */
  authHint?: string;
  isCurrent: boolean;
  status: ClusterStatus;
  error?: ClusterFailure;
  /** A watch failed after the first load; the snapshot is still shown but may be stale. */
  degraded?: ClusterFailure;
  snapshot?: MeshSnapshot;
  /**
   * 'proxies': the first load shows the control plane and namespaces while the pods are still being listed
   * (snapshot.countingProxies). Nothing may be planned from such a snapshot; findings and gateways come with the pods.
   */
  pending?: 'proxies';
  /** Gateway Deployments, with the Services of their namespaces (the cache follows gateway namespaces too). */
  gateways?: GatewayInfo[];
  /** Precheck findings for the snapshot (computed with it in Fleet.publish). */
  findings?: Finding[];
  /** Milliseconds the first load took. */
  loadMs?: number;
  /** Namespaces a run holds a lock on (someone migrating them), from the runs' Leases. */
  locks?: NamespaceLock[];
}

export interface KubeconfigFileError {
  path: string;
  message: string;
}
