import * as vscode from 'vscode';
import { planTagRemove } from '../mesh/tagPlan';
import type { TreeNode } from '../views/treeNode';
import { tagRemoveMarkdown } from '../views/tagMarkdown';
import type { CommandContext } from './commandContext';
import { showMarkdown } from './showMarkdown';
import { dryRunSummary, freshInventory, resolveTagTarget, runTagWrites, tagRoute, undoTagRun } from './tagCommon';
import { anywayWarning, offerOwnerWay } from './ownerWay';

/** Delete a revision tag (istioctl tag remove): its webhook(s), VWC(s) and Service(s); warns when namespaces still use it. */
export async function removeRevisionTag(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const target = await resolveTagTarget(ctx, node, vscode.l10n.t('Remove revision tag'), vscode.l10n.t('Remove which tag?'));
  if (!target) return;
  const { context, cluster, tag } = target;
  const planned = planTagRemove(await freshInventory(cluster), tag);
  if (!planned.ok) {
    void vscode.window.showErrorMessage(planned.error);
    return;
  }
  const { plan } = planned;
  const route = tagRoute(cluster, { kind: 'remove-tag', tag });
  await showMarkdown(tagRemoveMarkdown(context, plan, route));
  if (route.route === 'owner-native') {
    const choice = await offerOwnerWay(ctx, route, { title: vscode.l10n.t('Remove tag {0}', tag), subject: vscode.l10n.t('Tag {0}', tag), context, cluster, preview: false });
    if (choice === 'handled') return;
  }
  const detail = [
    vscode.l10n.t('Cluster: {0}', context),
    ...plan.writes.map((w) => `• ${w.summary}`),
    ...(plan.warning ? ['', `⚠ ${plan.warning}`] : []),
    ...plan.notes,
    ...(plan.warning ? [vscode.l10n.t('Migrate those namespaces to another tag or revision first, or remove anyway.')] : []),
    ...(route.route === 'owner-native' ? ['', anywayWarning(route)] : []),
  ].join('\n');
  const go = plan.warning ? vscode.l10n.t('Remove Anyway') : vscode.l10n.t('Remove Tag');
  const dryRunButton = vscode.l10n.t('Dry Run');
  const question = plan.revision ? vscode.l10n.t('Remove tag {0} (→ {1})?', tag, plan.revision) : vscode.l10n.t('Remove tag {0}?', tag);
  const choice = await vscode.window.showWarningMessage(question, { modal: true, detail }, go, dryRunButton);
  if (!choice) return;
  const dryRun = choice === dryRunButton;
  const outcome = await runTagWrites(ctx, cluster, { title: vscode.l10n.t('Remove tag {0}', tag), writes: plan.writes, dryRun, target: tag, namespaces: plan.namespaces });
  if (outcome.status === 'dry run') void vscode.window.showInformationMessage(dryRunSummary(outcome));
  if (outcome.status === 'completed') {
    const undo = vscode.l10n.t('Undo');
    const a = await vscode.window.showInformationMessage(vscode.l10n.t('Revision tag {0} removed.', tag), undo);
    if (a === undo && outcome.runId) await undoTagRun(ctx, cluster, outcome.runId);
  }
}
