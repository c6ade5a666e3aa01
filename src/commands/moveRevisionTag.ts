import * as vscode from 'vscode';
import { planTagSet } from '../mesh/tagPlan';
import type { TreeNode } from '../views/treeNode';
import { tagSetMarkdown } from '../views/tagMarkdown';
import type { CommandContext } from './commandContext';
import { showMarkdown } from './showMarkdown';
import { dryRunSummary, freshInventory, pickRevision, resolveTagTarget, runTagWrites, tagRoute, undoTagRun } from './tagCommon';
import { anywayWarning, offerOwnerWay } from './ownerWay';
import { offerRestartAfterSail } from './sailTagMoved';
import { restartNamespacesOfTag } from './restartTagNamespaces';


/**
 * Point an existing tag at another revision (istioctl tag set --overwrite). The move itself changes no pod:
 * the namespaces using the tag get the new proxies when their pods restart, which is offered right after.
 */
export async function moveRevisionTag(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const target = await resolveTagTarget(ctx, node, vscode.l10n.t('Move revision tag'), vscode.l10n.t('Move which tag?'));
  if (!target) return;
  const { context, cluster, tag } = target;
  const current = cluster.snapshot.tags.find((t) => t.name === tag)?.revision;
  const revision = await pickRevision(cluster.snapshot, current ? vscode.l10n.t('Move tag {0} (now → {1}) to…', tag, current) : vscode.l10n.t('Move tag {0} to…', tag), current);
  if (!revision) return;
  const planned = planTagSet(await freshInventory(cluster), tag, revision, { overwrite: true });
  if (!planned.ok) {
    void vscode.window.showErrorMessage(planned.error);
    return;
  }
  const { plan } = planned;
  const route = tagRoute(cluster, { kind: 'move-tag', tag, to: revision });
  await showMarkdown(tagSetMarkdown(context, plan, route));
  // Helm or Sail keeps the tag: its way first; the modal below is then the second confirmation of "Edit Anyway".
  if (route.route === 'owner-native') {
    const afterSail = (): Promise<void> => offerRestartAfterSail(ctx, cluster, { tag, revision, webhook: plan.webhookName, namespaces: plan.namespaces });
    const choice = await offerOwnerWay(ctx, route, { title: vscode.l10n.t('Move tag {0} to {1}', tag, revision), subject: vscode.l10n.t('Tag {0}', tag), context, cluster, preview: false, afterSail });
    if (choice === 'handled') return;
  }
  const version = (rev?: string): string => cluster.snapshot.revisions.find((r) => r.name === rev)?.version ?? vscode.l10n.t('version unknown');
  const detail = [
    vscode.l10n.t('Cluster: {0}', context),
    `${tag}: ${plan.previousRevision ?? '?'} (${version(plan.previousRevision)}) → ${revision} (${version(revision)})`,
    plan.namespaces.length ? vscode.l10n.t('Namespaces this moves: {0}', plan.namespaces.join(', ')) : vscode.l10n.t('No namespace uses this tag yet.'),
    ...plan.writes.map((w) => `• ${w.summary}`),
    ...plan.warnings.map((w) => `⚠ ${w}`),
    ...(route.route === 'owner-native' ? [anywayWarning(route)] : []),
    '',
    vscode.l10n.t('A tag move alone changes nothing for running pods: they keep their proxies until they restart. New pods in these namespaces get the new revision at once.'),
  ].join('\n');
  const dryRunButton = vscode.l10n.t('Dry Run');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Move tag {0} to {1}?', tag, revision), { modal: true, detail }, vscode.l10n.t('Move Tag'), dryRunButton);
  if (!choice) return;
  const dryRun = choice === dryRunButton;
  const outcome = await runTagWrites(ctx, cluster, { title: vscode.l10n.t('Move tag {0} → {1}', tag, revision), writes: plan.writes, dryRun, overwrite: true, target: tag, namespaces: plan.namespaces });
  if (outcome.status === 'dry run') {
    void vscode.window.showInformationMessage(dryRunSummary(outcome));
    return;
  }
  if (outcome.status !== 'completed') return;
  const restart = vscode.l10n.t('Restart These Namespaces Now');
  const undoMove = vscode.l10n.t('Undo Move');
  const actions = plan.namespaces.length ? [restart, undoMove] : [undoMove];
  const a = await vscode.window.showInformationMessage(plan.namespaces.length
    ? vscode.l10n.t('Tag {0} now points at {1}. {2} keep their {3} proxies until their pods restart.', tag, revision, plan.namespaces.join(', '), plan.previousRevision ?? vscode.l10n.t('old'))
    : vscode.l10n.t('Tag {0} now points at {1}.', tag, revision),
  ...actions);
  if (a === restart) await restartNamespacesOfTag(ctx, cluster, tag, plan.namespaces);
  if (a === undoMove && outcome.runId) await undoTagRun(ctx, cluster, outcome.runId);
}
