/**
 * The plan file editor features — diagnostics, CodeLenses, completion, hovers, quick fixes — registered for the
 * plan globs (re-registered when `istioCanary.planFiles` changes), and kept current as documents change, the
 * cluster changes and the journal changes.
 */
import * as vscode from 'vscode';
import type { CommandContext } from '../commands/commandContext';
import type { JournalWatcher } from '../host/journalWatcher';
import { PlanCodeActions } from './planCodeActions';
import { PlanCodeLenses } from './planCodeLens';
import { PlanDiagnostics } from './planDiagnostics';
import { isPlanDocument, planSelector } from './planDocuments';
import { PlanCompletions, PlanHovers } from './planEditorProviders';
import { parsePlan } from '../plan/planParse';

export interface PlanLanguage extends vscode.Disposable {
  /** After a run of this window: states and checks again. */
  refresh(): void;
}

function planContext(doc: vscode.TextDocument): string | undefined {
  return parsePlan(doc.getText()).plan?.context;
}

export function registerPlanLanguage(ctx: CommandContext, journal: JournalWatcher): PlanLanguage {
  const diagnostics = new PlanDiagnostics(ctx);
  const lenses = new PlanCodeLenses(ctx);
  let providers: vscode.Disposable[] = [];
  const register = (): void => {
    for (const p of providers) p.dispose();
    const selector = planSelector();
    providers = [
      vscode.languages.registerCodeLensProvider(selector, lenses),
      vscode.languages.registerCompletionItemProvider(selector, new PlanCompletions(ctx), ':', ' ', '-', '[', ','),
      vscode.languages.registerHoverProvider(selector, new PlanHovers(ctx)),
      vscode.languages.registerCodeActionsProvider(selector, new PlanCodeActions(diagnostics), { providedCodeActionKinds: PlanCodeActions.kinds }),
    ];
  };
  register();
  const refresh = (): void => {
    diagnostics.updateAll();
    lenses.refresh();
  };
  const anyPlanOpen = (): boolean => vscode.workspace.textDocuments.some((d) => isPlanDocument(d));
  const subs: vscode.Disposable[] = [
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (!isPlanDocument(d)) return;
      journal.start();
      diagnostics.update(d);
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (isPlanDocument(e.document)) diagnostics.update(e.document, 300);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.forget(d.uri)),
    ctx.onDidChangeClusters((contexts) => {
      const changed = new Set(contexts);
      for (const d of vscode.workspace.textDocuments) {
        const c = isPlanDocument(d) ? planContext(d) : undefined;
        if (c !== undefined && (changed.has(c) || changed.size === 0)) diagnostics.update(d, 200);
      }
      if (anyPlanOpen()) lenses.refresh();
    }),
    journal.onDidChange(() => {
      if (anyPlanOpen()) refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('istioCanary.planFiles')) return;
      register();
      refresh();
    }),
  ];
  if (anyPlanOpen()) journal.start();
  diagnostics.updateAll();
  return {
    refresh,
    dispose: () => {
      for (const d of [...providers, ...subs, diagnostics]) d.dispose();
    },
  };
}
