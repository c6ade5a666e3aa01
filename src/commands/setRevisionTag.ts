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
import { showMarkdown } from './showMarkdown';
import { dryRunSummary, freshInventory, revisionItems, runTagWrites, undoTagRun } from './tagCommon';
import { answered, type StepInput } from '../ui/multiStepInput';
import { askSteps, clusterOfAnswer, clusterSteps, type ClusterAnswer } from './pickerSteps';
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

interface TagAnswers extends ClusterAnswer {
  revision?: string;
  tag?: string;
}

/** Create a revision tag (istioctl tag set) from a revision node, or from the palette: cluster → revision → name, with Back. */
export async function setRevisionTag(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const state: TagAnswers = { context: node instanceof RevisionNode ? node.context : clusterOf(node), revision: node instanceof RevisionNode ? node.placement.revision.name : undefined };
  const askCluster = clusterSteps(ctx, state, vscode.l10n.t('Set revision tag: which cluster?'));
  if (!askCluster) return;
  const fromNode = state.revision !== undefined;
  const answers = await askSteps(vscode.l10n.t('Set revision tag'), [
    ...askCluster,
    ...(fromNode ? [] : [{
      run: async (input: StepInput, s: TagAnswers) => answered(await input.pick({ title: vscode.l10n.t('Tag which revision of {0}?', s.context ?? ''), placeholder: vscode.l10n.t('Revision'), items: revisionItems(clusterOfAnswer(ctx, s).snapshot), isChosen: (i) => i.value === s.revision }), (v) => { s.revision = v.value; }),
    }]),
    {
      run: async (input: StepInput, s: TagAnswers) => {
        const snapshot = clusterOfAnswer(ctx, s).snapshot;
        return answered(await input.text({
          title: vscode.l10n.t('New revision tag for {0}', s.revision ?? ''),
          prompt: vscode.l10n.t('Namespaces labelled istio.io/rev=<tag> are injected by the revision the tag points at; moving the tag later moves them all.'),
          placeholder: snapshot.tags.length ? vscode.l10n.t('e.g. stable (existing: {0})', snapshot.tags.map((t) => t.name).join(', ')) : vscode.l10n.t('e.g. prod, canary, stable'),
          value: s.tag,
          validate: (v) => tagNameProblem(snapshot, v.trim()),
        }), (v) => { s.tag = v.trim(); });
      },
    },
  ], state);
  if (!answers?.context || !answers.revision || !answers.tag) return;
  const { context, revision, tag } = answers;
  const cluster = loadedCluster(ctx, context);
  // The plain path plans once and confirms; "Advanced Options…" in the dialog re-plans with istioctl's extra flags.
  let options: TagAdvancedOptions = {};
  let shown: TagSetPlan | undefined;
  for (;;) {
    const inventory = await freshInventory(cluster);
    const planned = planTagSet(inventory, tag, revision, options);
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
