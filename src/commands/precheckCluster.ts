import * as vscode from 'vscode';
import { runPrecheck } from '../mesh/precheck';
import { precheckMarkdown } from '../views/precheckMarkdown';
import type { TreeNode } from '../views/treeNode';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { clusterOf } from './nodeArgs';
import { pickCluster } from './pickers';
import { showMarkdown } from './showMarkdown';

/** Precheck Cluster: every finding of one cluster as a Markdown report, grouped by severity, with the fixes. */
export async function precheckCluster(ctx: CommandContext, node?: TreeNode): Promise<void> {
  const context = clusterOf(node) ?? (await pickCluster(ctx.fleet(), vscode.l10n.t('Precheck cluster')));
  if (!context) return;
  const cluster = loadedCluster(ctx, context);
  const findings = runPrecheck(cluster.inventory, cluster.snapshot);
  ctx.log.info(`[${context}] precheck: ${findings.length} finding(s)`);
  await showMarkdown(precheckMarkdown(context, findings));
}
