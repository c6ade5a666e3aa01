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

interface TagAnswers extends ClusterAnswer {
  revision?: string;
  tag?: string;
}

/** Create a revision tag (istioctl tag set) from a revision node, or from the palette: cluster → revision → name, with Back. */
export async function setRevisionTag(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const state: TagAnswers = { context: node instanceof RevisionNode ? node.context : clusterOf(node), revision: node instanceof RevisionNode ? node.placement.revision.name : undefined };
  const askCluster = clusterSteps(ctx, state, 'Set revision tag: which cluster?');
  if (!askCluster) return;
  const fromNode = state.revision !== undefined;
  const answers = await askSteps('Set revision tag', [
    ...askCluster,
    ...(fromNode ? [] : [{
      run: async (input: StepInput, s: TagAnswers) => answered(await input.pick({ title: `Tag which revision of ${s.context}?`, placeholder: 'Revision', items: revisionItems(clusterOfAnswer(ctx, s).snapshot), isChosen: (i) => i.value === s.revision }), (v) => { s.revision = v.value; }),
    }]),
    {
      run: async (input: StepInput, s: TagAnswers) => {
        const snapshot = clusterOfAnswer(ctx, s).snapshot;
        return answered(await input.text({
          title: `New revision tag for ${s.revision}`,
          prompt: 'Namespaces labelled istio.io/rev=<tag> are injected by the revision the tag points at; moving the tag later moves them all.',
          placeholder: snapshot.tags.length ? `e.g. stable (existing: ${snapshot.tags.map((t) => t.name).join(', ')})` : 'e.g. prod, canary, stable',
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
