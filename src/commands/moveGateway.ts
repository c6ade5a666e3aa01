import * as vscode from 'vscode';
import type { TreeNode } from '../views/treeNode';
import { findGateways } from '../mesh/gateways';
import { planGatewayInPlace } from '../mesh/gatewayPlans';
import { runWorkloadMove } from '../upgrade/workloadMove';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf, gatewayNodeOf, pickGateway } from './gatewayPickers';
import { pickCluster, pickTarget } from './pickers';
import { runWithProgress } from './runWithProgress';
import { routeContextOf, routeWrite } from '../mesh/owners/ownerRoute';
import { anywayWarning, offerOwnerWay } from './ownerWay';

/** In-place gateway upgrade (istio-model.md M9.3): set `istio.io/rev` on the gateway's pod template; the template change rolls its pods. */
export async function moveGateway(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[]): Promise<void> {
  const gn = gatewayNodeOf(node, nodes);
  const context = gn?.context ?? clusterOf(node) ?? (await pickCluster(ctx.fleet(), 'Move a gateway to a revision'));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const gateways = findGateways(cluster.inventory, cluster.snapshot);
  const g = gn ? gateways.find((x) => x.namespace === gn.gateway.namespace && x.name === gn.gateway.name) : await pickGateway(gateways, `Move a gateway of ${context}`);
  if (!g) return;
  const target = await pickTarget(cluster.snapshot, new Set(g.templateRevision ? [g.templateRevision] : []), `Move gateway ${g.namespace}/${g.name} to…`);
  if (!target) return;
  const planned = planGatewayInPlace(cluster.inventory, cluster.snapshot, g, target);
  if (!planned.ok) {
    void vscode.window.showWarningMessage(planned.error, { modal: true });
    return;
  }
  const p = planned.plan;
  const route = routeWrite({ kind: 'gateway-move', namespace: g.namespace, name: g.name, to: target }, g.managedBy, routeContextOf(cluster.snapshot));
  const native = route.route === 'owner-native' ? route : undefined;
  if (native && (await offerOwnerWay(ctx, native, { title: `Move gateway ${g.name} to ${target}`, subject: `Gateway ${g.namespace}/${g.name}`, context, cluster })) === 'handled') return;
  const ok = await vscode.window.showWarningMessage(`Set istio.io/rev=${target} on gateway ${g.namespace}/${g.name} in ${context}?`, {
    modal: true,
    detail: `Its pods roll out and are injected by ${p.targetRevision} (${p.targetVersion ?? 'version unknown'}). Traffic through this gateway moves with them.\n\n${p.kubectl}${native ? `\n\n${anywayWarning(native)}` : ''}`,
  }, 'Move Gateway');
  if (ok !== 'Move Gateway') return;
  const result = await runWithProgress(`Move ${g.name} to ${target}`, (signal, onProgress, onNotice) => runWorkloadMove(cluster.client, ctx.journal, {
    command: 'gateway-move', ref: p.ref, target, verify: false, rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs,
  }, { signal, onProgress, onNotice }));
  for (const warning of result.warnings) void vscode.window.showWarningMessage(`${context}: ${warning}`);
  void (result.passed
    ? vscode.window.showInformationMessage(`Gateway ${g.name} rolled out on ${target}.`)
    : vscode.window.showErrorMessage(`Gateway ${g.name}: ${result.rollout.summary}`));
}
