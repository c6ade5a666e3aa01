/** Quick fixes: the edits the checks propose (did-you-mean names, remove a namespace, add a wave), and Connect. */
import * as vscode from 'vscode';
import type { PlanDiagnostics } from './planDiagnostics';
import { rangeOf } from './planDocuments';
import { parsePlan } from '../plan/planParse';

export class PlanCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: PlanDiagnostics) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    for (const p of this.diagnostics.problemsOf(doc)) {
      const at = rangeOf(doc, p.span);
      if (!at.intersection(range) && !at.contains(range)) continue;
      const diag = context.diagnostics.find((d) => d.code === p.code && d.range.isEqual(at));
      for (const f of p.fixes ?? []) {
        const action = new vscode.CodeAction(f.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const e of f.edits) action.edit.replace(doc.uri, rangeOf(doc, e.span), e.text);
        if (diag) action.diagnostics = [diag];
        out.push(action);
      }
      if (p.code === 'not-checked' && / is not connected/.test(p.message)) {
        const context = parsePlan(doc.getText()).plan?.context;
        if (context) {
          const action = new vscode.CodeAction(vscode.l10n.t('Connect {0}', context), vscode.CodeActionKind.QuickFix);
          action.command = { command: 'istioCanary.planConnect', title: vscode.l10n.t('Connect {0}', context), arguments: [doc.uri.toString()] };
          out.push(action);
        }
      }
    }
    return out;
  }
}
