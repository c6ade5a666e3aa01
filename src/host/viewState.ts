import type { ClusterState, KubeconfigFileError } from '../fleet/clusterState';
import { failureText } from '../fleet/failureText';

export type ViewState = 'noKubeconfig' | 'noReachable' | 'noIstio' | 'ok';

/**
 * Which welcome content replaces the tree. The tree is emptied only when no node would help more than the
 * welcome text: no contexts at all, every cluster failed (the reasons go to the banner), or no cluster runs Istio.
 * When some clusters work, the failing ones appear as error nodes beside them.
 */
export function computeViewState(clusters: readonly ClusterState[], fileErrors: readonly KubeconfigFileError[]): ViewState {
  if (clusters.length === 0) return fileErrors.length ? 'ok' : 'noKubeconfig';
  if (fileErrors.length || clusters.some((c) => c.status === 'loading')) return 'ok';
  if (clusters.every((c) => c.status === 'error')) return 'noReachable';
  if (clusters.every((c) => c.status === 'ready' && (c.snapshot?.revisions.length ?? 0) === 0)) return 'noIstio';
  return 'ok';
}

/** The banner above the tree (TreeView.message) when every cluster failed: each context with its reason. */
export function viewMessage(state: ViewState, clusters: readonly ClusterState[]): string | undefined {
  if (state !== 'noReachable') return undefined;
  return clusters.map((c) => `${c.context}: ${c.error ? failureText(c.error) : 'failed'}`).join('\n');
}
