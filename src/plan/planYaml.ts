/**
 * Writes a plan as YAML a person reviews: flow lists for names, one step per `- kind:` item, cluster strings quoted
 * whenever YAML would read them as anything but the text (js-yaml decides what needs quoting).
 */
import { dump } from 'js-yaml';
import { PLAN_API_VERSION, PLAN_KIND, type StepKind } from './planFormat';

export type YamlValue = string | number | string[] | Record<string, string>;

export interface DraftStep {
  kind: StepKind;
  /** Fields in the order they are written; undefined values are left out. */
  fields: [string, YamlValue | undefined][];
  /** A comment line above the step. */
  comment?: string;
}

export interface DraftPlan {
  name: string;
  description?: string;
  context: string;
  from: string;
  to: string;
  steps: DraftStep[];
  /** Comment lines at the top of the file. */
  header: string[];
}

/** A scalar as plain YAML when that reads back as the same text, else JSON-quoted (valid YAML). */
export function yamlScalar(v: string | number, inFlow = false): string {
  if (typeof v === 'number') return String(v);
  const plain = dump(v, { lineWidth: -1 }) === `${v}\n` && !(inFlow && /[,[\]{}#]/.test(v));
  return plain ? v : JSON.stringify(v);
}

function value(v: YamlValue, indent: string): string {
  if (Array.isArray(v)) return `[${v.map((x) => yamlScalar(x, true)).join(', ')}]`;
  if (typeof v === 'object') return `\n${Object.entries(v).map(([k, x]) => `${indent}  ${yamlScalar(k)}: ${yamlScalar(x)}`).join('\n')}`;
  return yamlScalar(v);
}

function comment(text: string, indent: string): string[] {
  return text.split(/\r\n|\r|\n/).map((l) => `${indent}# ${l}`);
}

export function planYaml(p: DraftPlan): string {
  const lines = [
    ...p.header.flatMap((h) => comment(h, '')),
    `apiVersion: ${PLAN_API_VERSION}`,
    `kind: ${PLAN_KIND}`,
    'metadata:',
    `  name: ${yamlScalar(p.name)}`,
    ...(p.description ? [`  description: ${yamlScalar(p.description)}`] : []),
    'spec:',
    `  context: ${yamlScalar(p.context)}`,
    `  from: ${yamlScalar(p.from)}`,
    `  to: ${yamlScalar(p.to)}`,
    '  steps:',
  ];
  for (const s of p.steps) {
    if (s.comment) lines.push(...comment(s.comment, '    '));
    const fields = s.fields.filter((f): f is [string, YamlValue] => f[1] !== undefined);
    if (fields.length === 0) {
      lines.push(`    - ${s.kind}: {}`);
      continue;
    }
    lines.push(`    - ${s.kind}:`);
    for (const [k, v] of fields) lines.push(`        ${k}: ${value(v, '        ')}`);
  }
  return `${lines.join('\n')}\n`;
}
