/** Squiggles where the plan and the cluster disagree: re-checked as the plan is typed, the cluster changes or a step runs. */
import * as vscode from 'vscode';
import type { PlanProblem } from '../plan/planTypes';
import type { CommandContext } from '../commands/commandContext';
import { analyzePlan } from './planAnalysis';
import { isPlanDocument, rangeOf } from './planDocuments';

const SEVERITY: Record<PlanProblem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information,
};

export class PlanDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('istio-upgrade-plan');
  /** The problems behind each document's diagnostics, for the quick fixes. */
  private readonly problems = new Map<string, { version: number; problems: PlanProblem[] }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly ctx: CommandContext) {}

  /** Re-checks `doc` now (or after `delayMs`, for typing). */
  update(doc: vscode.TextDocument, delayMs = 0): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    const run = (): void => {
      this.timers.delete(key);
      if (doc.isClosed || !isPlanDocument(doc)) {
        this.forget(doc.uri);
        return;
      }
      const a = analyzePlan(this.ctx, doc);
      this.problems.set(key, { version: doc.version, problems: a.problems });
      this.collection.set(doc.uri, a.problems.map((p) => {
        const d = new vscode.Diagnostic(rangeOf(doc, p.span), p.message, SEVERITY[p.severity]);
        d.source = 'istio-canary';
        d.code = p.code;
        return d;
      }));
    };
    if (delayMs > 0) this.timers.set(key, setTimeout(run, delayMs));
    else run();
  }

  updateAll(): void {
    for (const doc of vscode.workspace.textDocuments) if (isPlanDocument(doc)) this.update(doc);
  }

  problemsOf(doc: vscode.TextDocument): PlanProblem[] {
    const p = this.problems.get(doc.uri.toString());
    return p && p.version === doc.version ? p.problems : [];
  }

  forget(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.problems.delete(uri.toString());
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
  }
}
