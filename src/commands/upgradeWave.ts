import * as vscode from 'vscode';
import { countText } from '../views/countText';
import { namespacesText } from '../views/nodeText';
import type { TreeNode } from '../views/treeNode';
import { planMigration } from '../mesh/migrationPlan';
import { SYSTEM_NAMESPACES } from '../mesh/systemNamespaces';
import { answered, type WizardStep } from '../ui/multiStepInput';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf, revisionOrTag } from './nodeArgs';
import { executeMigration } from './executeMigration';
import { askSteps, clusterOfAnswer, clusterSteps, namespacesStep, targetStep, type NamespacesAnswer, type TargetAnswer } from './pickerSteps';

interface WaveAnswers extends NamespacesAnswer, TargetAnswer {
  /** "All namespaces on <from>"; null: the user chooses them. */
  from?: string | null;
  concurrency?: string;
}

const targetRevision = (ctx: CommandContext, s: WaveAnswers): string | undefined => clusterOfAnswer(ctx, s).snapshot.tags.find((t) => t.name === s.target)?.revision ?? s.target;

function fromStep(ctx: CommandContext): WizardStep<WaveAnswers> {
  return {
    run: async (input, s) => {
      const snap = clusterOfAnswer(ctx, s).snapshot;
      const to = targetRevision(ctx, s);
      const items = [
        ...snap.revisions.filter((r) => r.name !== to).map((r) => ({
          label: vscode.l10n.t('All namespaces on {0}', r.name),
          description: `${r.version ?? ''} · ${namespacesText(r.namespaceCount)}`,
          from: r.name as string | null,
        })),
        { label: vscode.l10n.t('Choose namespaces…'), description: vscode.l10n.t('pick them; they run in the order listed'), from: null as string | null },
      ];
      return answered(await input.pick({ title: vscode.l10n.t('Upgrade wave → {0}: which namespaces?', s.target ?? ''), items, isChosen: (i) => i.from === s.from }), (v) => {
        s.from = v.from;
        s.namespaces = undefined;
      });
    },
  };
}

/** The wave's namespaces: all bound to `from`, or the ones chosen. */
function waveNamespaces(ctx: CommandContext, s: WaveAnswers): string[] {
  const from = s.from;
  if (!from) return s.namespaces ?? [];
  return clusterOfAnswer(ctx, s).snapshot.namespaces.filter((n) => n.state === 'bound' && n.target?.revision === from && !SYSTEM_NAMESPACES.has(n.name)).map((n) => n.name);
}

function concurrencyStep(ctx: CommandContext): WizardStep<WaveAnswers> {
  return {
    run: async (input, s) => answered(await input.text({
      title: countText(waveNamespaces(ctx, s).length,
        (n) => vscode.l10n.t('Upgrade wave: {0} namespace → {1}', n, s.target ?? ''),
        (n) => vscode.l10n.t('Upgrade wave: {0} namespaces → {1}', n, s.target ?? '')),
      prompt: vscode.l10n.t('How many namespaces at once?'),
      value: s.concurrency ?? '2',
      validate: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 20 ? undefined : vscode.l10n.t('A whole number from 1 to 20')),
    }), (v) => { s.concurrency = v; }),
  };
}
import { offerGateRollback, pickWaveGate } from './waveGate';

/**
 * An upgrade wave: namespaces chosen one by one or "all on revision X", in the order chosen, with bounded
 * concurrency; the wave starts no further namespace after the first failed verification.
 * Palette: cluster → target → which namespaces → (namespaces) → how many at once, with Back.
 */
export async function upgradeWave(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const preset = revisionOrTag(node);
  const state: WaveAnswers = { context: preset?.context ?? clusterOf(node), target: preset?.target };
  const askCluster = clusterSteps(ctx, state, vscode.l10n.t('Upgrade wave: which cluster?'));
  if (!askCluster) return;
  const answers = await askSteps(vscode.l10n.t('Upgrade wave'), [
    ...askCluster,
    ...(preset?.target ? [] : [targetStep<WaveAnswers>(ctx, (s) => vscode.l10n.t('Upgrade wave in {0}: target', s.context ?? ''))]),
    fromStep(ctx),
    { ...namespacesStep<WaveAnswers>(ctx, (s) => vscode.l10n.t('Upgrade wave → {0}', s.target ?? ''), (s, n) => n.target?.revision !== targetRevision(ctx, s) || n.workloads.some((w) => w.pods.some((p) => p.needsRestart))), when: (s) => s.from === null || s.from === undefined },
    concurrencyStep(ctx),
  ], state);
  if (!answers?.context || !answers.target || answers.from === undefined || !answers.concurrency) return;
  const { context, target } = answers;
  const cluster = loadedCluster(ctx, context);
  const from = answers.from;
  const namespaces = waveNamespaces(ctx, answers);
  if (!namespaces.length) {
    if (from) void vscode.window.showInformationMessage(vscode.l10n.t('No namespace is bound to {0}.', from));
    return;
  }
  const conc = Number(answers.concurrency);
  const planned = planMigration(context, cluster.inventory, namespaces, target);
  if (!planned.ok) {
    void vscode.window.showErrorMessage(planned.error);
    return;
  }
  const gate = await pickWaveGate(ctx, cluster.client);
  if (!gate) return;
  const outcome = await executeMigration(ctx, cluster, planned.plan, { title: vscode.l10n.t('Upgrade wave'), concurrency: conc, stopOnFailure: true, gate });
  if (outcome?.status === 'failed') {
    const rest = outcome.namespaces.filter((n) => n.status === 'not started').map((n) => n.namespace);
    const rollBack = vscode.l10n.t('Roll Back the Wave');
    const continueRest = vscode.l10n.t('Continue with the Rest');
    const stopped = rest.length
      ? vscode.l10n.t('The wave stopped at the first failure; not started: {0}.', rest.join(', '))
      : vscode.l10n.t('The wave stopped at the first failure.');
    // A regression the traffic gate saw has its own offer (which workload, by how much); other failures the usual one.
    const breached = outcome.namespaces.some((n) => n.gate?.verdict === 'breach');
    const a = breached
      ? ((await offerGateRollback(ctx, planned.plan, outcome, rest)) === 'continue' ? continueRest : undefined)
      : await vscode.window.showErrorMessage(stopped, rollBack, ...(rest.length ? [continueRest] : []));
    if (a === rollBack) await vscode.commands.executeCommand('istioCanary.rollBack', undefined, undefined, outcome.runId);
    if (a === continueRest) {
      const again = planMigration(context, loadedCluster(ctx, context).inventory, rest, target);
      if (again.ok) await executeMigration(ctx, loadedCluster(ctx, context), again.plan, { title: vscode.l10n.t('Upgrade wave (continued)'), concurrency: conc, stopOnFailure: true, gate });
    }
  }
}
