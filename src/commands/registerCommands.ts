import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';
import type { TreeNode } from '../views/treeNode';
import { refresh } from './refresh';
import { retryCluster } from './retryCluster';
import { showLog } from './showLog';
import { selectKubeconfig } from './selectKubeconfig';
import { copyStatusJson } from './copyStatusJson';
import { migrateNamespaces } from './migrateNamespaces';
import { restartWorkloads } from './restartWorkloads';
import { verifyNamespacesCommand } from './verifyNamespacesCommand';
import { rollBack } from './rollBack';
import { migrateWorkloadFirst } from './migrateWorkloadFirst';
import { upgradeWave } from './upgradeWave';
import { showJournal } from './showJournal';
import { showProxyVersions } from './showProxyVersions';
import { precheckCluster } from './precheckCluster';
import { applyFinding } from './applyFinding';
import { setRevisionTag } from './setRevisionTag';
import { moveRevisionTag } from './moveRevisionTag';
import { removeRevisionTag } from './removeRevisionTag';
import { restartTagNamespaces } from './restartTagNamespaces';
import { moveGateway } from './moveGateway';
import { switchGatewayService } from './switchGateway';
import { removeOldRevision } from './removeRevision';
import { installRevisionHelper } from './installRevisionHelper';
import { changeSailVersion } from './changeSailVersion';
import { errorMessage } from '../upgrade/upgradeErrors';
import { tryDemoMesh } from './tryDemoMesh';
import { connectCluster, disconnectCluster } from './connectCluster';
import { createUpgradePlan } from './createUpgradePlan';
import { connectPlanContext, planStepCommand, stepArgs } from './planStepCommands';
import { exportPlanReport } from './exportPlanReport';
import { migrateExplorerNamespace, revealExplorerCluster, showExplorerProxyVersions } from './kubernetesExplorerCommands';
import { openWalkthrough } from './openWalkthrough';
import { commandFailureMessage, commandTitles } from './commandTitles';
import { copyPanelMarkdown, resetPanelBaseline, savePanelReport, verifyPanelNamespaces } from './panelCommands';

type Handler = (ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[], extra?: unknown) => unknown;

const COMMANDS: Record<string, Handler> = {
  'istioCanary.refresh': (ctx) => refresh(ctx),
  'istioCanary.tryDemoMesh': (ctx) => tryDemoMesh(ctx),
  'istioCanary.retryCluster': (ctx, node) => retryCluster(ctx, node),
  'istioCanary.connectCluster': (ctx, node) => connectCluster(ctx, node),
  'istioCanary.disconnectCluster': (ctx, node) => disconnectCluster(ctx, node),
  'istioCanary.showLog': (ctx) => showLog(ctx),
  'istioCanary.selectKubeconfig': (ctx) => selectKubeconfig(ctx),
  'istioCanary.copyStatusJson': (ctx, node) => copyStatusJson(ctx, node),
  'istioCanary.migrateNamespaces': (ctx, node, nodes) => migrateNamespaces(ctx, node, nodes),
  'istioCanary.restartWorkloads': (ctx, node, nodes) => restartWorkloads(ctx, node, nodes),
  'istioCanary.verifyNamespaces': (ctx, node, nodes) => verifyNamespacesCommand(ctx, node, nodes),
  'istioCanary.rollBack': (ctx, node, nodes, runId) => rollBack(ctx, node, nodes, typeof runId === 'string' ? runId : undefined),
  'istioCanary.migrateWorkloadFirst': (ctx, node, nodes) => migrateWorkloadFirst(ctx, node, nodes),
  'istioCanary.upgradeWave': (ctx, node) => upgradeWave(ctx, node),
  'istioCanary.showJournal': (ctx) => showJournal(ctx),
  'istioCanary.showProxyVersions': (ctx, node, nodes) => showProxyVersions(ctx, node, nodes),
  'istioCanary.precheck': (ctx, node) => precheckCluster(ctx, node),
  'istioCanary.applyFinding': (ctx, node) => applyFinding(ctx, node),
  'istioCanary.setRevisionTag': (ctx, node) => setRevisionTag(ctx, node),
  'istioCanary.moveRevisionTag': (ctx, node) => moveRevisionTag(ctx, node),
  'istioCanary.removeRevisionTag': (ctx, node) => removeRevisionTag(ctx, node),
  'istioCanary.restartTagNamespaces': (ctx, node) => restartTagNamespaces(ctx, node),
  'istioCanary.moveGateway': (ctx, node, nodes) => moveGateway(ctx, node, nodes),
  'istioCanary.switchGateway': (ctx, node, nodes) => switchGatewayService(ctx, node, nodes),
  'istioCanary.removeRevision': (ctx, node, nodes) => removeOldRevision(ctx, node, nodes),
  'istioCanary.installRevisionHelper': (ctx, node, nodes) => installRevisionHelper(ctx, node, nodes),
  'istioCanary.createUpgradePlan': (ctx, node) => createUpgradePlan(ctx, node),
  // The plan CodeLenses pass `{ uri, step }` (or the plan's uri) where tree commands get their node.
  'istioCanary.planRunStep': (ctx, arg) => planStepCommand(ctx, stepArgs(arg), 'run', () => ctx.planRan()),
  'istioCanary.planDryRunStep': (ctx, arg) => planStepCommand(ctx, stepArgs(arg), 'dryRun', () => ctx.planRan()),
  'istioCanary.planRollBackStep': (ctx, arg) => planStepCommand(ctx, stepArgs(arg), 'rollback', () => ctx.planRan()),
  'istioCanary.planConnect': (ctx, arg) => connectPlanContext(ctx, arg),
  'istioCanary.exportPlanReport': (ctx, arg) => exportPlanReport(ctx, arg),
  'istioCanary.changeSailVersion': (ctx, node) => changeSailVersion(ctx, node),
  'istioCanary.openWalkthrough': (ctx) => openWalkthrough(ctx),
  // The Proxy versions panel's editor-title actions (on the active panel).
  'istioCanary.panel.copyMarkdown': () => copyPanelMarkdown(),
  'istioCanary.panel.saveReport': () => savePanelReport(),
  'istioCanary.panel.resetBaseline': () => resetPanelBaseline(),
  'istioCanary.panel.verify': () => verifyPanelNamespaces(),
  // On the Kubernetes extension's nodes: the argument is its node, not ours.
  'istioCanary.k8s.migrateNamespace': (ctx, node) => migrateExplorerNamespace(ctx, node),
  'istioCanary.k8s.showProxyVersions': (ctx, node) => showExplorerProxyVersions(ctx, node),
  'istioCanary.k8s.revealCluster': (ctx, node) => revealExplorerCluster(ctx, node),
};

/** Every command reports its own failure instead of a raw stack in a notification. */
export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const titles = commandTitles(ctx.extension.extension.packageJSON);
  return Object.entries(COMMANDS).map(([id, handler]) =>
    vscode.commands.registerCommand(id, async (node?: TreeNode, nodes?: TreeNode[], extra?: unknown) => {
      try {
        return await handler(ctx, node, Array.isArray(nodes) ? nodes : undefined, extra);
      } catch (e) {
        const message = errorMessage(e);
        ctx.log.error(`${titles.get(id) ?? id} (${id}) failed: ${message}`);
        void vscode.window.showErrorMessage(commandFailureMessage(titles.get(id), message), vscode.l10n.t('Show Log')).then((a) => {
          if (a) ctx.log.show();
        });
        return undefined;
      }
    }),
  );
}
