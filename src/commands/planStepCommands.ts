/**
 * The plan CodeLens commands: ▶ Dry Run, ▶ Run (resumes an interrupted step) and ↶ Roll Back of one step — thin:
 * check the step may run, connect its context, confirm, run it with progress in the engine, report.
 */
import * as vscode from 'vscode';
import { stepTitle } from '../plan/planIdentity';
import { planFileOf, stepOf } from '../planRun/planFile';
import { runPlanStep, type StepResult } from '../planRun/planRunner';
import { rollbackPlanStep, runsToUndo } from '../planRun/stepRollback';
import { analyzePlan } from '../language/planAnalysis';
import { errorMessage } from '../upgrade/upgradeErrors';
import type { CommandContext } from './commandContext';
import { loadedCluster } from './clusterAccess';
import { showMarkdown } from './showMarkdown';
import { setUpGate } from './trafficGateUi';
import { mdText } from '../mesh/markdownText';

export type StepMode = 'run' | 'dryRun' | 'rollback';

export interface StepArgs {
  uri: string;
  step: number;
}

/** The CodeLens's argument: `{ uri, step }`. */
export function stepArgs(arg: unknown): StepArgs | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const { uri, step } = arg as Record<string, unknown>;
  return typeof uri === 'string' && typeof step === 'number' && Number.isInteger(step) ? { uri, step } : undefined;
}

async function ensureConnected(ctx: CommandContext, context: string): Promise<void> {
  const state = ctx.fleet().cluster(context);
  if (!state) throw new Error(vscode.l10n.t('context {0} is not in the kubeconfig: fix spec.context', context));
  if (state.status === 'idle') await ctx.connectCluster(context);
}

function report(ctx: CommandContext, mode: StepMode, r: StepResult, title: string, context: string): void {
  for (const d of r.details) ctx.log.info(`[${context}] step ${r.step}: ${d}`);
  const what = mode === 'rollback' ? vscode.l10n.t('Roll back of step {0} ({1})', r.step, title)
    : mode === 'dryRun' ? vscode.l10n.t('Dry run of step {0} ({1})', r.step, title) : vscode.l10n.t('Step {0} ({1})', r.step, title);
  const text = `${what}: ${r.status}${r.summary ? ` — ${r.summary}` : ''}${r.error ? `: ${r.error}` : ''}`;
  ctx.log.info(`[${context}] ${text}`);
  if (mode === 'dryRun') {
    void showMarkdown([`# ${vscode.l10n.t('Dry run of step {0}: {1}', r.step, mdText(title))}`, '', mdText(r.summary), '', ...r.details.map((d) => `- ${mdText(d)}`)].join('\n'));
  }
  const ok = r.status === 'completed' || r.status === 'dry run';
  const showJournal = vscode.l10n.t('Show Journal');
  const showLog = vscode.l10n.t('Show Log');
  void (ok ? vscode.window.showInformationMessage(text, showJournal) : vscode.window.showErrorMessage(text, showJournal, showLog)).then((a) => {
    if (a === showJournal) void vscode.commands.executeCommand('istioCanary.showJournal');
    if (a === showLog) ctx.log.show();
  });
}

export async function planStepCommand(ctx: CommandContext, args: StepArgs | undefined, mode: StepMode, onRan: () => void): Promise<void> {
  if (!args) throw new Error(vscode.l10n.t('run this from the CodeLens above a step of an upgrade plan'));
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
  // The journal ties a run to the file and to what the step says: run what is on disk.
  if (mode !== 'dryRun' && doc.isDirty && !(await doc.save())) throw new Error(vscode.l10n.t('the plan could not be saved: save it, then run the step'));
  const file = planFileOf(doc.uri.fsPath, doc.getText());
  const step = stepOf(file, args.step);
  const title = stepTitle(step);
  const blocking = analyzePlan(ctx, doc).problems.filter((p) => p.severity === 'error' && (p.step === undefined || p.step === step.index));
  if (blocking.length && mode !== 'rollback') {
    const more = blocking.length > 1 ? ` ${vscode.l10n.t('(and {0} more)', blocking.length - 1)}` : '';
    const a = await vscode.window.showErrorMessage(vscode.l10n.t('Step {0} ({1}) cannot run: {2}', step.index, title, `${blocking[0].message}${more}`), vscode.l10n.t('Show Problems'));
    if (a) void vscode.commands.executeCommand('workbench.actions.view.problems');
    return;
  }
  if (step.kind === 'install' && mode === 'run' && !vscode.workspace.isTrusted) {
    throw new Error(vscode.l10n.t('an install step runs istioctl, helm or kubectl: trust this workspace first, or run the command yourself'));
  }
  const context = file.plan.context;
  await ensureConnected(ctx, context);
  const cluster = loadedCluster(ctx, context);
  if (mode === 'rollback' && runsToUndo({ client: cluster.client, journal: ctx.journal }, file, step.index).length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Step {0} ({1}) made no change that is still to undo.', step.index, title));
    return;
  }
  if (mode !== 'dryRun') {
    const go = mode === 'run' ? vscode.l10n.t('Run') : vscode.l10n.t('Roll Back');
    const dryRunButton = vscode.l10n.t('Dry Run');
    const detail = mode === 'run'
      ? vscode.l10n.t('Cluster {0}. Every write is journaled; the step can be rolled back from its CodeLens.', context)
      : vscode.l10n.t('Cluster {0}. Every change the step made is undone from the journal, newest first.', context);
    const question = mode === 'run' ? vscode.l10n.t('Run step {0}: {1}?', step.index, title) : vscode.l10n.t('Roll Back step {0}: {1}?', step.index, title);
    const choice = await vscode.window.showWarningMessage(question, { modal: true, detail }, go, ...(mode === 'run' ? [dryRunButton] : []));
    if (!choice) return;
    if (choice === dryRunButton) mode = 'dryRun';
  }
  const progressTitle = mode === 'rollback' ? vscode.l10n.t('Rolling back step {0}: {1}', step.index, title)
    : mode === 'dryRun' ? vscode.l10n.t('Dry run of step {0}: {1}', step.index, title) : vscode.l10n.t('Running step {0}: {1}', step.index, title);
  const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: progressTitle, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    const o = {
      dryRun: mode === 'dryRun', signal: abort.signal, rolloutTimeoutMs: ctx.settings().rolloutTimeoutMs, syncz: ctx.settings().verifyWithSyncz,
      trafficGate: async (soakSeconds?: number) => {
        const gate = ctx.settings().gate;
        const setup = await setUpGate(cluster.client, { ...gate, soakSeconds: soakSeconds ?? gate.soakSeconds });
        return setup.gate ?? setup.preview.off ?? 'no Prometheus was found';
      },
      onProgress: (m: string) => {
        ctx.log.info(`[${context}] step ${step.index}: ${m}`);
        progress.report({ message: m });
        onRan();
      },
      onNotice: (m: string) => {
        ctx.log.warn(`[${context}] ${m}`);
        void vscode.window.showWarningMessage(`${context}: ${m}`);
      },
    };
    const deps = { client: cluster.client, journal: ctx.journal };
    try {
      return await (mode === 'rollback' ? rollbackPlanStep(deps, file, step.index, o) : runPlanStep(deps, file, step.index, o));
    } catch (e) {
      return { step: step.index, status: 'failed' as const, summary: '', error: errorMessage(e), runIds: [], verifications: [], details: [] };
    } finally {
      sub.dispose();
      onRan();
    }
  });
  report(ctx, mode, r, title, context);
}

/** The plan's context connected (the quick fix on "not connected"). */
export async function connectPlanContext(ctx: CommandContext, uri: unknown): Promise<void> {
  if (typeof uri !== 'string') return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const context = planFileOf(doc.uri.fsPath, doc.getText()).plan.context;
  await ensureConnected(ctx, context);
}
