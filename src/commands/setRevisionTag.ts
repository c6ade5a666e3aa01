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
import { advancedOptionsButton, advancedOptionLines, pickTagAdvancedOptions, type TagAdvancedOptions } from './tagAdvancedOptions';

/** Why a typed tag name cannot be used (undefined = fine); the planner re-checks against fresh objects. */
export function tagNameProblem(snapshot: MeshSnapshot, name: string): string | undefined {
  if (!name) return vscode.l10n.t('Enter a tag name, e.g. prod, canary or stable.');
  if (!isDns1123Label(name)) return vscode.l10n.t('A tag is an istio.io/rev label value: lowercase letters, digits and "-", starting and ending with a letter or digit, at most 63 characters.');
  if (name !== 'default' && snapshot.revisions.some((r) => r.name === name)) return vscode.l10n.t('A revision is named {0}: a tag with the same name would select the same namespaces (istioctl refuses it).', name);
  const existing = snapshot.tags.find((t) => t.name === name);
  if (existing) return vscode.l10n.t('Tag {0} already points at {1}: use "Move Tag" to point it elsewhere.', name, existing.revision);
  return undefined;
}

/** Create a revision tag (istioctl tag set) from a revision node, or from the palette with quick picks. */
export async function setRevisionTag(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const context = (node instanceof RevisionNode ? node.context : clusterOf(node)) ?? (await pickCluster(ctx.fleet(), vscode.l10n.t('Set revision tag')));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const revision = node instanceof RevisionNode ? node.placement.revision.name : await pickRevision(cluster.snapshot, vscode.l10n.t('Tag which revision of {0}?', context));
  if (!revision) return;
  const tag = await vscode.window.showInputBox({
    title: vscode.l10n.t('New revision tag for {0}', revision),
    prompt: vscode.l10n.t('Namespaces labelled istio.io/rev=<tag> are injected by the revision the tag points at; moving the tag later moves them all.'),
    placeHolder: cluster.snapshot.tags.length ? vscode.l10n.t('e.g. stable (existing: {0})', cluster.snapshot.tags.map((t) => t.name).join(', ')) : vscode.l10n.t('e.g. prod, canary, stable'),
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
      if (await vscode.window.showErrorMessage(planned.error, advancedOptionsButton()) !== advancedOptionsButton()) return;
      options = (await pickTagAdvancedOptions(inventory, shown, options)) ?? options;
      continue;
    }
    shown = planned.plan;
    const choice = await confirmSet(context, shown, options);
    if (choice === advancedOptionsButton()) {
      options = (await pickTagAdvancedOptions(inventory, shown, options)) ?? options;
      continue;
    }
    if (!choice) return;
    await runSet(ctx, cluster, shown, choice === vscode.l10n.t('Dry Run'));
    return;
  }
}

async function confirmSet(context: string, plan: TagSetPlan, options: TagAdvancedOptions): Promise<string | undefined> {
  const { revision } = plan;
  await showMarkdown(tagSetMarkdown(context, plan));
  const detail = [
    vscode.l10n.t('Cluster: {0}', context),
    ...advancedOptionLines(plan, options),
    ...plan.writes.map((w) => `• ${w.summary}`),
    plan.namespaces.length
      ? vscode.l10n.t('Namespaces already labelled istio.io/rev={0}: {1} — their pods get {2} when they restart.', plan.tag, plan.namespaces.join(', '), revision)
      : vscode.l10n.t('Then label namespaces istio.io/rev={0} (Migrate Namespaces) to use it.', plan.tag),
    ...plan.warnings.map((w) => `⚠ ${w}`),
  ].join('\n');
  return vscode.window.showInformationMessage(vscode.l10n.t('Create tag {0} → {1}?', plan.tag, revision), { modal: true, detail }, vscode.l10n.t('Create Tag'), vscode.l10n.t('Dry Run'), advancedOptionsButton());
}

async function runSet(ctx: CommandContext, cluster: LoadedCluster, plan: TagSetPlan, dryRun: boolean): Promise<void> {
  const { revision } = plan;
  const outcome = await runTagWrites(ctx, cluster, { title: vscode.l10n.t('Tag {0} → {1}', plan.tag, revision), writes: plan.writes, dryRun, target: plan.tag, namespaces: plan.namespaces });
  if (outcome.status === 'dry run') {
    void vscode.window.showInformationMessage(dryRunSummary(outcome));
  } else if (outcome.status === 'completed') {
    const migrate = vscode.l10n.t('Migrate Namespaces to It');
    const undo = vscode.l10n.t('Undo');
    const a = await vscode.window.showInformationMessage(vscode.l10n.t('Revision tag "{0}" created, referencing control plane revision "{1}".', plan.tag, revision), migrate, undo);
    if (a === migrate) void vscode.commands.executeCommand('istioCanary.migrateNamespaces');
    if (a === undo && outcome.runId) await undoTagRun(ctx, cluster, outcome.runId);
  }
}
