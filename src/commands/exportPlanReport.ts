/** Export Report: the plan's Markdown report (every step, write and verification) written next to it and previewed. */
import * as vscode from 'vscode';
import { planHash } from '../plan/planIdentity';
import { planFileOf } from '../planRun/planFile';
import { planReport } from '../views/planReport';
import type { CommandContext } from './commandContext';

/** upgrade.istio-upgrade.yaml → upgrade.istio-upgrade.report.md */
export function reportPathOf(planPath: string): string {
  return `${planPath.replace(/\.ya?ml$/i, '')}.report.md`;
}

export async function exportPlanReport(ctx: CommandContext, uri?: unknown): Promise<void> {
  const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : vscode.window.activeTextEditor?.document.uri;
  if (!target) throw new Error(vscode.l10n.t('open an upgrade plan first'));
  const doc = await vscode.workspace.openTextDocument(target);
  const file = planFileOf(doc.uri.fsPath, doc.getText());
  const markdown = planReport({ path: file.path, hash: planHash(file.text), plan: file.plan, runs: ctx.journal.runs(), writes: (id) => ctx.journal.writes(id) });
  const out = doc.uri.scheme === 'file' ? vscode.Uri.file(reportPathOf(doc.uri.fsPath)) : undefined;
  if (!out) throw new Error(vscode.l10n.t('save the plan first: the report is written next to it'));
  await vscode.workspace.fs.writeFile(out, Buffer.from(markdown, 'utf8'));
  ctx.log.info(`plan report written to ${out.fsPath}`);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', out);
  } catch {
    await vscode.window.showTextDocument(out, { preview: true });
  }
}
