import * as vscode from 'vscode';
import { guardWebhooks } from '../upgrade/webhookGuard';
import { showWebhookReport, withWebhookGuard } from './webhookGuardUi';
import type { TreeNode } from '../views/treeNode';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { plural } from '../mesh/plural';
import { blockerText, planRevisionRemoval, removalMarkdown, type RemovalPlan } from '../mesh/revisionRemoval';
import { readGatewayInventory } from '../upgrade/gatewayInventory';
import { removeRevision as runRemoval } from '../upgrade/removeRevision';
import { runRevisionRemoval, runUndoRemoval } from '../upgrade/removalRuns';
import { errorMessage } from '../upgrade/upgradeErrors';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { revisionOrTag, selectedNodes, clusterOf } from './nodeArgs';
import { pickCluster } from './pickers';
import { runWithProgress } from './runWithProgress';
import { showMarkdown } from './showMarkdown';
import { routeContextOf, routeWrite } from '../mesh/owners/ownerRoute';
import { ownerRouteMarkdown } from '../views/ownerRouteMarkdown';
import { anywayWarning, offerOwnerWay } from './ownerWay';

async function pickRevision(ctx: CommandContext, node?: TreeNode): Promise<{ context: string; revision: string } | undefined> {
  const fromNode = revisionOrTag(node);
  if (fromNode && ctx.fleet().cluster(fromNode.context)?.snapshot?.revisions.some((r) => r.name === fromNode.target)) return { context: fromNode.context, revision: fromNode.target };
  const context = clusterOf(node) ?? (await pickCluster(ctx.fleet(), 'Remove an old revision'));
  if (!context) return undefined;
  const { snapshot } = loadedCluster(ctx, context);
  const pick = await vscode.window.showQuickPick(snapshot.revisions.map((r) => ({
    label: r.name, description: `${r.version ?? 'version unknown'}${r.isDefault ? ' · default' : ''} · ${r.inUse.length ? `in use (${r.inUse.length})` : 'unused'}`,
  })), { title: `Remove which revision of ${context}?` });
  return pick ? { context, revision: pick.label } : undefined;
}

/** Remove an unused revision: refuse with the full list while in use, else preview → dry run / remove, journaled and undoable. */
export async function removeOldRevision(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[]): Promise<void> {
  const picked = await pickRevision(ctx, selectedNodes(node, nodes)[0]);
  if (!picked) return;
  const { context, revision } = picked;
  const cluster = loadedCluster(ctx, context);
  const { client } = cluster;
  const inv = await readGatewayInventory(client, undefined, { owners: true });
  const snapshot = buildSnapshot(context, inv);
  const r = planRevisionRemoval(inv, snapshot, revision);
  const route = routeWrite({ kind: 'remove-revision', revision }, snapshot.revisions.find((x) => x.name === revision)?.managedBy, routeContextOf(snapshot));
  const native = route.route === 'owner-native' ? route : undefined;
  if (!r.ok) {
    const detail = [
      r.blockers.length ? r.blockers.map((b) => `• ${blockerText(b)}`).join('\n') : r.error,
      ...(native ? ['', ...native.notes] : []),
    ].join('\n');
    void vscode.window.showWarningMessage(`Revision ${revision} cannot be removed from ${context}: it is still in use.`, { modal: true, detail });
    return;
  }
  const plan = r.plan;
  await showMarkdown(removalMarkdown(plan, ownerRouteMarkdown(route, native ? 'The owner\'s way (instead of deleting the objects below)' : 'Owner')));
  // Helm or Sail keeps the revision: its way first; the modal below is then the second confirmation of "Delete Anyway".
  if (native && (await offerOwnerWay(ctx, native, { title: `Remove revision ${revision}`, subject: `Revision ${revision}`, context, cluster, preview: false, anyway: 'Delete Anyway…' })) === 'handled') return;
  for (;;) {
    const choice = await vscode.window.showWarningMessage(`Remove revision ${revision} from ${context}?`, {
      modal: true,
      detail: [
        `Deletes ${plural(plan.objects.length, 'object')}: ${plan.objects.map((o) => o.name).join(', ')}.`,
        'The deleted objects are kept in the journal, so the removal can be undone.',
        ...(native ? [anywayWarning(native)] : route.notes),
      ].join('\n'),
    }, 'Dry Run', 'Remove', 'Copy istioctl command');
    if (choice === 'Copy istioctl command') {
      await vscode.env.clipboard.writeText(plan.istioctl);
      void vscode.window.showInformationMessage(`Copied: ${plan.istioctl}`);
      return;
    }
    if (choice === 'Dry Run') {
      try {
        const res = await runWithProgress(`Dry run: remove ${revision}`, (signal) => runRemoval(client, plan, { dryRun: true, signal }));
        void vscode.window.showInformationMessage(`Dry run passed: the server would delete ${plural(res.deleted.length, 'object')}${res.missing.length ? ` (${res.missing.length} already gone)` : ''}. Nothing was deleted.`);
      } catch (e) {
        void vscode.window.showErrorMessage(`Dry run failed: ${errorMessage(e)}`);
        return;
      }
      continue;
    }
    if (choice === 'Remove') await remove(ctx, context, plan);
    return;
  }
}

async function remove(ctx: CommandContext, context: string, plan: RemovalPlan): Promise<void> {
  const { client } = loadedCluster(ctx, context);
  const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Remove revision ${plan.revision}`, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    return guardWebhooks(client, () => runRevisionRemoval(client, plan, {
      journal: ctx.journal, signal: abort.signal, onProgress: (message) => progress.report({ message }), onNotice: (message) => progress.report({ message }),
    }), { signal: abort.signal }).finally(() => sub.dispose());
  }).then(({ value, report }) => {
    showWebhookReport(ctx, context, `removing ${plan.revision}`, report);
    return value;
  });
  for (const warning of res.warnings) void vscode.window.showWarningMessage(`${context}: ${warning}`);
  const byHand = plan.byHand.map((o) => `${o.kind} ${o.namespace}/${o.name}`).join(', ');
  const choice = await vscode.window.showInformationMessage(`Removed revision ${plan.revision}: ${plural(res.deleted.length, 'object')} deleted. Delete by hand: ${byHand}.`, 'Undo');
  if (choice === 'Undo' && res.runId) await undoRevisionRemoval(ctx, context, res.runId);
}

/** Re-creates what a removal run deleted, as a journaled run that always ends. */
export async function undoRevisionRemoval(ctx: CommandContext, context: string, runId: string): Promise<void> {
  const { client } = loadedCluster(ctx, context);
  try {
    const res = await withWebhookGuard(ctx, loadedCluster(ctx, context), 'the undo', () => runUndoRemoval(client, ctx.journal, runId));
    void vscode.window.showInformationMessage(`Re-created ${plural(res.created.length, 'object')} of ${ctx.journal.run(runId)?.target ?? 'the revision'}${res.existing.length ? ` (${res.existing.length} already existed)` : ''}.`);
  } catch (e) {
    void vscode.window.showErrorMessage(`Undo failed: ${errorMessage(e)}`);
  }
}
