import type { ClusterState, KubeconfigFileError } from '../fleet/clusterState';

export type ViewState = 'noKubeconfig' | 'noReachable' | 'noIstio' | 'ok';

/**
 * Which welcome content replaces the tree. The tree is emptied only when no node would help more than the
 * welcome text: no contexts at all, every cluster failed (the reasons go to the banner), or no cluster runs Istio.
 * When some clusters work, the failing ones appear as error nodes beside them.
 */
export function computeViewState(clusters: readonly ClusterState[], fileErrors: readonly KubeconfigFileError[]): ViewState {
  // Only missing files (e.g. KUBECONFIG names a file that is gone): the welcome with its buttons helps more.
  if (clusters.length === 0) return fileErrors.every(isMissing) ? 'noKubeconfig' : 'ok';
  // A context that is not connected yet may work: the tree lets the user connect it.
  if (fileErrors.length || clusters.some((c) => c.status === 'loading' || c.status === 'idle')) return 'ok';
  if (clusters.every((c) => c.status === 'error')) return 'noReachable';
  if (clusters.every((c) => c.status === 'ready' && (c.snapshot?.revisions.length ?? 0) === 0)) return 'noIstio';
  return 'ok';
}

function isMissing(e: KubeconfigFileError): boolean {
  return /\bnot found\b/i.test(e.message);
}

// No TreeView.message here on purpose: VS Code hides the welcome content (and its buttons) while a view has
// a message. The reasons for each context are in the log; "Show Log" is one of the welcome's buttons.
