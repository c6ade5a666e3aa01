/**
 * A CodeLens line per step: its state from the journal (done at, failed, running, not started) and ▶ Dry Run ·
 * ▶ Run · ↶ Roll Back; above the steps, how many are done and Export Report. Refreshed when the journal changes.
 */
import * as vscode from 'vscode';
import { stepTitle } from '../plan/planIdentity';
import { stateText, type StepState } from '../planRun/stepState';
import type { CommandContext } from '../commands/commandContext';
import { analyzePlan } from './planAnalysis';
import { rangeOf } from './planDocuments';

const UNDOABLE = new Set<StepState['kind']>(['done', 'failed', 'cancelled', 'interrupted', 'rollback failed']);

export class PlanCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly ctx: CommandContext) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const a = analyzePlan(this.ctx, doc);
    if (!a.plan) return [];
    const uri = doc.uri.toString();
    const lenses: vscode.CodeLens[] = [];
    const top = rangeOf(doc, a.plan.at.spec ?? { start: 0, end: 0 });
    const done = [...a.steps.values()].filter((s) => s.kind === 'done').length;
    lenses.push(
      new vscode.CodeLens(top, { title: vscode.l10n.t('{0} of {1} steps done', done, a.plan.steps.length), command: '' }),
      new vscode.CodeLens(top, { title: `$(file-text) ${vscode.l10n.t('Export Report')}`, command: 'istioCanary.exportPlanReport', arguments: [uri] }),
    );
    for (const step of a.plan.steps) {
      const range = rangeOf(doc, step.keySpan);
      const state = a.steps.get(step.index) ?? { kind: 'not started' };
      const title = stepTitle(step);
      const running = state.kind === 'running';
      lenses.push(new vscode.CodeLens(range, { title: stateText(state), command: '', tooltip: vscode.l10n.t('Step {0}: {1}', step.index, title) }));
      if (!running) {
        const args = [{ uri, step: step.index }];
        const resume = state.kind === 'interrupted' || state.kind === 'failed';
        lenses.push(
          new vscode.CodeLens(range, {
            title: `▶ ${vscode.l10n.t('Dry Run')}`, command: 'istioCanary.planDryRunStep', arguments: args,
            tooltip: vscode.l10n.t('Dry run of step {0} (server-side dryRun=All: nothing changes)', step.index),
          }),
          new vscode.CodeLens(range, {
            title: `▶ ${resume ? vscode.l10n.t('Resume') : vscode.l10n.t('Run')}`, command: 'istioCanary.planRunStep', arguments: args,
            tooltip: vscode.l10n.t('Run step {0}: {1}', step.index, title),
          }),
        );
        if (UNDOABLE.has(state.kind)) {
          lenses.push(new vscode.CodeLens(range, { title: `↶ ${vscode.l10n.t('Roll Back')}`, command: 'istioCanary.planRollBackStep', arguments: args, tooltip: vscode.l10n.t('Undo what step {0} did', step.index) }));
        }
      }
    }
    return lenses;
  }
}
