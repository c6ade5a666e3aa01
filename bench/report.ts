/** The rows every figure produces, and how they are printed as one table per section. */
import type { Summary } from './stats';

export type Verdict = 'PASS' | 'MISS' | 'info';

export interface Value {
  summary?: Summary;
  /** A single value (counts, sizes) instead of a summary. */
  value?: number;
  unit: 'ms' | 's' | 'MB' | 'KiB' | 'count' | 'text';
  text?: string;
}

export interface Row {
  figure: string;
  ours: Value;
  other?: Value;
  /** e.g. "0.82×" or "5.1× faster". */
  ratio?: string;
  goal: string;
  verdict: Verdict;
  /** Printed under the table. */
  note?: string;
}

export interface Section {
  title: string;
  rows: Row[];
}

export function ms(summary: Summary): Value {
  return { summary, unit: 'ms' };
}

export function single(value: number, unit: Value['unit']): Value {
  return { value, unit };
}

export function text(t: string): Value {
  return { unit: 'text', text: t };
}

export function verdict(ok: boolean): Verdict {
  return ok ? 'PASS' : 'MISS';
}

function num(n: number, unit: Value['unit']): string {
  if (!Number.isFinite(n)) return '–';
  if (unit === 'ms') return n >= 10000 ? `${(n / 1000).toFixed(1)} s` : `${n >= 100 ? n.toFixed(0) : n.toFixed(1)} ms`;
  if (unit === 's') return `${n.toFixed(1)} s`;
  if (unit === 'MB') return `${n.toFixed(1)} MB`;
  if (unit === 'KiB') return `${n.toFixed(0)} KiB`;
  return String(Math.round(n));
}

function bare(n: number, unit: Value['unit']): string {
  return num(n, unit).replace(/ (ms|s|MB|KiB)$/, '');
}

export function formatValue(v: Value | undefined): string {
  if (!v) return '';
  if (v.unit === 'text') return v.text ?? '';
  if (v.summary) {
    const s = v.summary;
    if (s.n <= 1) return num(s.median, v.unit);
    // Spread in the median's unit so "12.3 s (11.9–13.0)" reads naturally.
    const unit = v.unit === 'ms' && s.median >= 10000 ? 's' : v.unit;
    const scale = unit === 's' && v.unit === 'ms' ? 1000 : 1;
    return `${num(s.median / scale, unit)} (${bare(s.min / scale, unit)}–${bare(s.max / scale, unit)})`;
  }
  return num(v.value ?? NaN, v.unit);
}

export function ratio(ours: number, other: number, digits = 2): string {
  return `${(ours / other).toFixed(digits)}×`;
}

export function renderSection(section: Section): string {
  const header = ['figure', 'ours', 'other', 'ratio', 'goal', 'PASS/MISS'];
  const cells = section.rows.map((r) => [r.figure, formatValue(r.ours), formatValue(r.other), r.ratio ?? '', r.goal, r.verdict === 'info' ? '' : r.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => [...c[i]].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x + ' '.repeat(widths[i] - [...x].length)).join(' | ')} |`;
  const out = [`\n## ${section.title}`, line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)];
  const notes = section.rows.filter((r) => r.note).map((r) => `  • ${r.figure}: ${r.note}`);
  return [...out, ...notes].join('\n');
}
