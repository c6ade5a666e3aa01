/** The `fieldSelector` query string (k8s.io/apimachinery/pkg/fields) and the fields each kind supports. */
import type { KubeObject } from '../core/types';
import { getPath } from '../util/json';

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** Splits on unescaped commas (`\,` stays inside a term). */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      cur += ch + text[++i];
    } else if (ch === ',') {
      terms.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  terms.push(cur);
  return terms;
}

function splitTerm(term: string): [string, '=' | '!=', string] | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === '\\') {
      i++;
      continue;
    }
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op === '==' ? '=' : op === '!=' ? '!=' : '=', term.slice(i + op.length)];
    }
  }
  return undefined;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

export function parseFieldSelector(text: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const part of splitTerms(text).sort()) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw new Error(`invalid selector: '${text}'; can't understand '${part}'`);
    out.push({ field: split[0], operator: split[1], value: unescape(split[2]) });
  }
  return out;
}

const POD_FIELDS = ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'];

/** Returns the server's error text when `field` cannot be selected on `kind`. */
export function unsupportedField(kind: string, field: string): string | undefined {
  if (kind === 'Pod') return POD_FIELDS.includes(field) ? undefined : `field label not supported: ${field}`;
  if (kind === 'Namespace') {
    return ['metadata.name', 'status.phase'].includes(field) ? undefined : `"${field}" is not a known field selector: only "metadata.name", "status.phase"`;
  }
  return ['metadata.name', 'metadata.namespace'].includes(field) ? undefined : `field label not supported: ${field}`;
}

export function fieldsMatch(reqs: FieldRequirement[], obj: KubeObject): boolean {
  for (const r of reqs) {
    const raw = getPath(obj, r.field.split('.'));
    const actual = raw === undefined || raw === null ? '' : String(raw);
    if (r.operator === '=' ? actual !== r.value : actual === r.value) return false;
  }
  return true;
}
