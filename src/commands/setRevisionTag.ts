import * as vscode from 'vscode';
import { isDns1123Label } from '../mesh/labelValue';
import { planTagSet } from '../mesh/tagPlan';
import type { MeshSnapshot } from '../mesh/model';
import type { TreeNode } from '../views/treeNode';
import { RevisionNode } from '../views/revisionNode';
import { tagSetMarkdown } from '../views/tagMarkdown';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf } from './nodeArgs';
import { pickCluster } from './pickers';
import { showMarkdown } from './showMarkdown';
import { dryRunSummary, freshInventory, pickRevision, runTagWrites, undoTagRun } from './tagCommon';

/** Why a typed tag name cannot be used (undefined = fine); the planner re-checks against fresh objects. */
export function tagNameProblem(snapshot: MeshSnapshot, name: string): string | undefined {
  if (!name) return 'Enter a tag name, e.g. prod, canary or stable.';
  if (!isDns1123Label(name)) return 'A tag is an istio.io/rev label value: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.';
  if (name !== 'default' && snapshot.revisions.some((r) => r.name === name)) return `A revision is named ${name}: a tag with the same name would select the same namespaces (istioctl refuses it).`;
  const existing = snapshot.tags.find((t) => t.name === name);
  if (existing) return `Tag ${name} already points at ${existing.revision}: use "Move Tag" to point it elsewhere.`;
  return undefined;
}

/** Create a revision tag (istioctl tag set) from a revision node, or from the palette with quick picks. */
export async function setRevisionTag(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const context = (node instanceof RevisionNode ? node.context : clusterOf(node)) ?? (await pickCluster(ctx.fleet(), 'Set revision tag'));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const revision = node instanceof RevisionNode ? node.placement.revision.name : await pickRevision(cluster.snapshot, `Tag which revision of ${context}?`);
  if (!revision) return;
  const tag = await vscode.window.showInputBox({
    title: `New revision tag for ${revision}`,
    prompt: 'Namespaces labelled istio.io/rev=<tag> are injected by the revision the tag points at; moving the tag later moves them all.',
    placeHolder: cluster.snapshot.tags.length ? `e.g. stable (existing: ${cluster.snapshot.tags.map((t) => t.name).join(', ')})` : 'e.g. prod, canary, stable',
    validateInput: (v) => tagNameProblem(cluster.snapshot, v.trim()),
  });
  if (!tag) return;
  const planned = planTagSet(await freshInventory(cluster), tag.trim(), revision);
  if (!planned.ok) {
    void vscode.window.showErrorMessage(planned.error);
    return;
  }
  const { plan } = planned;
  await showMarkdown(tagSetMarkdown(context, plan));
  const detail = [
    `Cluster: ${context}`,
    ...plan.writes.map((w) => `• ${w.summary}`),
    plan.namespaces.length ? `Namespaces already labelled istio.io/rev=${plan.tag}: ${plan.namespaces.join(', ')} — their pods get ${revision} when they restart.` : `Then label namespaces istio.io/rev=${plan.tag} (Migrate Namespaces) to use it.`,
  ].join('\n');
  const choice = await vscode.window.showInformationMessage(`Create tag ${plan.tag} → ${revision}?`, { modal: true, detail }, 'Create Tag', 'Dry Run');
  if (!choice) return;
  const dryRun = choice === 'Dry Run';
  const outcome = await runTagWrites(ctx, cluster, { title: `Tag ${plan.tag} → ${revision}`, writes: plan.writes, dryRun, target: plan.tag, namespaces: plan.namespaces });
  if (outcome.status === 'dry run') {
    void vscode.window.showInformationMessage(dryRunSummary(outcome));
  } else if (outcome.status === 'completed') {
    const a = await vscode.window.showInformationMessage(`Revision tag "${plan.tag}" created, referencing control plane revision "${revision}".`, 'Migrate Namespaces to It', 'Undo');
    if (a === 'Migrate Namespaces to It') void vscode.commands.executeCommand('istioCanary.migrateNamespaces');
    if (a === 'Undo' && outcome.runId) await undoTagRun(ctx, cluster, outcome.runId);
  }
}
