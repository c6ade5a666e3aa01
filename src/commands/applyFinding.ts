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
  const context = clusterOf(node) ?? (await pickCluster(ctx.fleet(), vscode.l10n.t('Apply a precheck fix')));
  if (!context) return undefined;
  const cluster = loadedCluster(ctx, context);
  const fixable = runPrecheck(cluster.inventory, cluster.snapshot).filter((f) => f.fix);
  if (fixable.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0}: no finding has an automatic fix.', context));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(fixable.map((f) => ({ label: f.title, detail: f.fix?.description, finding: f })), { title: vscode.l10n.t('Apply a fix in {0}', context) });
  return pick ? { context, finding: pick.finding } : undefined;
}

/** Apply Fix on a fixable finding: modal confirm, then a journaled label removal (or a dry run). */
export async function applyFinding(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const picked = await pickFixable(ctx, node);
  if (!picked) return;
  const { context, finding } = picked;
  const fix = finding.fix;
  if (!fix) {
    void vscode.window.showInformationMessage(vscode.l10n.t('"{0}" has no automatic fix. Run Precheck Cluster for what to do.', finding.title));
    return;
  }
  if (fix.kind === 'repointValidator') return applyValidatorFix(ctx, context, fix);
  const cluster = loadedCluster(ctx, context);
  const ns = cluster.snapshot.namespaces.find((n) => n.name === fix.namespace);
  if (!ns) throw new Error(vscode.l10n.t('namespace {0} is no longer in {1}; refresh and try again.', fix.namespace, context));
  // A namespace Argo CD or Flux keeps gets the label back from Git: the owner's way first.
  const route = routeWrite({ kind: 'relabel-namespace', namespace: ns.name, labels: ns.labels, set: {}, remove: [fix.label] }, ns.managedBy, routeContextOf(cluster.snapshot));
  const native = route.route === 'owner-native' ? route : undefined;
  if (native && (await offerOwnerWay(ctx, native, {
    title: vscode.l10n.t('Remove {0} from {1}', fix.label, ns.name), subject: vscode.l10n.t('Namespace {0}', ns.name), context, cluster, anyway: vscode.l10n.t('Remove Anyway…'),
  })) !== 'edit-anyway') return;
  const dryRunButton = vscode.l10n.t('Dry Run');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Remove label {0} from namespace {1} in cluster {2}?', fix.label, fix.namespace, context),
    { modal: true, detail: `${fix.description}\n\n${vscode.l10n.t('The write is journaled; Roll Back restores the label.')}${native ? `\n\n${anywayWarning(native)}` : ''}` },
    vscode.l10n.t('Remove Label'), dryRunButton,
  );
  if (!choice) return;
  const dryRun = choice === dryRunButton;
  const result = await removeNamespaceLabel(cluster.client, fix, {
    journal: ctx.journal, dryRun, expectedBefore: injectionLabelsOf(ns.labels),
  });
  const what = dryRun ? vscode.l10n.t('Dry run: {0} would be removed from {1} in {2}', fix.label, fix.namespace, context)
    : result.changed ? vscode.l10n.t('{0} removed from {1} in {2}', fix.label, fix.namespace, context)
      : vscode.l10n.t('{0} was already gone from {1} in {2}', fix.label, fix.namespace, context);
  ctx.log.info(`[${context}] apply fix ${finding.id}: ${what}${result.runId ? ` (run ${result.runId})` : ''}`);
  const showJournal = vscode.l10n.t('Show Journal');
  const actions = result.runId ? [showJournal] : [];
  const action = await vscode.window.showInformationMessage(vscode.l10n.t('{0}. Restart its workloads to move running pods.', what), ...actions);
  if (action === showJournal) await vscode.commands.executeCommand('istioCanary.showJournal');
}
