import * as vscode from 'vscode';
import type { TreeNode } from '../views/treeNode';
import { checkPodLevelCanary, podLevelBlocker } from '../mesh/podLevelCanary';
import { plural } from '../mesh/plural';
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
    void vscode.window.showInformationMessage('Right-click a Deployment, StatefulSet or DaemonSet in the Istio Upgrades view to move it first.');
    return;
  }
  const cluster = loadedCluster(ctx, wn.context);
  const w = wn.workload;
  const blocker = podLevelBlocker(cluster.snapshot, w.namespace, w.kind, w.name);
  if (blocker) {
    void vscode.window.showWarningMessage(blocker, { modal: true });
    return;
  }
  const target = await pickTarget(cluster.snapshot, new Set(w.templateRevision ? [w.templateRevision] : []), `Move ${w.kind} ${w.namespace}/${w.name} first to…`);
  if (!target) return;
  const check = checkPodLevelCanary(cluster.snapshot, w.namespace, w.kind, w.name, target);
  if (!check.ok) {
    void vscode.window.showWarningMessage(check.reason, { modal: true });
    return;
  }
  const ok = await vscode.window.showWarningMessage(`Set istio.io/rev=${target} on the pod template of ${w.kind} ${w.namespace}/${w.name} in ${wn.context}?`,
    { modal: true, detail: `Its pods roll out and are injected by ${check.target.revision} (${check.target.version ?? 'version unknown'}); the rest of ${w.namespace} stays as it is.` }, 'Move Workload');
  if (ok !== 'Move Workload') return;
  const ref: WorkloadRef = { kind: w.kind as WorkloadRef['kind'], namespace: w.namespace, name: w.name };
  const result = await runWithProgress(`Move ${w.name} to ${target}`, (signal, onProgress, onNotice) => runWorkloadMove(cluster.client, ctx.journal, {
    command: 'workload-first', ref, target, verify: true, rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs,
  }, { signal, onProgress, onNotice }));
  for (const warning of result.warnings) void vscode.window.showWarningMessage(`${wn.context}: ${warning}`);
  const { verdict } = result;
  const msg = `${w.name}: ${result.passed && verdict ? `${verdict.onTarget}/${plural(verdict.pods, 'pod')} on ${target}` : `verification failed — ${verdict?.reasons.join('; ') ?? 'not found'}`}`;
  void (result.passed ? vscode.window.showInformationMessage(msg) : vscode.window.showErrorMessage(msg));
}
