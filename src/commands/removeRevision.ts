import * as vscode from 'vscode';
import { guardWebhooks } from '../upgrade/webhookGuard';
import { showWebhookReport, withWebhookGuard } from './webhookGuardUi';
import type { TreeNode } from '../views/treeNode';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { countText } from '../views/countText';
import { blockerText, planRevisionRemoval, removalMarkdown, type RemovalPlan } from '../mesh/revisionRemoval';
import { readGatewayInventory } from '../upgrade/gatewayInventory';
import { removeRevision as runRemoval } from '../upgrade/removeRevision';
import { runRevisionRemoval, runUndoRemoval } from '../upgrade/removalRuns';
import { errorMessage } from '../upgrade/upgradeErrors';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { revisionOrTag, selectedNodes, clusterOf } from './nodeArgs';
import { askSteps, clusterOfAnswer, clusterSteps, type ClusterAnswer } from './pickerSteps';
import { answered, type StepInput } from '../ui/multiStepInput';
import { runWithProgress } from './runWithProgress';
import { showMarkdown } from './showMarkdown';
import { routeContextOf, routeWrite } from '../mesh/owners/ownerRoute';
import { ownerRouteMarkdown } from '../views/ownerRouteMarkdown';
import { anywayWarning, offerOwnerWay } from './ownerWay';

interface RemovalAnswers extends ClusterAnswer {
  revision?: string;
}

/** From a revision node: that one. Palette: cluster → revision, with "step n of m" and Back. */
async function pickRevision(ctx: CommandContext, node?: TreeNode): Promise<{ context: string; revision: string } | undefined> {
  const fromNode = revisionOrTag(node);
  if (fromNode && ctx.fleet().cluster(fromNode.context)?.snapshot?.revisions.some((r) => r.name === fromNode.target)) return { context: fromNode.context, revision: fromNode.target };
  const state: RemovalAnswers = { context: clusterOf(node) };
  const askCluster = clusterSteps(ctx, state, vscode.l10n.t('Remove an old revision'));
  if (!askCluster) return undefined;
  const answers = await askSteps(vscode.l10n.t('Remove an old revision'), [...askCluster, {
    run: async (input: StepInput, s: RemovalAnswers) => answered(await input.pick({
      title: vscode.l10n.t('Remove which revision of {0}?', s.context ?? ''),
      items: clusterOfAnswer(ctx, s).snapshot.revisions.map((r) => ({
        label: r.name,
        description: [
          r.version ?? vscode.l10n.t('version unknown'),
          ...(r.isDefault ? [vscode.l10n.t('default')] : []),
          r.inUse.length ? vscode.l10n.t('in use ({0})', r.inUse.length) : vscode.l10n.t('unused'),
        ].join(' · '),
      })),
      isChosen: (i) => i.label === s.revision,
    }), (v) => { s.revision = v.label; }),
  }], state);
  return answers?.context && answers.revision ? { context: answers.context, revision: answers.revision } : undefined;
}

/** Remove an unused revision: refuse with the full list while in use, else preview → dry run / remove, journaled and undoable. */
export async function removeOldRevision(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[]): Promise<void> {
  const picked = await pickRevision(ctx, selectedNodes(node, nodes)[0]);
  if (!picked) return;
  const { context, revision } = picked;
  const cluster = loadedCluster(ctx, context);
  const { client } = cluster;
  const inv = await readGatewayInventory(client, undefined, { owners: true, source: cluster.source });
  const snapshot = buildSnapshot(context, inv);
  const r = planRevisionRemoval(inv, snapshot, revision);
  const route = routeWrite({ kind: 'remove-revision', revision }, snapshot.revisions.find((x) => x.name === revision)?.managedBy, routeContextOf(snapshot));
  const native = route.route === 'owner-native' ? route : undefined;
  if (!r.ok) {
    const detail = [
      r.blockers.length ? r.blockers.map((b) => `• ${blockerText(b)}`).join('\n') : r.error,
      ...(native ? ['', ...native.notes] : []),
    ].join('\n');
    void vscode.window.showWarningMessage(vscode.l10n.t('Revision {0} cannot be removed from {1}: it is still in use.', revision, context), { modal: true, detail });
    return;
  }
  const plan = r.plan;
  await showMarkdown(removalMarkdown(plan, ownerRouteMarkdown(route, native ? vscode.l10n.t('The owner\'s way (instead of deleting the objects below)') : vscode.l10n.t('Owner'))));
  // Helm or Sail keeps the revision: its way first; the modal below is then the second confirmation of "Delete Anyway".
  if (native && (await offerOwnerWay(ctx, native, { title: vscode.l10n.t('Remove revision {0}', revision), subject: vscode.l10n.t('Revision {0}', revision), context, cluster, preview: false, anyway: vscode.l10n.t('Delete Anyway…') })) === 'handled') return;
  const dryRun = vscode.l10n.t('Dry Run');
  const removeButton = vscode.l10n.t('Remove');
  const copy = vscode.l10n.t('Copy istioctl command');
  for (;;) {
    const objects = plan.objects.map((o) => o.name).join(', ');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Remove revision {0} from {1}?', revision, context), {
      modal: true,
      detail: [
        countText(plan.objects.length, (n) => vscode.l10n.t('Deletes {0} object: {1}.', n, objects), (n) => vscode.l10n.t('Deletes {0} objects: {1}.', n, objects)),
        vscode.l10n.t('The deleted objects are kept in the journal, so the removal can be undone.'),
        ...(native ? [anywayWarning(native)] : route.notes),
      ].join('\n'),
    }, dryRun, removeButton, copy);
    if (choice === copy) {
      await vscode.env.clipboard.writeText(plan.istioctl);
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied: {0}', plan.istioctl));
      return;
    }
    if (choice === dryRun) {
      try {
        const res = await runWithProgress(vscode.l10n.t('Dry run: remove {0}', revision), (signal) => runRemoval(client, plan, { dryRun: true, signal }));
        const gone = res.missing.length ? ` ${vscode.l10n.t('({0} already gone)', res.missing.length)}` : '';
        void vscode.window.showInformationMessage(countText(res.deleted.length,
          (n) => vscode.l10n.t('Dry run passed: the server would delete {0} object{1}. Nothing was deleted.', n, gone),
          (n) => vscode.l10n.t('Dry run passed: the server would delete {0} objects{1}. Nothing was deleted.', n, gone)));
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Dry run failed: {0}', errorMessage(e)));
        return;
      }
      continue;
    }
    if (choice === removeButton) await remove(ctx, context, plan);
    return;
  }
}

async function remove(ctx: CommandContext, context: string, plan: RemovalPlan): Promise<void> {
  const { client } = loadedCluster(ctx, context);
  const res = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Remove revision {0}', plan.revision), cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    return guardWebhooks(client, () => runRevisionRemoval(client, plan, {
      journal: ctx.journal, signal: abort.signal, onProgress: (message) => progress.report({ message }), onNotice: (message) => progress.report({ message }),
    }), { signal: abort.signal }).finally(() => sub.dispose());
  }).then(({ value, report }) => {
    showWebhookReport(ctx, context, vscode.l10n.t('removing {0}', plan.revision), report);
    return value;
  });
  for (const warning of res.warnings) void vscode.window.showWarningMessage(`${context}: ${warning}`);
  const byHand = plan.byHand.map((o) => `${o.kind} ${o.namespace}/${o.name}`).join(', ');
  const undo = vscode.l10n.t('Undo');
  const removed = countText(res.deleted.length,
    (n) => vscode.l10n.t('Removed revision {0}: {1} object deleted. Delete by hand: {2}.', plan.revision, n, byHand),
    (n) => vscode.l10n.t('Removed revision {0}: {1} objects deleted. Delete by hand: {2}.', plan.revision, n, byHand));
  const choice = await vscode.window.showInformationMessage(removed, undo);
  if (choice === undo && res.runId) await undoRevisionRemoval(ctx, context, res.runId);
}

/** Re-creates what a removal run deleted, as a journaled run that always ends. */
export async function undoRevisionRemoval(ctx: CommandContext, context: string, runId: string): Promise<void> {
  const { client } = loadedCluster(ctx, context);
  try {
    const res = await withWebhookGuard(ctx, loadedCluster(ctx, context), vscode.l10n.t('the undo'), () => runUndoRemoval(client, ctx.journal, runId));
    const target = ctx.journal.run(runId)?.target ?? vscode.l10n.t('the revision');
    const existed = res.existing.length ? ` ${vscode.l10n.t('({0} already existed)', res.existing.length)}` : '';
    void vscode.window.showInformationMessage(countText(res.created.length,
      (n) => vscode.l10n.t('Re-created {0} object of {1}{2}.', n, target, existed),
      (n) => vscode.l10n.t('Re-created {0} objects of {1}{2}.', n, target, existed)));
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Undo failed: {0}', errorMessage(e)));
  }
}
