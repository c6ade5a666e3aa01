/**
 * Create Upgrade Plan…: a plan file written from the cluster as it is (src/plan/planCreate.ts) — from a revision
 * node or the palette — saved in the workspace (or where the user says) and opened, to be reviewed and run step by step.
 */
import * as vscode from 'vscode';
import * as path from 'node:path';
import { createPlan } from '../plan/planCreate';
import { planYaml } from '../plan/planYaml';
import { readPlanModel } from '../planRun/planModel';
import { prometheusLocation } from '../kube/prometheus/prometheusDiscovery';
import { parsePrometheusUrl } from '../kube/prometheus/prometheusViaUrl';
import { isValidLabelValue } from '../mesh/labelValue';
import type { TreeNode } from '../views/treeNode';
import { RevisionNode } from '../views/revisionNode';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf } from './nodeArgs';
import { pickCluster } from './pickers';
import { countText } from '../views/countText';

async function pickFrom(ctx: CommandContext, context: string): Promise<string | undefined> {
  const s = loadedCluster(ctx, context).snapshot;
  const pick = await vscode.window.showQuickPick(s.revisions.map((r) => ({
    label: r.name,
    description: [
      r.version ?? vscode.l10n.t('version unknown'),
      countText(r.namespaceCount, (n) => vscode.l10n.t('{0} namespace', n), (n) => vscode.l10n.t('{0} namespaces', n)),
      ...(r.isDefault ? [vscode.l10n.t('default')] : []),
    ].join(' · '),
  })), { title: vscode.l10n.t('Upgrade plan for {0}: upgrade from which revision?', context) });
  return pick?.label;
}

async function pickTo(ctx: CommandContext, context: string, from: string): Promise<string | undefined> {
  const s = loadedCluster(ctx, context).snapshot;
  const items: (vscode.QuickPickItem & { value?: string })[] = [
    ...s.revisions.filter((r) => r.name !== from).map((r) => ({ label: r.name, description: vscode.l10n.t('revision · {0}', r.version ?? vscode.l10n.t('version unknown')), value: r.name })),
    ...s.tags.filter((t) => t.revision !== from).map((t) => ({ label: t.name, description: vscode.l10n.t('tag → {0}', t.revision), value: t.name })),
    { label: vscode.l10n.t('A revision not installed yet…'), description: vscode.l10n.t('the plan gets an install step') },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Upgrade {0} in {1} to…', from, context) });
  if (!pick) return undefined;
  if (pick.value) return pick.value;
  return vscode.window.showInputBox({
    title: vscode.l10n.t('The new revision'),
    prompt: vscode.l10n.t('Its name, e.g. 1-25-1 (the version with dashes: the plan infers 1.25.1)'),
    value: '',
    validateInput: (v) => (isValidLabelValue(v) && v !== '' && !s.revisions.some((r) => r.name === v) ? undefined : vscode.l10n.t('A revision name (a label value) that is not installed')),
  });
}

async function targetUri(name: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (folder?.uri.scheme === 'file') {
    for (let i = 1; i < 100; i++) {
      const uri = vscode.Uri.file(path.join(folder.uri.fsPath, `${name}${i > 1 ? `-${i}` : ''}.istio-upgrade.yaml`));
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        return uri;
      }
    }
  }
  return vscode.window.showSaveDialog({ title: vscode.l10n.t('Save the upgrade plan'), filters: { [vscode.l10n.t('Upgrade plan')]: ['istio-upgrade.yaml'] }, saveLabel: vscode.l10n.t('Save Plan') });
}

/** istioCanary.prometheusUrl as a plan may show it (no credentials); a malformed one gives no traffic gate. */
function shownUrl(url: string): string | undefined {
  try {
    return parsePrometheusUrl(url).where;
  } catch {
    return undefined;
  }
}

export async function createUpgradePlan(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const context = (node instanceof RevisionNode ? node.context : clusterOf(node)) ?? (await pickCluster(ctx.fleet(), vscode.l10n.t('Create an upgrade plan')));
  if (!context) return;
  const from = node instanceof RevisionNode ? node.placement.revision.name : await pickFrom(ctx, context);
  if (!from) return;
  const to = await pickTo(ctx, context, from);
  if (!to) return;
  const cluster = loadedCluster(ctx, context);
  const gate = ctx.settings().gate;
  // The waves get the traffic gate when Prometheus is there and the gate is not switched off.
  const where = (): Promise<string | undefined> => (gate.mode === 'off' ? Promise.resolve(undefined) : gate.prometheusUrl ? Promise.resolve(shownUrl(gate.prometheusUrl)) : prometheusLocation(cluster.client));
  const [model, prometheus] = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading {0}', context) },
    () => Promise.all([readPlanModel(cluster.client), where()]));
  const r = createPlan(model.snapshot, model.gateways, from, to, { now: new Date(), prometheus });
  if (!r.ok) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Cannot write a plan: {0}', r.error));
    return;
  }
  const uri = await targetUri(`upgrade-${from}-to-${to}`);
  if (!uri) return;
  await vscode.workspace.fs.writeFile(uri, Buffer.from(planYaml(r.plan), 'utf8'));
  ctx.log.info(`[${context}] upgrade plan written to ${uri.fsPath}`);
  await vscode.window.showTextDocument(uri);
}
