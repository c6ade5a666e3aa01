import * as vscode from 'vscode';
import { runPrecheck, type Finding } from '../mesh/precheck';
import { injectionLabelsOf } from '../mesh/migrationPlan';
import { removeNamespaceLabel } from '../upgrade/removeNamespaceLabel';
import { FindingNode } from '../views/healthNode';
import type { TreeNode } from '../views/treeNode';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf } from './nodeArgs';
import { pickCluster } from './pickers';
import { routeContextOf, routeWrite } from '../mesh/owners/ownerRoute';
import { anywayWarning, offerOwnerWay } from './ownerWay';
import { applyValidatorFix } from './repointValidator';

async function pickFixable(ctx: CommandContext, node?: TreeNode): Promise<{ context: string; finding: Finding } | undefined> {
  if (node instanceof FindingNode) return { context: node.context, finding: node.finding };
  const context = clusterOf(node) ?? (await pickCluster(ctx.fleet(), 'Apply a precheck fix'));
  if (!context) return undefined;
  const cluster = loadedCluster(ctx, context);
  const fixable = runPrecheck(cluster.inventory, cluster.snapshot).filter((f) => f.fix);
  if (fixable.length === 0) {
    void vscode.window.showInformationMessage(`${context}: no finding has an automatic fix.`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(fixable.map((f) => ({ label: f.title, detail: f.fix?.description, finding: f })), { title: `Apply a fix in ${context}` });
  return pick ? { context, finding: pick.finding } : undefined;
}

/** Apply Fix on a fixable finding: modal confirm, then a journaled label removal (or a dry run). */
export async function applyFinding(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const picked = await pickFixable(ctx, node);
  if (!picked) return;
  const { context, finding } = picked;
  const fix = finding.fix;
  if (!fix) {
    void vscode.window.showInformationMessage(`"${finding.title}" has no automatic fix. Run Precheck Cluster for what to do.`);
    return;
  }
  if (fix.kind === 'repointValidator') return applyValidatorFix(ctx, context, fix);
  const cluster = loadedCluster(ctx, context);
  const ns = cluster.snapshot.namespaces.find((n) => n.name === fix.namespace);
  if (!ns) throw new Error(`namespace ${fix.namespace} is no longer in ${context}; refresh and try again.`);
  // A namespace Argo CD or Flux keeps gets the label back from Git: the owner's way first.
  const route = routeWrite({ kind: 'relabel-namespace', namespace: ns.name, labels: ns.labels, set: {}, remove: [fix.label] }, ns.managedBy, routeContextOf(cluster.snapshot));
  const native = route.route === 'owner-native' ? route : undefined;
  if (native && (await offerOwnerWay(ctx, native, { title: `Remove ${fix.label} from ${ns.name}`, subject: `Namespace ${ns.name}`, context, cluster, anyway: 'Remove Anyway…' })) !== 'edit-anyway') return;
  const choice = await vscode.window.showWarningMessage(
    `Remove label ${fix.label} from namespace ${fix.namespace} in cluster ${context}?`,
    { modal: true, detail: `${fix.description}\n\nThe write is journaled; Roll Back restores the label.${native ? `\n\n${anywayWarning(native)}` : ''}` },
    'Remove Label', 'Dry Run',
  );
  if (!choice) return;
  const dryRun = choice === 'Dry Run';
  const result = await removeNamespaceLabel(cluster.client, fix, {
    journal: ctx.journal, dryRun, expectedBefore: injectionLabelsOf(ns.labels),
  });
  const what = `${fix.label} ${dryRun ? 'would be removed' : result.changed ? 'removed' : 'was already gone'} from ${fix.namespace} in ${context}`;
  ctx.log.info(`[${context}] apply fix ${finding.id}: ${what}${result.runId ? ` (run ${result.runId})` : ''}`);
  const actions = result.runId ? ['Show Journal'] : [];
  const action = await vscode.window.showInformationMessage(`${dryRun ? 'Dry run: ' : ''}${what}. Restart its workloads to move running pods.`, ...actions);
  if (action === 'Show Journal') await vscode.commands.executeCommand('istioCanary.showJournal');
}
