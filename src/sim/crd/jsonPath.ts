/**
 * The JSONPath subset CRD printer columns use: `.a.b`, `.a[0]`, `.a[*].b` and `.a[?(@.k=="v")].b`.
 * Like the server's column printer, a path matching several values shows the first one.
 */
import { isPlainObject } from '../util/json';

type Step = { field: string } | { index: number } | { all: true } | { filter: { key: string; value: string } };

const STEP = /^\.([A-Za-z0-9_$-]+)|^\[(\d+)\]|^\[\*\]|^\[\?\(@\.([A-Za-z0-9_$-]+)\s*==\s*["']([^"']*)["']\)\]/;

export function parseJsonPath(path: string): Step[] | undefined {
  const steps: Step[] = [];
  let rest = path.trim().replace(/^\{|\}$/g, '').replace(/^\$/, '');
  while (rest) {
    const m = STEP.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push({ field: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else if (m[3] !== undefined) steps.push({ filter: { key: m[3], value: m[4] } });
    else steps.push({ all: true });
    rest = rest.slice(m[0].length);
  }
  return steps;
}

function apply(values: unknown[], step: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if ('field' in step) {
      if (isPlainObject(v) && v[step.field] !== undefined) out.push(v[step.field]);
    } else if ('index' in step) {
      if (Array.isArray(v) && step.index < v.length) out.push(v[step.index]);
    } else if ('all' in step) {
      if (Array.isArray(v)) out.push(...v);
    } else if (Array.isArray(v)) {
      const { key, value } = step.filter;
      out.push(...v.filter((x) => isPlainObject(x) && String(x[key]) === value));
    }
  }
  return out;
}

/** The first value `path` selects in `obj`, or undefined. */
export function evalJsonPath(obj: unknown, path: string): unknown {
  const steps = parseJsonPath(path);
  if (!steps) return undefined;
  let values: unknown[] = [obj];
  for (const s of steps) values = apply(values, s);
  return values[0];
}
