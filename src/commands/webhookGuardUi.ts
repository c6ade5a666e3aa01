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


export function showWebhookReport(ctx: CommandContext, context: string, title: string, report: WebhookGuardReport): void {
  if (report.problem) ctx.log.warn(`[${context}] ${title}: ${report.problem}`);
  for (const h of report.brokenAfter) ctx.log.warn(`[${context}] ${title}: ${brokenText(h)}`);
  const caused = report.brokenByChange;
  const already = report.brokenAfter.filter((h) => !caused.includes(h));
  if (!caused.length && !already.length) return;
  const repoint = vscode.l10n.t('Repoint Validator');
  const precheck = vscode.l10n.t('Precheck Cluster');
  const actions = [...(report.fix ? [repoint] : []), precheck];
  const broken = caused.map(brokenText).join(' ');
  const text = caused.length
    ? caused.length === 1
      ? vscode.l10n.t('{0} left an Istio webhook calling nothing ready: {1}', title, broken)
      : vscode.l10n.t('{0} left {1} Istio webhooks calling nothing ready: {2}', title, caused.length, broken)
    : vscode.l10n.t('Istio webhooks were already broken before {0}: {1}', title, already.map(brokenText).join(' '));
  const shown = caused.length ? vscode.window.showErrorMessage(text, ...actions) : vscode.window.showWarningMessage(text, ...actions);
  void shown.then((a) => {
    if (a === repoint && report.fix) void applyValidatorFix(ctx, context, report.fix);
    if (a === precheck) void vscode.commands.executeCommand('istioCanary.precheck');
  });
}

/** Runs `work` between two webhook health reads and reports what it finds. */
export async function withWebhookGuard<T>(ctx: CommandContext, cluster: LoadedCluster, title: string, work: () => Promise<T>, dryRun = false): Promise<T> {
  const { value, report } = await guardWebhooks(cluster.client, work, { dryRun });
  showWebhookReport(ctx, cluster.client.context, title, report);
  return value;
}
