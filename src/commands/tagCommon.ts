/** Shared by the tag commands: pick a tag or revision, read fresh objects, run tag writes with progress, offer undo. */
import * as vscode from 'vscode';
import { guardWebhooks } from '../upgrade/webhookGuard';
import { showWebhookReport } from './webhookGuardUi';
import type { ClusterInventory } from '../mesh/kubeObjects';
import type { MeshSnapshot } from '../mesh/model';
import type { TagWrite } from '../mesh/tagPlan';
import { routeContextOf, routeWrite, type OwnerRoute, type PlannedWrite } from '../mesh/owners/ownerRoute';
import { readInventory } from '../upgrade/inventoryReader';
import { applyTagWrites, rollbackTagRun, type TagOutcome } from '../upgrade/tagOps';
import type { CommandContext } from './commandContext';
import type { LoadedCluster } from './clusterAccess';
import { runWithProgress } from './runWithProgress';
import type { TreeNode } from '../views/treeNode';
import { TagNode } from '../views/tagNode';
import { loadedCluster } from './clusterAccess';
import { clusterOf } from './nodeArgs';
import { pickCluster } from './pickers';

export async function pickTag(snapshot: MeshSnapshot, title: string): Promise<string | undefined> {
  if (snapshot.tags.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no revision tags.', snapshot.context));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    snapshot.tags.map((t) => ({ label: `$(tag) ${t.name}`, description: `→ ${t.revision}`, value: t.name })),
    { title, placeHolder: vscode.l10n.t('Revision tag') },
  );
  return pick?.value;
}

export function revisionItems(snapshot: MeshSnapshot, exclude?: string): (vscode.QuickPickItem & { value: string })[] {
  return snapshot.revisions.filter((r) => r.name !== exclude).map((r) => ({
    label: `$(circle-large-filled) ${r.name}`,
    description: [
      r.version ?? vscode.l10n.t('version unknown'),
      ...(r.isDefault ? [vscode.l10n.t('default')] : []),
      ...(r.tags.length ? [vscode.l10n.t('tags {0}', r.tags.join(', '))] : []),
    ].join(' · '),
    detail: r.readyReplicas === 0 && !r.external ? vscode.l10n.t('⚠ istiod has no ready replica') : undefined,
    value: r.name,
  }));
}

export async function pickRevision(snapshot: MeshSnapshot, title: string, exclude?: string): Promise<string | undefined> {
  const items = revisionItems(snapshot, exclude);
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No other revision to point the tag at.'));
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Revision') });
  return pick?.value;
}

/**
 * Full control-plane objects (the tree's cache is trimmed): the tag plan copies webhooks and the journal keeps them
 * for undo; owners for the preview. Namespaces and pods come from the live cache.
 */
export function freshInventory(cluster: LoadedCluster): Promise<ClusterInventory> {
  return readInventory(cluster.client, { namespaces: [], owners: true, source: cluster.source });
}

/** The route of a write to an existing tag, from the live snapshot (owners as the tree shows them). */
export function tagRoute(cluster: LoadedCluster, write: Extract<PlannedWrite, { kind: 'move-tag' | 'remove-tag' }>): OwnerRoute {
  const tag = cluster.snapshot.tags.find((t) => t.name === write.tag);
  return routeWrite({ ...write, from: tag?.revision }, tag?.managedBy, routeContextOf(cluster.snapshot));
}

export interface TagRunRequest {
  title: string;
  writes: TagWrite[];
  dryRun: boolean;
  overwrite?: boolean;
  target: string;
  namespaces: string[];
}

export async function runTagWrites(ctx: CommandContext, cluster: LoadedCluster, req: TagRunRequest): Promise<TagOutcome> {
  const { value: outcome, report } = await runWithProgress(req.dryRun ? vscode.l10n.t('Dry run: {0}', req.title) : req.title, (signal) => guardWebhooks(cluster.client, () =>
    applyTagWrites(cluster.client, req.writes, {
      journal: ctx.journal, dryRun: req.dryRun, overwrite: req.overwrite, signal, target: req.target, namespaces: req.namespaces,
      onProgress: (m) => ctx.log.info(`[${cluster.client.context}] tag ${req.target}: ${m}`),
    }), { dryRun: req.dryRun, signal }));
  showWebhookReport(ctx, cluster.client.context, req.title, report);
  ctx.log.info(`[${cluster.client.context}] ${req.title}: ${outcome.status}${outcome.error ? ` — ${outcome.error}` : ''}${outcome.runId ? ` (run ${outcome.runId})` : ''}`);
  if (outcome.status === 'failed' || outcome.status === 'cancelled') {
    const undo = vscode.l10n.t('Undo');
    const showJournal = vscode.l10n.t('Show Journal');
    const actions = outcome.runId ? [undo, showJournal] : [];
    const message = outcome.status === 'failed'
      ? vscode.l10n.t('{0} failed: {1}', req.title, outcome.error ?? '')
      : vscode.l10n.t('{0} cancelled: {1}', req.title, outcome.error ?? '');
    void vscode.window.showErrorMessage(message, ...actions).then((a) => {
      if (a === undo && outcome.runId) void undoTagRun(ctx, cluster, outcome.runId);
      if (a === showJournal) void vscode.commands.executeCommand('istioCanary.showJournal');
    });
  }
  return outcome;
}

export async function undoTagRun(ctx: CommandContext, cluster: LoadedCluster, runId: string): Promise<void> {
  const { value: outcome, report } = await runWithProgress(vscode.l10n.t('Undo tag change'), (signal) => guardWebhooks(cluster.client, () => rollbackTagRun(cluster.client, ctx.journal, runId, { signal }), { signal }));
  showWebhookReport(ctx, cluster.client.context, vscode.l10n.t('the undo'), report);
  const summary = outcome.status === 'completed'
    ? vscode.l10n.t('Undone: {0}. Pods restarted since the change keep their proxies until they restart again.', outcome.results.map((r) => r.write.summary).join('; '))
    : vscode.l10n.t('Undo {0}: {1}', outcome.status, outcome.error ?? '');
  ctx.log.info(`[${cluster.client.context}] ${summary}`);
  if (outcome.status === 'completed') void vscode.window.showInformationMessage(summary);
  else void vscode.window.showErrorMessage(summary);
}

export function dryRunSummary(outcome: TagOutcome): string {
  const writes = outcome.results.map((r) => vscode.l10n.t('{0} — would be {1}', r.write.summary, r.action)).join('; ');
  return vscode.l10n.t('Dry run (server-side): {0}.', writes || vscode.l10n.t('nothing to do'));
}

/** The cluster and tag a tag command acts on: the tag node it was started from, or quick picks. */
export async function resolveTagTarget(ctx: CommandContext, node: TreeNode | undefined, clusterTitle: string, tagTitle: string): Promise<{ context: string; cluster: LoadedCluster; tag: string } | undefined> {
  const context = (node instanceof TagNode ? node.context : clusterOf(node)) ?? (await pickCluster(ctx.fleet(), clusterTitle));
  if (!context) return undefined;
  const cluster = loadedCluster(ctx, context);
  const tag = node instanceof TagNode ? node.tag.name : await pickTag(cluster.snapshot, tagTitle);
  return tag ? { context, cluster, tag } : undefined;
}
