import * as vscode from 'vscode';
import { isDns1123Label } from '../mesh/labelValue';
import { planTagSet, type TagSetPlan } from '../mesh/tagPlan';
import type { MeshSnapshot } from '../mesh/model';
import type { TreeNode } from '../views/treeNode';
import { RevisionNode } from '../views/revisionNode';
import { tagSetMarkdown } from '../views/tagMarkdown';
import type { CommandContext } from './commandContext';
import { loadedCluster, type LoadedCluster } from './clusterAccess';
import { clusterOf } from './nodeArgs';
import { pickCluster } from './pickers';
import { showMarkdown } from './showMarkdown';
import { dryRunSummary, freshInventory, pickRevision, runTagWrites, undoTagRun } from './tagCommon';
import { ADVANCED_OPTIONS, advancedOptionLines, pickTagAdvancedOptions, type TagAdvancedOptions } from './tagAdvancedOptions';

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
  // The plain path plans once and confirms; "Advanced Options…" in the dialog re-plans with istioctl's extra flags.
  let options: TagAdvancedOptions = {};
  let shown: TagSetPlan | undefined;
  for (;;) {
    const inventory = await freshInventory(cluster);
    const planned = planTagSet(inventory, tag.trim(), revision, options);
    if (!planned.ok) {
      if (!shown) {
        void vscode.window.showErrorMessage(planned.error);
        return;
      }
      // The refusal comes from the options (e.g. IST0139 through the auto entry): offer to change them.
      if (await vscode.window.showErrorMessage(planned.error, ADVANCED_OPTIONS) !== ADVANCED_OPTIONS) return;
      options = (await pickTagAdvancedOptions(inventory, shown, options)) ?? options;
      continue;
    }
    shown = planned.plan;
    const choice = await confirmSet(context, shown, options);
    if (choice === ADVANCED_OPTIONS) {
      options = (await pickTagAdvancedOptions(inventory, shown, options)) ?? options;
      continue;
    }
    if (!choice) return;
    await runSet(ctx, cluster, shown, choice === 'Dry Run');
    return;
  }
}

async function confirmSet(context: string, plan: TagSetPlan, options: TagAdvancedOptions): Promise<string | undefined> {
  const { revision } = plan;
  await showMarkdown(tagSetMarkdown(context, plan));
  const detail = [
    `Cluster: ${context}`,
    ...advancedOptionLines(plan, options),
    ...plan.writes.map((w) => `• ${w.summary}`),
    plan.namespaces.length ? `Namespaces already labelled istio.io/rev=${plan.tag}: ${plan.namespaces.join(', ')} — their pods get ${revision} when they restart.` : `Then label namespaces istio.io/rev=${plan.tag} (Migrate Namespaces) to use it.`,
    ...plan.warnings.map((w) => `⚠ ${w}`),
  ].join('\n');
  return vscode.window.showInformationMessage(`Create tag ${plan.tag} → ${revision}?`, { modal: true, detail }, 'Create Tag', 'Dry Run', ADVANCED_OPTIONS);
}

async function runSet(ctx: CommandContext, cluster: LoadedCluster, plan: TagSetPlan, dryRun: boolean): Promise<void> {
  const { revision } = plan;
  const outcome = await runTagWrites(ctx, cluster, { title: `Tag ${plan.tag} → ${revision}`, writes: plan.writes, dryRun, target: plan.tag, namespaces: plan.namespaces });
  if (outcome.status === 'dry run') {
    void vscode.window.showInformationMessage(dryRunSummary(outcome));
  } else if (outcome.status === 'completed') {
    const a = await vscode.window.showInformationMessage(`Revision tag "${plan.tag}" created, referencing control plane revision "${revision}".`, 'Migrate Namespaces to It', 'Undo');
    if (a === 'Migrate Namespaces to It') void vscode.commands.executeCommand('istioCanary.migrateNamespaces');
    if (a === 'Undo' && outcome.runId) await undoTagRun(ctx, cluster, outcome.runId);
  }
}
