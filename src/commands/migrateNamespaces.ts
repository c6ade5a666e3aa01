import * as vscode from 'vscode';
import { planMigration } from '../mesh/migrationPlan';
import type { TreeNode } from '../views/treeNode';
import type { CommandContext } from './commandContext';
import { clusterOf, namespaceSelection, revisionOrTag, selectedNodes } from './nodeArgs';
import { executeMigration } from './executeMigration';
import { askSteps, clusterOfAnswer, clusterSteps, namespacesStep, targetStep, type NamespacesAnswer, type TargetAnswer } from './pickerSteps';

type Answers = NamespacesAnswer & TargetAnswer;

/**
 * Migrate namespace(s) to a revision or tag. From namespace nodes (multi-select), from a revision/tag node
 * ("Migrate namespaces here…"), or from the palette: cluster → namespaces → target, with Back.
 */
export async function migrateNamespaces(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[]): Promise<void> {
  const selection = namespaceSelection(selectedNodes(node, nodes));
  const preset = revisionOrTag(node);
  const state: Answers = { context: selection?.context ?? preset?.context ?? clusterOf(node), namespaces: selection?.namespaces, target: preset?.target };
  const askCluster = clusterSteps(ctx, state, vscode.l10n.t('Migrate namespaces: which cluster?'));
  if (!askCluster) return;
  const target0 = preset?.target;
  const answers = await askSteps(vscode.l10n.t('Migrate namespaces'), [
    ...askCluster,
    ...(state.namespaces ? [] : [namespacesStep<Answers>(ctx,
      (s) => (target0 ? vscode.l10n.t('Migrate namespaces of {0} to {1}', s.context ?? '', target0) : vscode.l10n.t('Migrate namespaces of {0}', s.context ?? '')),
      (_s, ns) => !target0 || (ns.labels['istio.io/rev'] !== target0) || ns.workloads.some((w) => w.pods.some((p) => p.needsRestart)))]),
    ...(target0 ? [] : [targetStep<Answers>(ctx, (s) => vscode.l10n.t('Migrate {0} to…', s.namespaces?.join(', ') ?? ''), (s) => currentTargets(ctx, s))]),
  ], state);
  if (!answers?.context || !answers.namespaces || !answers.target) return;
  const cluster = clusterOfAnswer(ctx, answers);
  const planned = planMigration(answers.context, cluster.inventory, answers.namespaces, answers.target);
  if (!planned.ok) {
    void vscode.window.showErrorMessage(planned.error);
    return;
  }
  await executeMigration(ctx, cluster, planned.plan, { title: vscode.l10n.t('Migrate') });
}

/** What the chosen namespaces use now (marked "current" in the target step). */
function currentTargets(ctx: CommandContext, s: Answers): Set<string> {
  const { snapshot } = clusterOfAnswer(ctx, s);
  return new Set(snapshot.namespaces.filter((n) => s.namespaces?.includes(n.name)).flatMap((n) => [n.target?.tag, n.target?.revision].filter((x): x is string => !!x)));
}
