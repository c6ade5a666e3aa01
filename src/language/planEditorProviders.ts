/** Completion and hovers for plan files: the pure src/plan functions, fed with the loaded cluster. */
import * as vscode from 'vscode';
import { planCompletions, type CompletionEntry } from '../plan/planCompletion';
import { cursorContext } from '../plan/planCursor';
import { planHover } from '../plan/planHover';
import { stateText } from '../planRun/stepState';
import { waveNamespaces } from '../plan/waveNamespaces';
import type { CommandContext } from '../commands/commandContext';
import { analyzePlan } from './planAnalysis';
import { rangeOf } from './planDocuments';

const KIND: Record<CompletionEntry['kind'], vscode.CompletionItemKind> = {
  field: vscode.CompletionItemKind.Property, step: vscode.CompletionItemKind.Module, value: vscode.CompletionItemKind.Value,
};

export class PlanCompletions implements vscode.CompletionItemProvider {
  constructor(private readonly ctx: CommandContext) {}

  provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
    const text = doc.getText();
    const c = cursorContext(text, doc.offsetAt(position));
    const a = analyzePlan(this.ctx, doc);
    const inWaves = new Set((a.plan?.steps ?? []).flatMap((s) => (s.kind === 'wave' && a.model ? waveNamespaces(s, a.model.snapshot.namespaces) : [])));
    const entries = planCompletions(c, {
      contexts: this.ctx.fleet().clusters().map((x) => x.context), snapshot: a.model?.snapshot, gateways: a.model?.gateways, from: a.plan?.from, inWaves,
    });
    const range = rangeOf(doc, c.span);
    return entries.map((e) => {
      const item = new vscode.CompletionItem(e.label, KIND[e.kind]);
      item.insertText = e.insertText;
      item.range = range;
      item.sortText = String(Math.round(e.rank * 1000)).padStart(9, '0');
      if (e.detail) item.detail = e.detail;
      if (e.documentation) item.documentation = new vscode.MarkdownString(e.documentation);
      return item;
    });
  }
}

export class PlanHovers implements vscode.HoverProvider {
  constructor(private readonly ctx: CommandContext) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const a = analyzePlan(this.ctx, doc);
    const offset = doc.offsetAt(position);
    const h = planHover(a.text, offset, { snapshot: a.model?.snapshot, gateways: a.model?.gateways });
    if (!h) return undefined;
    const step = a.plan?.steps.find((s) => s.keySpan.start <= offset && offset <= s.keySpan.end);
    const state = step ? a.steps.get(step.index) : undefined;
    const md = new vscode.MarkdownString(`${h.markdown}${state ? `\n\n---\n\nStep ${step?.index}: ${stateText(state)}` : ''}`);
    return new vscode.Hover(md, rangeOf(doc, h.span));
  }
}
