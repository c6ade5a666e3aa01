import * as vscode from 'vscode';
import type { TreeNode } from '../views/treeNode';
import { checkPodLevelCanary, podLevelBlocker } from '../mesh/podLevelCanary';
import { countText } from '../views/countText';
import { runWorkloadMove } from '../upgrade/workloadMove';
import type { WorkloadRef } from '../mesh/migrationPlan';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { workloadNodes, selectedNodes } from './nodeArgs';
import { pickTarget } from './pickers';
import { runWithProgress } from './runWithProgress';

/** Move one workload first (pod-level canary), or explain why Istio would ignore a pod-level istio.io/rev. */
export async function migrateWorkloadFirst(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[]): Promise<void> {
  const [wn] = workloadNodes(selectedNodes(node, nodes));
  if (!wn) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Right-click a Deployment, StatefulSet or DaemonSet in the Istio Upgrades view to move it first.'));
    return;
  }
  const cluster = loadedCluster(ctx, wn.context);
  const w = wn.workload;
  const blocker = podLevelBlocker(cluster.snapshot, w.namespace, w.kind, w.name);
  if (blocker) {
    void vscode.window.showWarningMessage(blocker, { modal: true });
    return;
  }
  const target = await pickTarget(cluster.snapshot, new Set(w.templateRevision ? [w.templateRevision] : []), vscode.l10n.t('Move {0} {1} first to…', w.kind, `${w.namespace}/${w.name}`));
  if (!target) return;
  const check = checkPodLevelCanary(cluster.snapshot, w.namespace, w.kind, w.name, target);
  if (!check.ok) {
    void vscode.window.showWarningMessage(check.reason, { modal: true });
    return;
  }
  const move = vscode.l10n.t('Move Workload');
  const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Set istio.io/rev={0} on the pod template of {1} {2} in {3}?', target, w.kind, `${w.namespace}/${w.name}`, wn.context), {
    modal: true,
    detail: vscode.l10n.t('Its pods roll out and are injected by {0} ({1}); the rest of {2} stays as it is.', check.target.revision, check.target.version ?? vscode.l10n.t('version unknown'), w.namespace),
  }, move);
  if (ok !== move) return;
  const ref: WorkloadRef = { kind: w.kind as WorkloadRef['kind'], namespace: w.namespace, name: w.name };
  const result = await runWithProgress(vscode.l10n.t('Move {0} to {1}', w.name, target), (signal, onProgress, onNotice) => runWorkloadMove(cluster.client, ctx.journal, {
    command: 'workload-first', ref, target, verify: true, rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs,
  }, { signal, onProgress, onNotice }));
  for (const warning of result.warnings) void vscode.window.showWarningMessage(`${wn.context}: ${warning}`);
  const { verdict } = result;
  const msg = result.passed && verdict
    ? countText(verdict.pods, (n) => vscode.l10n.t('{0}: {1}/{2} pod on {3}', w.name, verdict.onTarget, n, target), (n) => vscode.l10n.t('{0}: {1}/{2} pods on {3}', w.name, verdict.onTarget, n, target))
    : vscode.l10n.t('{0}: verification failed — {1}', w.name, verdict?.reasons.join('; ') ?? vscode.l10n.t('not found'));
  void (result.passed ? vscode.window.showInformationMessage(msg) : vscode.window.showErrorMessage(msg));
}
