import * as vscode from 'vscode';
import { countText } from '../views/countText';
import type { TreeNode } from '../views/treeNode';
import { verifyNamespaces } from '../upgrade/verifyNamespaces';
import { verdictMarkdown } from '../views/planMarkdown';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf, namespaceSelection, selectedNodes } from './nodeArgs';
import { pickCluster, pickNamespaces } from './pickers';
import { showMarkdown } from './showMarkdown';

/** Verify namespace(s): a fresh read, every pod judged against its namespace's target; the report opens beside the tree. */
export async function verifyNamespacesCommand(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[]): Promise<void> {
  const selection = namespaceSelection(selectedNodes(node, nodes));
  const context = selection?.context ?? clusterOf(node) ?? (await pickCluster(ctx.fleet(), vscode.l10n.t('Verify namespaces')));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const namespaces = selection?.namespaces ?? (await pickNamespaces(cluster.snapshot, vscode.l10n.t('Verify namespaces of {0}', context), (ns) => ns.state === 'bound' || ns.workloads.some((w) => w.pods.some((p) => p.injected))));
  if (!namespaces) return;
  const verdicts = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: countText(namespaces.length, (n) => vscode.l10n.t('Verifying {0} namespace', n), (n) => vscode.l10n.t('Verifying {0} namespaces', n)), cancellable: true }, (_p, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return verifyNamespaces(cluster.client, namespaces, { signal: abort.signal, syncz: ctx.settings().verifyWithSyncz });
  });
  await showMarkdown(verdictMarkdown(context, verdicts));
  // Beside, without focus: the report is the answer to Verify and stays in front.
  ctx.showProxyVersions(context, { namespaces }, vscode.l10n.t('Proxy versions — {0} / {1}', context, namespaces.join(', ')), undefined, true);
  const failed = verdicts.filter((v) => v.verdict === 'fail');
  const warned = verdicts.some((v) => v.verdict === 'warn');
  const failedNames = failed.map((f) => f.namespace).join(', ');
  const summary = failed.length
    ? countText(verdicts.length, (n) => vscode.l10n.t('Verify: {0} of {1} namespace failed: {2}', failed.length, n, failedNames), (n) => vscode.l10n.t('Verify: {0} of {1} namespaces failed: {2}', failed.length, n, failedNames))
    : warned
      ? countText(verdicts.length, (n) => vscode.l10n.t('Verify: {0} namespace passed (with warnings)', n), (n) => vscode.l10n.t('Verify: {0} namespaces passed (with warnings)', n))
      : countText(verdicts.length, (n) => vscode.l10n.t('Verify: {0} namespace passed', n), (n) => vscode.l10n.t('Verify: {0} namespaces passed', n));
  ctx.log.info(`[${context}] ${summary}`);
  if (failed.length) {
    const a = await vscode.window.showErrorMessage(summary, vscode.l10n.t('Restart Stale Workloads'));
    if (a) await vscode.commands.executeCommand('istioCanary.restartWorkloads', node, nodes);
  } else void vscode.window.showInformationMessage(summary);
}
