/** Which documents are upgrade plans: `*.istio-upgrade.yaml` (and .yml) plus the globs of `istioCanary.planFiles`. */
import * as vscode from 'vscode';

export const DEFAULT_PLAN_GLOBS: readonly string[] = ['**/*.istio-upgrade.yaml', '**/*.istio-upgrade.yml'];

export function planGlobs(): string[] {
  const extra = vscode.workspace.getConfiguration('istioCanary').get<unknown>('planFiles');
  const globs = Array.isArray(extra) ? extra.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  return [...new Set([...DEFAULT_PLAN_GLOBS, ...globs])];
}

export function planSelector(globs: readonly string[] = planGlobs()): vscode.DocumentFilter[] {
  return globs.flatMap((pattern) => [{ scheme: 'file', pattern }, { scheme: 'untitled', pattern }]);
}

export function isPlanDocument(doc: vscode.TextDocument, globs: readonly string[] = planGlobs()): boolean {
  return vscode.languages.match(planSelector(globs), doc) > 0;
}

/** Offsets ↔ editor ranges. */
export function rangeOf(doc: vscode.TextDocument, span: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(span.start), doc.positionAt(Math.max(span.start, span.end)));
}
