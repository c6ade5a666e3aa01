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
      new vscode.CodeLens(top, { title: `${done} of ${a.plan.steps.length} steps done`, command: '' }),
      new vscode.CodeLens(top, { title: '$(file-text) Export Report', command: 'istioCanary.exportPlanReport', arguments: [uri] }),
    );
    for (const step of a.plan.steps) {
      const range = rangeOf(doc, step.keySpan);
      const state = a.steps.get(step.index) ?? { kind: 'not started' };
      const title = stepTitle(step);
      const running = state.kind === 'running';
      lenses.push(new vscode.CodeLens(range, { title: stateText(state), command: '', tooltip: `Step ${step.index}: ${title}` }));
      if (!running) {
        lenses.push(
          new vscode.CodeLens(range, { title: '▶ Dry Run', command: 'istioCanary.planDryRunStep', arguments: [{ uri, step: step.index }], tooltip: `Dry run of step ${step.index} (server-side dryRun=All: nothing changes)` }),
          new vscode.CodeLens(range, { title: state.kind === 'interrupted' || state.kind === 'failed' ? '▶ Resume' : '▶ Run', command: 'istioCanary.planRunStep', arguments: [{ uri, step: step.index }], tooltip: `Run step ${step.index}: ${title}` }),
        );
        if (UNDOABLE.has(state.kind)) lenses.push(new vscode.CodeLens(range, { title: '↶ Roll Back', command: 'istioCanary.planRollBackStep', arguments: [{ uri, step: step.index }], tooltip: `Undo what step ${step.index} did` }));
      }
    }
    return lenses;
  }
}
