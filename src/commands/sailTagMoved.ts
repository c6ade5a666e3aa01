/**
 * After a Sail tag move (the IstioRevisionTag patched, Sail re-rendering its webhook): the same next step as after
 * any tag move — restart the namespaces using the tag — but only once Sail's webhook points at the new revision,
 * or the restarted pods would still be injected by the old one.
 */
import * as vscode from 'vscode';
import { isClusterError } from '../kube/clusterError';
import type { CommandContext } from './commandContext';
import type { LoadedCluster } from './clusterAccess';
import { restartNamespacesOfTag } from './restartTagNamespaces';
import { runWithProgress } from './runWithProgress';


const SAIL_RENDER_WAIT_MS = 60_000;

async function webhookRevision(cluster: LoadedCluster, webhook: string, signal: AbortSignal): Promise<string | undefined> {
  try {
    return (await cluster.client.get('mutatingwebhookconfigurations', webhook, undefined, signal)).metadata.labels?.['istio.io/rev'];
  } catch (e) {
    if (isClusterError(e) && e.kind === 'notFound') return undefined;
    throw e;
  }
}

/** Polls the tag webhook until Sail has re-rendered it for `revision` (true), or gives up after a minute (false). */
async function waitForSail(cluster: LoadedCluster, webhook: string, revision: string): Promise<boolean> {
  return runWithProgress(vscode.l10n.t('Waiting for Sail to re-render {0}', webhook), async (signal) => {
    const deadline = Date.now() + SAIL_RENDER_WAIT_MS;
    while (Date.now() < deadline && !signal.aborted) {
      if ((await webhookRevision(cluster, webhook, signal)) === revision) return true;
      await new Promise((r) => setTimeout(r, 500));
    }
    return false;
  });
}

export async function offerRestartAfterSail(ctx: CommandContext, cluster: LoadedCluster, moved: { tag: string; revision: string; webhook: string; namespaces: string[] }): Promise<void> {
  const { tag, revision, webhook, namespaces } = moved;
  const text = vscode.l10n.t('IstioRevisionTag {0} now points at {1}; Sail re-renders {2}.', tag, revision, webhook);
  if (!namespaces.length) {
    void vscode.window.showInformationMessage(text);
    return;
  }
  const restart = vscode.l10n.t('Restart These Namespaces Now');
  const a = await vscode.window.showInformationMessage(`${text} ${vscode.l10n.t('{0} keep their proxies until their pods restart.', namespaces.join(', '))}`, restart);
  if (a !== restart) return;
  if (!(await waitForSail(cluster, webhook, revision))) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} still does not point at {1} after a minute: is the Sail Operator running? Not restarting (the pods would keep the old revision).', webhook, revision));
    return;
  }
  await restartNamespacesOfTag(ctx, cluster, tag, namespaces);
}
