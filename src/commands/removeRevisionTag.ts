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
  const target = await resolveTagTarget(ctx, node, 'Remove revision tag', 'Remove which tag?');
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
    const choice = await offerOwnerWay(ctx, route, { title: `Remove tag ${tag}`, subject: `Tag ${tag}`, context, cluster, preview: false });
    if (choice === 'handled') return;
  }
  const detail = [
    `Cluster: ${context}`,
    ...plan.writes.map((w) => `• ${w.summary}`),
    ...(plan.warning ? ['', `⚠ ${plan.warning}`] : []),
    ...plan.notes,
    ...(plan.warning ? ['Migrate those namespaces to another tag or revision first, or remove anyway.'] : []),
    ...(route.route === 'owner-native' ? ['', anywayWarning(route)] : []),
  ].join('\n');
  const go = plan.warning ? 'Remove Anyway' : 'Remove Tag';
  const choice = await vscode.window.showWarningMessage(`Remove tag ${tag}${plan.revision ? ` (→ ${plan.revision})` : ''}?`, { modal: true, detail }, go, 'Dry Run');
  if (!choice) return;
  const dryRun = choice === 'Dry Run';
  const outcome = await runTagWrites(ctx, cluster, { title: `Remove tag ${tag}`, writes: plan.writes, dryRun, target: tag, namespaces: plan.namespaces });
  if (outcome.status === 'dry run') void vscode.window.showInformationMessage(dryRunSummary(outcome));
  if (outcome.status === 'completed') {
    const a = await vscode.window.showInformationMessage(`Revision tag ${tag} removed.`, 'Undo');
    if (a === 'Undo' && outcome.runId) await undoTagRun(ctx, cluster, outcome.runId);
  }
}
