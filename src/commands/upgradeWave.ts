import * as vscode from 'vscode';
import { countText } from '../views/countText';
import type { TreeNode } from '../views/treeNode';
import { planMigration } from '../mesh/migrationPlan';
import { SYSTEM_NAMESPACES } from '../mesh/systemNamespaces';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf, revisionOrTag } from './nodeArgs';
import { pickCluster, pickNamespaces, pickTarget } from './pickers';
import { executeMigration } from './executeMigration';
import { offerGateRollback, pickWaveGate } from './waveGate';

/**
 * An upgrade wave: namespaces chosen one by one or "all on revision X", in the order chosen, with bounded
 * concurrency; the wave starts no further namespace after the first failed verification.
 */
export async function upgradeWave(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const preset = revisionOrTag(node);
  const context = preset?.context ?? clusterOf(node) ?? (await pickCluster(ctx.fleet(), vscode.l10n.t('Upgrade wave')));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const s = cluster.snapshot;
  const target = preset?.target ?? (await pickTarget(s, new Set(), vscode.l10n.t('Upgrade wave in {0}: target', context)));
  if (!target) return;
  const targetRevision = s.tags.find((t) => t.name === target)?.revision ?? target;
  const from = await vscode.window.showQuickPick([
    ...s.revisions.filter((r) => r.name !== targetRevision).map((r) => ({
      label: vscode.l10n.t('All namespaces on {0}', r.name),
      description: `${r.version ?? ''} · ${countText(r.namespaceCount, (n) => vscode.l10n.t('{0} namespace', n), (n) => vscode.l10n.t('{0} namespaces', n))}`,
      revision: r.name,
    })),
    { label: vscode.l10n.t('Choose namespaces…'), description: vscode.l10n.t('pick them; they run in the order listed'), revision: undefined },
  ], { title: vscode.l10n.t('Upgrade wave → {0}: which namespaces?', target) });
  if (!from) return;
  const namespaces = from.revision
    ? s.namespaces.filter((n) => n.state === 'bound' && n.target?.revision === from.revision && !SYSTEM_NAMESPACES.has(n.name)).map((n) => n.name)
    : await pickNamespaces(s, vscode.l10n.t('Upgrade wave → {0}', target), (n) => n.target?.revision !== targetRevision || n.workloads.some((w) => w.pods.some((p) => p.needsRestart)));
  if (!namespaces?.length) {
    if (from.revision) void vscode.window.showInformationMessage(vscode.l10n.t('No namespace is bound to {0}.', from.revision));
    return;
  }
  const conc = await vscode.window.showInputBox({
    title: countText(namespaces.length, (n) => vscode.l10n.t('Upgrade wave: {0} namespace → {1}', n, target), (n) => vscode.l10n.t('Upgrade wave: {0} namespaces → {1}', n, target)),
    prompt: vscode.l10n.t('How many namespaces at once?'),
    value: '2',
    validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 20 ? undefined : vscode.l10n.t('A whole number from 1 to 20')),
  });
  if (!conc) return;
  const planned = planMigration(context, cluster.inventory, namespaces, target);
  if (!planned.ok) {
    void vscode.window.showErrorMessage(planned.error);
    return;
  }
  const gate = await pickWaveGate(ctx, cluster.client);
  if (!gate) return;
  const outcome = await executeMigration(ctx, cluster, planned.plan, { title: vscode.l10n.t('Upgrade wave'), concurrency: Number(conc), stopOnFailure: true, gate });
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
      if (again.ok) await executeMigration(ctx, loadedCluster(ctx, context), again.plan, { title: vscode.l10n.t('Upgrade wave (continued)'), concurrency: Number(conc), stopOnFailure: true, gate });
    }
  }
}
