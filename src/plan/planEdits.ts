/** Text edits the quick fixes make, computed on the plan text (pure). */
import type { PlanEdit, PlanFix, Span } from './planTypes';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const n = text.indexOf('\n', offset);
  return n < 0 ? text.length : n + 1;
}

/** The spaces before the first non-space character of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ ]*/.exec(text.slice(start))?.[0] ?? '';
}

/** Removes one item of a list: its whole `- item` line in a block list, the item and one comma in a flow list. */
export function removeListItem(text: string, item: Span): PlanEdit {
  const start = lineStart(text, item.start);
  const before = text.slice(start, item.start);
  if (/^\s*-\s*$/.test(before) && /^\s*(#.*)?$/.test(text.slice(item.end, lineEnd(text, item.end)).replace(/\n$/, ''))) {
    return { span: { start, end: lineEnd(text, item.end) }, text: '' };
  }
  const quoteAfter = /^["']/.test(text.slice(item.end)) ? 1 : 0;
  const quoteBefore = /["']$/.test(text.slice(0, item.start)) ? 1 : 0;
  const s = item.start - quoteBefore;
  const e = item.end + quoteAfter;
  const after = /^\s*,\s*/.exec(text.slice(e));
  if (after) return { span: { start: s, end: e + after[0].length }, text: '' };
  const prev = /,\s*$/.exec(text.slice(0, s));
  return { span: { start: prev ? s - prev[0].length : s, end: e }, text: '' };
}

/** Inserts a step (YAML lines for its body, indented under `- kind:`) before the step that starts at `stepStart`. */
export function insertStepBefore(text: string, stepStart: number, kind: string, body: string[]): PlanEdit {
  const start = lineStart(text, stepStart);
  const indent = indentAt(text, stepStart);
  const lines = [`${indent}- ${kind}:`, ...body.map((l) => `${indent}    ${l}`)];
  return { span: { start, end: start }, text: `${lines.join('\n')}\n` };
}

export function fix(title: string, ...edits: PlanEdit[]): PlanFix {
  return { title, edits };
}
