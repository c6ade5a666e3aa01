import * as vscode from 'vscode';
import type { TreeNode } from '../views/treeNode';
import { findGateways, type GatewayInfo } from '../mesh/gateways';
import { planGatewayInPlace } from '../mesh/gatewayPlans';
import { runWorkloadMove } from '../upgrade/workloadMove';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf, gatewayItems, gatewayNodeOf, NO_GATEWAY_MESSAGE } from './gatewayPickers';
import { askSteps, clusterOfAnswer, clusterSteps, targetStep, type TargetAnswer } from './pickerSteps';
import { answered, type StepInput } from '../ui/multiStepInput';
import { runWithProgress } from './runWithProgress';
import { routeContextOf, routeWrite } from '../mesh/owners/ownerRoute';
import { anywayWarning, offerOwnerWay } from './ownerWay';

interface MoveAnswers extends TargetAnswer {
  gateway?: GatewayInfo;
}

/**
 * In-place gateway upgrade (istio-model.md M9.3): set `istio.io/rev` on the gateway's pod template; the template change
 * rolls its pods. Palette: cluster → gateway → target, with Back; from a gateway node only the target is asked.
 */
export async function moveGateway(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[]): Promise<void> {
  const gn = gatewayNodeOf(node, nodes);
  const state: MoveAnswers = { context: gn?.context ?? clusterOf(node) };
  const askCluster = clusterSteps(ctx, state, 'Move a gateway to a revision: which cluster?');
  if (!askCluster) return;
  const gatewaysOf = (s: MoveAnswers): GatewayInfo[] => {
    const c = clusterOfAnswer(ctx, s);
    return findGateways(c.inventory, c.snapshot);
  };
  if (gn && state.context) state.gateway = gatewaysOf(state).find((x) => x.namespace === gn.gateway.namespace && x.name === gn.gateway.name);
  if (gn && !state.gateway) return;
  const answers = await askSteps('Move a gateway', [
    ...askCluster,
    ...(gn ? [] : [{
      run: async (input: StepInput, s: MoveAnswers) => {
        const items = gatewayItems(gatewaysOf(s));
        if (items.length === 0) {
          void vscode.window.showInformationMessage(NO_GATEWAY_MESSAGE);
          return 'cancel' as const;
        }
        return answered(await input.pick({ title: `Move a gateway of ${s.context}`, placeholder: 'Gateway Deployment', items, matchOnDescription: true, isChosen: (i) => i.gateway.name === s.gateway?.name && i.gateway.namespace === s.gateway?.namespace }),
          (v) => { s.gateway = v.gateway; });
      },
    }]),
    targetStep<MoveAnswers>(ctx, (s) => `Move gateway ${s.gateway?.namespace}/${s.gateway?.name} to…`, (s) => new Set(s.gateway?.templateRevision ? [s.gateway.templateRevision] : [])),
  ], state);
  if (!answers?.context || !answers.gateway || !answers.target) return;
  const { context, gateway: g, target } = answers;
  const cluster = loadedCluster(ctx, context);
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
