/**
 * Webhook health around a tag move or removal, a revision removal or a rollback (src/upgrade/webhookGuard.ts), in
 * VS Code: what the change broke is an error with the fix (Repoint Validator) when there is one; what was broken
 * already is a warning; both go to the log.
 */
import * as vscode from 'vscode';
import { brokenText } from '../mesh/webhookHealth';
import { guardWebhooks, type WebhookGuardReport } from '../upgrade/webhookGuard';
import type { CommandContext } from './commandContext';
import type { LoadedCluster } from './clusterAccess';
import { applyValidatorFix } from './repointValidator';

const REPOINT = 'Repoint Validator';

export function showWebhookReport(ctx: CommandContext, context: string, title: string, report: WebhookGuardReport): void {
  if (report.problem) ctx.log.warn(`[${context}] ${title}: ${report.problem}`);
  for (const h of report.brokenAfter) ctx.log.warn(`[${context}] ${title}: ${brokenText(h)}`);
  const caused = report.brokenByChange;
  const already = report.brokenAfter.filter((h) => !caused.includes(h));
  if (!caused.length && !already.length) return;
  const actions = [...(report.fix ? [REPOINT] : []), 'Precheck Cluster'];
  const text = caused.length
    ? `${title} left ${caused.length === 1 ? 'an Istio webhook' : `${caused.length} Istio webhooks`} calling nothing ready: ${caused.map(brokenText).join(' ')}`
    : `Istio webhooks were already broken before ${title}: ${already.map(brokenText).join(' ')}`;
  const shown = caused.length ? vscode.window.showErrorMessage(text, ...actions) : vscode.window.showWarningMessage(text, ...actions);
  void shown.then((a) => {
    if (a === REPOINT && report.fix) void applyValidatorFix(ctx, context, report.fix);
    if (a === 'Precheck Cluster') void vscode.commands.executeCommand('istioCanary.precheck');
  });
}

/** Runs `work` between two webhook health reads and reports what it finds. */
export async function withWebhookGuard<T>(ctx: CommandContext, cluster: LoadedCluster, title: string, work: () => Promise<T>, dryRun = false): Promise<T> {
  const { value, report } = await guardWebhooks(cluster.client, work, { dryRun });
  showWebhookReport(ctx, cluster.client.context, title, report);
  return value;
}
