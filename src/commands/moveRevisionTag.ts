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

const RESTART = 'Restart These Namespaces Now';

/**
 * Point an existing tag at another revision (istioctl tag set --overwrite). The move itself changes no pod:
 * the namespaces using the tag get the new proxies when their pods restart, which is offered right after.
 */
export async function moveRevisionTag(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const target = await resolveTagTarget(ctx, node, 'Move revision tag', 'Move which tag?');
  if (!target) return;
  const { context, cluster, tag } = target;
  const current = cluster.snapshot.tags.find((t) => t.name === tag)?.revision;
  const revision = await pickRevision(cluster.snapshot, `Move tag ${tag}${current ? ` (now → ${current})` : ''} to…`, current);
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
    const choice = await offerOwnerWay(ctx, route, { title: `Move tag ${tag} to ${revision}`, subject: `Tag ${tag}`, context, cluster, preview: false, afterSail });
    if (choice === 'handled') return;
  }
  const version = (rev?: string): string => cluster.snapshot.revisions.find((r) => r.name === rev)?.version ?? 'version unknown';
  const detail = [
    `Cluster: ${context}`,
    `${tag}: ${plan.previousRevision ?? '?'} (${version(plan.previousRevision)}) → ${revision} (${version(revision)})`,
    plan.namespaces.length ? `Namespaces this moves: ${plan.namespaces.join(', ')}` : 'No namespace uses this tag yet.',
    ...plan.writes.map((w) => `• ${w.summary}`),
    ...plan.warnings.map((w) => `⚠ ${w}`),
    ...(route.route === 'owner-native' ? [anywayWarning(route)] : []),
    '',
    'A tag move alone changes nothing for running pods: they keep their proxies until they restart. New pods in these namespaces get the new revision at once.',
  ].join('\n');
  const choice = await vscode.window.showWarningMessage(`Move tag ${tag} to ${revision}?`, { modal: true, detail }, 'Move Tag', 'Dry Run');
  if (!choice) return;
  const dryRun = choice === 'Dry Run';
  const outcome = await runTagWrites(ctx, cluster, { title: `Move tag ${tag} → ${revision}`, writes: plan.writes, dryRun, overwrite: true, target: tag, namespaces: plan.namespaces });
  if (outcome.status === 'dry run') {
    void vscode.window.showInformationMessage(dryRunSummary(outcome));
    return;
  }
  if (outcome.status !== 'completed') return;
  const actions = plan.namespaces.length ? [RESTART, 'Undo Move'] : ['Undo Move'];
  const a = await vscode.window.showInformationMessage(
    `Tag ${tag} now points at ${revision}.${plan.namespaces.length ? ` ${plan.namespaces.join(', ')} keep their ${plan.previousRevision ?? 'old'} proxies until their pods restart.` : ''}`,
    ...actions);
  if (a === RESTART) await restartNamespacesOfTag(ctx, cluster, tag, plan.namespaces);
  if (a === 'Undo Move' && outcome.runId) await undoTagRun(ctx, cluster, outcome.runId);
}
