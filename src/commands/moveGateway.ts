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
  const context = gn?.context ?? clusterOf(node) ?? (await pickCluster(ctx.fleet(), vscode.l10n.t('Move a gateway to a revision')));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const gateways = findGateways(cluster.inventory, cluster.snapshot);
  const g = gn ? gateways.find((x) => x.namespace === gn.gateway.namespace && x.name === gn.gateway.name) : await pickGateway(gateways, vscode.l10n.t('Move a gateway of {0}', context));
  if (!g) return;
  const target = await pickTarget(cluster.snapshot, new Set(g.templateRevision ? [g.templateRevision] : []), vscode.l10n.t('Move gateway {0} to…', `${g.namespace}/${g.name}`));
  if (!target) return;
  const planned = planGatewayInPlace(cluster.inventory, cluster.snapshot, g, target);
  if (!planned.ok) {
    void vscode.window.showWarningMessage(planned.error, { modal: true });
    return;
  }
  const p = planned.plan;
  const route = routeWrite({ kind: 'gateway-move', namespace: g.namespace, name: g.name, to: target }, g.managedBy, routeContextOf(cluster.snapshot));
  const native = route.route === 'owner-native' ? route : undefined;
  const gateway = `${g.namespace}/${g.name}`;
  if (native && (await offerOwnerWay(ctx, native, { title: vscode.l10n.t('Move gateway {0} to {1}', g.name, target), subject: vscode.l10n.t('Gateway {0}', gateway), context, cluster })) === 'handled') return;
  const move = vscode.l10n.t('Move Gateway');
  const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Set istio.io/rev={0} on gateway {1} in {2}?', target, gateway, context), {
    modal: true,
    detail: `${vscode.l10n.t('Its pods roll out and are injected by {0} ({1}). Traffic through this gateway moves with them.', p.targetRevision, p.targetVersion ?? vscode.l10n.t('version unknown'))}\n\n${p.kubectl}${native ? `\n\n${anywayWarning(native)}` : ''}`,
  }, move);
  if (ok !== move) return;
  const result = await runWithProgress(vscode.l10n.t('Move {0} to {1}', g.name, target), (signal, onProgress, onNotice) => runWorkloadMove(cluster.client, ctx.journal, {
    command: 'gateway-move', ref: p.ref, target, verify: false, rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs,
  }, { signal, onProgress, onNotice }));
  for (const warning of result.warnings) void vscode.window.showWarningMessage(`${context}: ${warning}`);
  void (result.passed
    ? vscode.window.showInformationMessage(vscode.l10n.t('Gateway {0} rolled out on {1}.', g.name, target))
    : vscode.window.showErrorMessage(vscode.l10n.t('Gateway {0}: {1}', g.name, result.rollout.summary)));
}
