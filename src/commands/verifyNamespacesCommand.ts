import * as vscode from 'vscode';
import { plural } from '../mesh/plural';
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
  const context = selection?.context ?? clusterOf(node) ?? (await pickCluster(ctx.fleet(), 'Verify namespaces'));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const namespaces = selection?.namespaces ?? (await pickNamespaces(cluster.snapshot, `Verify namespaces of ${context}`, (ns) => ns.state === 'bound' || ns.workloads.some((w) => w.pods.some((p) => p.injected))));
  if (!namespaces) return;
  const verdicts = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Verifying ${plural(namespaces.length, 'namespace')}`, cancellable: true }, (_p, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return verifyNamespaces(cluster.client, namespaces, { signal: abort.signal, syncz: ctx.settings().verifyWithSyncz });
  });
  await showMarkdown(verdictMarkdown(context, verdicts));
  // Beside, without focus: the report is the answer to Verify and stays in front.
  ctx.showProxyVersions(context, { namespaces }, `Proxy versions — ${context} / ${namespaces.join(', ')}`, undefined, true);
  const failed = verdicts.filter((v) => v.verdict === 'fail');
  const summary = failed.length
    ? `Verify: ${failed.length} of ${plural(verdicts.length, 'namespace')} failed: ${failed.map((f) => f.namespace).join(', ')}`
    : `Verify: ${plural(verdicts.length, 'namespace')} passed${verdicts.some((v) => v.verdict === 'warn') ? ' (with warnings)' : ''}`;
  ctx.log.info(`[${context}] ${summary}`);
  if (failed.length) {
    const a = await vscode.window.showErrorMessage(summary, 'Restart Stale Workloads');
    if (a) await vscode.commands.executeCommand('istioCanary.restartWorkloads', node, nodes);
  } else void vscode.window.showInformationMessage(summary);
}
