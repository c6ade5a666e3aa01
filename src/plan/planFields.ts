/**
 * Reading one mapping of a plan file against its field table (planFormat.ts): unknown fields, missing required
 * ones, and each value's type, every problem with the span it is about. Values come back as text, numbers or lists.
 */
import type { LabelSelector, LabelSelectorRequirement } from '../mesh/kubeObjects';
import { parseDuration } from './duration';
import { SELECTOR_FIELDS, WAVE_GATE_DOCS, type FieldDoc } from './planFormat';
import type { PlanFix, PlanProblem, ProblemSeverity, Span } from './planTypes';
import { isNull, keyText, type MapNode, type YNode } from './yamlTree';

export type FieldValue = string | number | string[] | LabelSelector;

export interface ReadFields {
  values: Record<string, FieldValue>;
  /** Where each value is (and `name.N` for list items). */
  at: Record<string, Span>;
}

/** Collects problems for one parse. */
export class ProblemSink {
  readonly problems: PlanProblem[] = [];

  add(severity: ProblemSeverity, code: string, message: string, span: Span, extra: { step?: number; fixes?: PlanFix[] } = {}): void {
    this.problems.push({ severity, code, message, span, ...(extra.step ? { step: extra.step } : {}), ...(extra.fixes?.length ? { fixes: extra.fixes } : {}) });
  }
}

/** Edit distance, for "did you mean" fixes on keys and enum values. */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

/** Known names closest to `value` (at most 3, within a third of its length), best first. */
export function closest(value: string, known: readonly string[]): string[] {
  const limit = Math.max(1, Math.ceil(value.length / 3));
  return known
    .map((k) => ({ k, d: distance(value, k) }))
    .filter((x) => x.d <= limit && x.k !== value)
    .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
    .slice(0, 3)
    .map((x) => x.k);
}

export function replaceFixes(span: Span, choices: readonly string[], what = 'Change to'): PlanFix[] {
  return choices.map((c) => ({ title: `${what} ${c}`, edits: [{ span, text: c }] }));
}

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;
const isOperator = (op: string): op is LabelSelectorRequirement['operator'] => (OPERATORS as readonly string[]).includes(op);

function scalarText(n: YNode): string | undefined {
  return n.kind === 'scalar' && !isNull(n) ? n.value : undefined;
}

function readSelector(n: YNode, sink: ProblemSink, step: number | undefined): LabelSelector | undefined {
  if (n.kind !== 'map') {
    sink.add('error', 'bad-value', 'selector must be a label selector: `matchLabels:` and/or `matchExpressions:`', n.span, { step });
    return undefined;
  }
  const selector: LabelSelector = {};
  for (const e of n.entries) {
    const key = keyText(e);
    if (key === 'matchLabels' && e.value.kind === 'map') {
      const labels: Record<string, string> = {};
      for (const l of e.value.entries) {
        const k = keyText(l);
        const v = scalarText(l.value);
        if (k === undefined || v === undefined) sink.add('error', 'bad-value', 'matchLabels maps label keys to values', l.key.span, { step });
        else labels[k] = v;
      }
      selector.matchLabels = labels;
    } else if (key === 'matchExpressions' && e.value.kind === 'seq') {
      const reqs: LabelSelectorRequirement[] = [];
      for (const item of e.value.items) {
        const req = item.kind === 'map' ? Object.fromEntries(item.entries.map((x) => [keyText(x) ?? '', x.value])) : {};
        const k = req.key && scalarText(req.key);
        const op = req.operator && scalarText(req.operator);
        const values = req.values?.kind === 'seq' ? req.values.items.map(scalarText).filter((v): v is string => v !== undefined) : undefined;
        if (!k || !op || !isOperator(op)) {
          sink.add('error', 'bad-value', 'a match expression needs `key`, `operator` (In, NotIn, Exists, DoesNotExist) and, for In/NotIn, `values`', item.span, { step });
          continue;
        }
        reqs.push({ key: k, operator: op, ...(values ? { values } : {}) });
      }
      selector.matchExpressions = reqs;
    } else {
      sink.add('error', 'unknown-field', `selector takes ${Object.keys(SELECTOR_FIELDS).join(' and ')}${key ? `, not ${key}` : ''}`, e.key.span, { step });
    }
  }
  return selector;
}

function readValue(name: string, doc: FieldDoc, n: YNode, sink: ProblemSink, step: number | undefined, at: Record<string, Span>): FieldValue | undefined {
  const bad = (message: string, fixes?: PlanFix[]): undefined => {
    sink.add('error', 'bad-value', `${name}: ${message}`, n.span, { step, fixes });
    return undefined;
  };
  switch (doc.type) {
    case 'string': {
      const t = scalarText(n);
      return t === undefined || t.trim() === '' ? bad('give it a value') : t;
    }
    case 'enum': {
      const t = scalarText(n);
      const values = doc.values ?? [];
      if (t !== undefined && values.includes(t)) return t;
      return bad(`must be one of ${values.join(', ')}`, replaceFixes(n.span, t === undefined ? values : closest(t, values).length ? closest(t, values) : values));
    }
    case 'integer': {
      const t = scalarText(n);
      const v = t !== undefined && /^\d+$/.test(t) ? Number(t) : NaN;
      if (!Number.isInteger(v) || (doc.min !== undefined && v < doc.min) || (doc.max !== undefined && v > doc.max)) return bad(`must be a whole number from ${doc.min ?? 0} to ${doc.max ?? '…'}`);
      return v;
    }
    case 'duration': {
      const t = scalarText(n);
      const ms = t === undefined ? undefined : parseDuration(t);
      return ms === undefined ? bad('must be a duration like 30s, 10m or 1h30m (at most 24h)') : ms;
    }
    case 'strings':
    case 'gates': {
      if (n.kind !== 'seq') return bad('must be a list, e.g. [a, b] or one `- item` per line');
      const out: string[] = [];
      n.items.forEach((item, i) => {
        const t = scalarText(item);
        if (t === undefined || t.trim() === '') {
          sink.add('error', 'bad-value', `${name}: item ${i + 1} is empty or not text`, item.span, { step });
          return;
        }
        at[`${name}.${i}`] = item.span;
        if (doc.type === 'gates' && !(t in WAVE_GATE_DOCS)) {
          const known = Object.keys(WAVE_GATE_DOCS);
          sink.add('error', 'unknown-gate', `gate ${t} does not exist (known: ${known.join(', ')})`, item.span, { step, fixes: replaceFixes(item.span, closest(t, known).length ? closest(t, known) : known) });
          return;
        }
        out.push(t);
      });
      return out;
    }
    case 'selector':
      return readSelector(n, sink, step);
  }
}

/** Reads a mapping (or an empty value) against `fields`; `where` names it in messages ("wave", "spec"). */
export function readFields(node: YNode | undefined, fields: Record<string, FieldDoc>, where: string, keySpan: Span, sink: ProblemSink, step?: number, skip: ReadonlySet<string> = new Set()): ReadFields {
  const values: Record<string, FieldValue> = {};
  const at: Record<string, Span> = {};
  if (node && !isNull(node) && node.kind !== 'map') {
    sink.add('error', 'bad-value', `${where} must be a mapping of fields (${Object.keys(fields).join(', ')})`, node.span, { step });
    return { values, at };
  }
  const seen = new Set<string>();
  for (const e of node?.kind === 'map' ? (node as MapNode).entries : []) {
    const key = keyText(e);
    if (key === undefined) {
      sink.add('error', 'bad-value', `${where}: a key must be text`, e.key.span, { step });
      continue;
    }
    if (seen.has(key)) {
      sink.add('error', 'duplicate-field', `${where}: ${key} is given twice`, e.key.span, { step });
      continue;
    }
    seen.add(key);
    const doc = fields[key];
    if (!doc) {
      const near = closest(key, Object.keys(fields));
      sink.add('error', 'unknown-field', `${where} has no field ${key} (it takes ${Object.keys(fields).join(', ')})`, e.key.span, { step, fixes: replaceFixes(e.key.span, near, 'Rename to') });
      continue;
    }
    at[key] = e.value.span;
    if (skip.has(key)) continue;
    const v = readValue(key, doc, e.value, sink, step, at);
    if (v !== undefined) values[key] = v;
  }
  for (const [key, doc] of Object.entries(fields)) {
    if (doc.required && !seen.has(key)) sink.add('error', 'missing-field', `${where} needs ${key}: ${doc.doc}`, keySpan, { step });
  }
  return { values, at };
}
