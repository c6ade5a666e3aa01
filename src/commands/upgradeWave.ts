import * as vscode from 'vscode';
import { plural } from '../mesh/plural';
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
  const context = preset?.context ?? clusterOf(node) ?? (await pickCluster(ctx.fleet(), 'Upgrade wave'));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const s = cluster.snapshot;
  const target = preset?.target ?? (await pickTarget(s, new Set(), `Upgrade wave in ${context}: target`));
  if (!target) return;
  const targetRevision = s.tags.find((t) => t.name === target)?.revision ?? target;
  const from = await vscode.window.showQuickPick([
    ...s.revisions.filter((r) => r.name !== targetRevision).map((r) => ({
      label: `All namespaces on ${r.name}`, description: `${r.version ?? ''} · ${plural(r.namespaceCount, 'namespace')}`, revision: r.name,
    })),
    { label: 'Choose namespaces…', description: 'pick them; they run in the order listed', revision: undefined },
  ], { title: `Upgrade wave → ${target}: which namespaces?` });
  if (!from) return;
  const namespaces = from.revision
    ? s.namespaces.filter((n) => n.state === 'bound' && n.target?.revision === from.revision && !SYSTEM_NAMESPACES.has(n.name)).map((n) => n.name)
    : await pickNamespaces(s, `Upgrade wave → ${target}`, (n) => n.target?.revision !== targetRevision || n.workloads.some((w) => w.pods.some((p) => p.needsRestart)));
  if (!namespaces?.length) {
    if (from.revision) void vscode.window.showInformationMessage(`No namespace is bound to ${from.revision}.`);
    return;
  }
  const conc = await vscode.window.showInputBox({
    title: `Upgrade wave: ${plural(namespaces.length, 'namespace')} → ${target}`, prompt: 'How many namespaces at once?', value: '2',
    validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 20 ? undefined : 'A whole number from 1 to 20'),
  });
  if (!conc) return;
  const planned = planMigration(context, cluster.inventory, namespaces, target);
  if (!planned.ok) {
    void vscode.window.showErrorMessage(planned.error);
    return;
  }
  const gate = await pickWaveGate(ctx, cluster.client);
  if (!gate) return;
  const outcome = await executeMigration(ctx, cluster, planned.plan, { title: 'Upgrade wave', concurrency: Number(conc), stopOnFailure: true, gate });
  if (outcome?.status === 'failed') {
    const rest = outcome.namespaces.filter((n) => n.status === 'not started').map((n) => n.namespace);
    // A regression the traffic gate saw has its own offer (which workload, by how much); other failures the usual one.
    const breached = outcome.namespaces.some((n) => n.gate?.verdict === 'breach');
    const a = breached
      ? ((await offerGateRollback(ctx, planned.plan, outcome, rest)) === 'continue' ? 'Continue with the Rest' : undefined)
      : await vscode.window.showErrorMessage(`The wave stopped at the first failure${rest.length ? `; not started: ${rest.join(', ')}` : ''}.`, 'Roll Back the Wave', ...(rest.length ? ['Continue with the Rest'] : []));
    if (a === 'Roll Back the Wave') await vscode.commands.executeCommand('istioCanary.rollBack', undefined, undefined, outcome.runId);
    if (a === 'Continue with the Rest') {
      const again = planMigration(context, loadedCluster(ctx, context).inventory, rest, target);
      if (again.ok) await executeMigration(ctx, loadedCluster(ctx, context), again.plan, { title: 'Upgrade wave (continued)', concurrency: Number(conc), stopOnFailure: true, gate });
    }
  }
}
