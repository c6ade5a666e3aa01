import * as vscode from 'vscode';
import type { TreeNode } from '../views/treeNode';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { findGateways, gatewayRevisionText, type GatewayInfo } from '../mesh/gateways';
import type { GatewaySwitchPlan } from '../mesh/gatewayPlans';
import { planGatewaySwitch } from '../mesh/gatewayPlans';
import type { KService } from '../mesh/kubeObjects';
import { readGatewayInventory } from '../upgrade/gatewayInventory';
import { runGatewaySwitch, runSwitchBack } from '../upgrade/gatewayRuns';
import { errorMessage } from '../upgrade/upgradeErrors';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf, gatewayItems, gatewayNodeOf, noGatewayMessage, noServiceMessage, serviceItems } from './gatewayPickers';
import { askSteps, clusterSteps, type ClusterAnswer } from './pickerSteps';
import { answered, type StepInput } from '../ui/multiStepInput';
import { runWithProgress } from './runWithProgress';
import { showMarkdown } from './showMarkdown';
import { mdCode, mdCodeBlock, mdText } from '../mesh/markdownText';
import { routeContextOf, routeWrite, type OwnerRoute } from '../mesh/owners/ownerRoute';
import { ownerCell, ownerRouteMarkdown } from '../views/ownerRouteMarkdown';
import { anywayWarning, offerOwnerWay } from './ownerWay';

function previewMarkdown(p: GatewaySwitchPlan, route: OwnerRoute): string {
  const row = (g: GatewayInfo): string => `| ${mdText(g.name)} | ${mdText(gatewayRevisionText(g))} | ${mdText(g.proxyVersions.join(', ') || '-')} | ${g.readyReplicas}/${g.replicas} |`;
  return [
    `# ${vscode.l10n.t('Switch {0} to {1} ({2})', mdText(`${p.service.namespace}/${p.service.name}`), mdText(p.to.name), mdText(p.context))}`,
    '',
    `| | ${vscode.l10n.t('Gateway')} | ${vscode.l10n.t('Revision')} | ${vscode.l10n.t('Proxies')} | ${vscode.l10n.t('Ready')} |`, '|---|---|---|---|---|',
    `| ${vscode.l10n.t('from')} ${row(p.from)}`, `| ${vscode.l10n.t('to')} ${row(p.to)}`,
    '',
    `## ${vscode.l10n.t('Selector change')}`,
    ...Object.entries(p.changes).map(([k, [a, b]]) => `- ${mdCode(k)}: ${mdCode(a ?? vscode.l10n.t('(none)'))} → ${mdCode(b)}`),
    '',
    vscode.l10n.t('Service owner: {0}', ownerCell(p.serviceOwner)),
    '',
    ...ownerRouteMarkdown(route, route.route === 'owner-native' ? vscode.l10n.t('The owner\'s way (instead of the selector change)') : vscode.l10n.t('Owner')),
    vscode.l10n.t('The old selector is journaled: **Switch Back** restores {0} at once.', mdCode(JSON.stringify(p.selectorBefore))),
    '',
    ...mdCodeBlock('sh', [p.kubectl]), '',
  ].join('\n');
}

interface SwitchAnswers extends ClusterAnswer {
  service?: KService;
  to?: GatewayInfo;
}

/**
 * From a gateway node: its Service and, when that gateway is not behind it yet, the gateway itself. Palette: cluster →
 * Service → gateway, with "step n of m" and Back; the gateways of a cluster are read once when its Service is asked.
 */
async function choose(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[]): Promise<{ context: string; service: KService; to: GatewayInfo } | undefined> {
  const gn = gatewayNodeOf(node, nodes);
  const state: SwitchAnswers = { context: gn?.context ?? clusterOf(node) };
  const askCluster = clusterSteps(ctx, state, vscode.l10n.t('Switch a gateway Service'));
  if (!askCluster) return undefined;
  const read = new Map<string, Promise<{ services: KService[]; gateways: GatewayInfo[]; started?: GatewayInfo }>>();
  const gatewaysOf = (context: string): Promise<{ services: KService[]; gateways: GatewayInfo[]; started?: GatewayInfo }> => {
    let found = read.get(context);
    if (!found) {
      found = (async () => {
        const { client, source } = loadedCluster(ctx, context);
        const inv = await readGatewayInventory(client, undefined, { source });
        const gateways = findGateways(inv, buildSnapshot(context, inv));
        const started = gn ? gateways.find((g) => g.namespace === gn.gateway.namespace && g.name === gn.gateway.name) : undefined;
        let services = inv.services;
        if (started?.services.length) services = services.filter((s) => s.metadata.namespace === started.namespace && started.services.includes(s.metadata.name));
        else if (started) services = services.filter((s) => s.metadata.namespace === started.namespace);
        return { services, gateways, started };
      })();
      read.set(context, found);
    }
    return found;
  };
  let startedAt: GatewayInfo | undefined;
  if (state.context) {
    const { services, started } = await gatewaysOf(state.context);
    startedAt = started;
    if (services.length === 1 && started?.services.length) state.service = services[0];
    if (state.service && started && !started.services.includes(state.service.metadata.name)) state.to = started;
  }
  const selects = (g: GatewayInfo, s: SwitchAnswers): boolean => !!s.service && g.services.includes(s.service.metadata.name);
  const answers = await askSteps(vscode.l10n.t('Switch a gateway Service'), [
    ...askCluster,
    ...(state.service ? [] : [{
      run: async (input: StepInput, s: SwitchAnswers) => {
        const { services, gateways } = await gatewaysOf(s.context ?? '');
        const items = serviceItems(services, gateways);
        if (items.length === 0) {
          void vscode.window.showInformationMessage(noServiceMessage());
          return 'cancel' as const;
        }
        return answered(await input.pick({ title: vscode.l10n.t('Switch which Service in {0}?', s.context ?? ''), placeholder: vscode.l10n.t('Service in front of the gateways'), items, isChosen: (i) => i.service === s.service }),
          (v) => { s.service = v.service; });
      },
    }]),
    ...(state.to ? [] : [{
      // From a gateway node that its Service does not select yet: that gateway is the answer, not a question.
      when: (s: SwitchAnswers) => !(startedAt && !selects(startedAt, s)),
      run: async (input: StepInput, s: SwitchAnswers) => {
        const { gateways } = await gatewaysOf(s.context ?? '');
        const items = gatewayItems(gateways, (g) => g.namespace === s.service?.metadata.namespace && !selects(g, s));
        if (items.length === 0) {
          void vscode.window.showInformationMessage(noGatewayMessage());
          return 'cancel' as const;
        }
        return answered(await input.pick({ title: vscode.l10n.t('Point {0} at…', s.service?.metadata.name ?? ''), placeholder: vscode.l10n.t('Gateway Deployment'), items, matchOnDescription: true, isChosen: (i) => i.gateway === s.to }),
          (v) => { s.to = v.gateway; });
      },
    }]),
  ], state);
  if (answers && !answers.to && startedAt && !selects(startedAt, answers)) answers.to = startedAt;
  return answers?.context && answers.service && answers.to ? { context: answers.context, service: answers.service, to: answers.to } : undefined;
}

/** Blue/green gateway switch: preview, modal confirm, one selector patch; the result offers Switch Back. */
export async function switchGatewayService(ctx: CommandContext, node?: TreeNode, nodes?: TreeNode[]): Promise<void> {
  const picked = await choose(ctx, node, nodes);
  if (!picked) return;
  const { context } = picked;
  const cluster = loadedCluster(ctx, context);
  const { client } = cluster;
  const inv = await readGatewayInventory(client, undefined, { owners: true, source: cluster.source });
  const snapshot = buildSnapshot(context, inv);
  const svcRef = { namespace: picked.service.metadata.namespace ?? '', name: picked.service.metadata.name };
  const planned = planGatewaySwitch(inv, snapshot, svcRef, picked.to);
  if (!planned.ok) {
    void vscode.window.showWarningMessage(planned.error, { modal: true });
    return;
  }
  const p = planned.plan;
  const route = routeWrite({ kind: 'gateway-switch', namespace: svcRef.namespace, service: svcRef.name, to: p.to.name, toRevision: p.to.revision }, p.serviceOwner, routeContextOf(snapshot));
  await showMarkdown(previewMarkdown(p, route));
  const native = route.route === 'owner-native' ? route : undefined;
  const service = `${svcRef.namespace}/${svcRef.name}`;
  if (native && (await offerOwnerWay(ctx, native, { title: vscode.l10n.t('Switch {0}', svcRef.name), subject: vscode.l10n.t('Service {0}', service), context, cluster, preview: false })) === 'handled') return;
  const detail = [...Object.entries(p.changes).map(([k, [a, b]]) => `${k}: ${a ?? vscode.l10n.t('(none)')} → ${b}`), ...(native ? [anywayWarning(native)] : [])].join('\n');
  const switchButton = vscode.l10n.t('Switch');
  const ok = await vscode.window.showWarningMessage(vscode.l10n.t('Send {0} traffic from {1} to {2}?', service, p.from.name, p.to.name), { modal: true, detail }, switchButton);
  if (ok !== switchButton) return;
  const res = await runWithProgress(vscode.l10n.t('Switch {0} to {1}', svcRef.name, p.to.name), (signal, _onProgress, onNotice) => runGatewaySwitch(client, p, { journal: ctx.journal, signal, onNotice }));
  for (const warning of res.warnings) void vscode.window.showWarningMessage(`${context}: ${warning}`);
  const switchBack = vscode.l10n.t('Switch Back');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('{0} now sends traffic to {1} ({2}).', svcRef.name, p.to.name, p.to.revision ?? '?'), switchBack);
  if (choice === switchBack && res.runId) await switchGatewayBack(ctx, context, res.runId);
}

/** Restores the selector a switch run recorded, as a journaled run (also the Undo of a gateway switch run). */
export async function switchGatewayBack(ctx: CommandContext, context: string, runId: string): Promise<void> {
  const { client } = loadedCluster(ctx, context);
  try {
    const { change } = await runSwitchBack(client, ctx.journal, runId);
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} selects {1} again.', change.service.name, JSON.stringify(change.after)));
  } catch (e) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Switch back failed: {0}', errorMessage(e)));
  }
}
