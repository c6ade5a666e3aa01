import * as vscode from 'vscode';
import type { TreeNode } from '../views/treeNode';
import { findGateways, type GatewayInfo } from '../mesh/gateways';
import { planGatewayInPlace } from '../mesh/gatewayPlans';
import { runWorkloadMove } from '../upgrade/workloadMove';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf, gatewayItems, gatewayNodeOf, noGatewayMessage } from './gatewayPickers';
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
  const askCluster = clusterSteps(ctx, state, vscode.l10n.t('Move a gateway to a revision: which cluster?'));
  if (!askCluster) return;
  const gatewaysOf = (s: MoveAnswers): GatewayInfo[] => {
    const c = clusterOfAnswer(ctx, s);
    return findGateways(c.inventory, c.snapshot);
  };
  if (gn && state.context) state.gateway = gatewaysOf(state).find((x) => x.namespace === gn.gateway.namespace && x.name === gn.gateway.name);
  if (gn && !state.gateway) return;
  const answers = await askSteps(vscode.l10n.t('Move a gateway'), [
    ...askCluster,
    ...(gn ? [] : [{
      run: async (input: StepInput, s: MoveAnswers) => {
        const items = gatewayItems(gatewaysOf(s));
        if (items.length === 0) {
          void vscode.window.showInformationMessage(noGatewayMessage());
          return 'cancel' as const;
        }
        return answered(await input.pick({ title: vscode.l10n.t('Move a gateway of {0}', s.context ?? ''), placeholder: vscode.l10n.t('Gateway Deployment'), items, matchOnDescription: true, isChosen: (i) => i.gateway.name === s.gateway?.name && i.gateway.namespace === s.gateway?.namespace }),
          (v) => { s.gateway = v.gateway; });
      },
    }]),
    targetStep<MoveAnswers>(ctx, (s) => vscode.l10n.t('Move gateway {0} to…', `${s.gateway?.namespace}/${s.gateway?.name}`), (s) => new Set(s.gateway?.templateRevision ? [s.gateway.templateRevision] : [])),
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
