import * as vscode from 'vscode';
import type { TreeNode } from '../views/treeNode';
import { findGateways } from '../mesh/gateways';
import { planGatewayInPlace } from '../mesh/gatewayPlans';
import { setWorkloadRevision } from '../upgrade/setWorkloadRevision';
import { waitForRollout } from '../upgrade/waitForRollout';
import { errorMessage } from '../upgrade/upgradeErrors';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf, gatewayNodeOf, pickGateway } from './gatewayPickers';
import { pickCluster, pickTarget } from './pickers';
import { runWithProgress } from './runWithProgress';
import { routeContextOf, routeWrite } from '../mesh/owners/ownerRoute';
import { anywayWarning, offerOwnerWay } from './ownerWay';

/** In-place gateway upgrade (§A9): set `istio.io/rev` on the gateway's pod template; the template change rolls its pods. */
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
  const run = ctx.journal.startRun({ command: 'gateway-move', context, target, namespaces: [g.namespace] });
  ctx.activeRuns.add(run.runId);
  try {
    const progress = await runWithProgress(`Move ${g.name} to ${target}`, async (signal, onProgress) => {
      onProgress({ namespace: g.namespace, step: 'relabel', message: `${g.name}: istio.io/rev=${target}` });
      const r = await setWorkloadRevision(cluster.client, p.ref, target, { journal: ctx.journal, run, signal });
      onProgress({ namespace: g.namespace, step: 'wait', message: g.name });
      return waitForRollout(cluster.client, p.ref, { timeoutMs: ctx.settings().rolloutTimeoutMs, minGeneration: r.generation, signal });
    });
    ctx.journal.updateRun(run, { status: progress.done ? 'completed' : 'failed', error: progress.done ? undefined : progress.summary });
    void (progress.done
      ? vscode.window.showInformationMessage(`Gateway ${g.name} rolled out on ${target}.`)
      : vscode.window.showErrorMessage(`Gateway ${g.name}: ${progress.summary}`));
  } catch (e) {
    ctx.journal.updateRun(run, { status: 'failed', error: errorMessage(e) });
    throw e;
  } finally {
    ctx.activeRuns.delete(run.runId);
  }
}
