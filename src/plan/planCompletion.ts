/**
 * Completion in a plan file (pure): the keys a place takes, the step kinds, and values from the cluster — contexts,
 * revisions and tags, namespaces (those on `from` first, those already in a wave left out), gateways, gates, enums.
 */
import type { GatewayInfo } from '../mesh/gateways';
import type { MeshSnapshot } from '../mesh/model';
import { SYSTEM_NAMESPACES } from '../mesh/systemNamespaces';
import type { CursorContext } from './planCursor';
import {
  METADATA_FIELDS, PLAN_API_VERSION, PLAN_KIND, SPEC_FIELDS, STEP_DOCS, STEP_FIELDS, STEP_KINDS, TOP_FIELDS, WAVE_GATE_DOCS,
  type FieldDoc, type StepKind,
} from './planFormat';

export interface CompletionEntry {
  label: string;
  kind: 'field' | 'step' | 'value';
  insertText: string;
  detail?: string;
  documentation?: string;
  /** Lower sorts first. */
  rank: number;
}

export interface CompletionModel {
  contexts: readonly string[];
  snapshot?: MeshSnapshot;
  gateways?: readonly GatewayInfo[];
  /** spec.from of the plan (namespaces on it are offered first). */
  from?: string;
  /** Namespaces already in some wave. */
  inWaves?: ReadonlySet<string>;
}

const isStep = (k: string | undefined): k is StepKind => (STEP_KINDS as readonly string[]).includes(k ?? '');

/** The fields the mapping at `path` takes, or undefined when the path is not a known mapping. */
export function fieldsAt(path: readonly string[]): Record<string, FieldDoc> | undefined {
  const p = path.join('.');
  if (p === '') return TOP_FIELDS;
  if (p === 'metadata') return METADATA_FIELDS;
  if (p === 'spec') return SPEC_FIELDS;
  if (path.length === 4 && p.startsWith('spec.steps.-.') && isStep(path[3])) return STEP_FIELDS[path[3]];
  return undefined;
}

function fieldDoc(f: FieldDoc): string {
  return f.default ? `${f.doc}\n\nDefault: ${f.default}.` : f.doc;
}

function keys(c: Extract<CursorContext, { kind: 'key' }>): CompletionEntry[] {
  if (c.path.join('.') === 'spec.steps.-') {
    return STEP_KINDS.map((k, i) => ({ label: k, kind: 'step', insertText: `${k}:`, detail: 'step', documentation: STEP_DOCS[k], rank: i }));
  }
  const fields = fieldsAt(c.path);
  if (!fields) return [];
  return Object.entries(fields).map(([k, f], i) => ({
    label: k, kind: 'field', insertText: `${k}: `, detail: `${f.required ? 'required' : 'optional'} ${f.type}`, documentation: fieldDoc(f), rank: (f.required ? 0 : 100) + i,
  }));
}

function revisionsAndTags(m: CompletionModel, tags: boolean): CompletionEntry[] {
  const s = m.snapshot;
  if (!s) return [];
  const revs = s.revisions.map((r, i): CompletionEntry => ({
    label: r.name, kind: 'value', insertText: r.name, detail: `revision · ${r.version ?? 'version unknown'}${r.isDefault ? ' · default' : ''}`,
    documentation: `ready ${r.readyReplicas}/${r.desiredReplicas} · ${r.namespaceCount} namespaces · ${r.proxyCount} proxies${r.tags.length ? ` · tags ${r.tags.join(', ')}` : ''}`, rank: i,
  }));
  if (!tags) return revs;
  return [...s.tags.map((t, i): CompletionEntry => ({ label: t.name, kind: 'value', insertText: t.name, detail: `tag → ${t.revision}`, rank: 50 + i })), ...revs];
}

function namespaces(m: CompletionModel, taken: ReadonlySet<string>): CompletionEntry[] {
  const s = m.snapshot;
  if (!s) return [];
  return s.namespaces.filter((n) => !SYSTEM_NAMESPACES.has(n.name) && !taken.has(n.name)).map((n) => {
    const onFrom = !!m.from && n.target?.revision === m.from;
    const inWave = m.inWaves?.has(n.name) ?? false;
    const proxies = n.workloads.reduce((k, w) => k + w.pods.filter((p) => p.injected).length, 0);
    return {
      label: n.name, kind: 'value', insertText: n.name, detail: `${n.state}${n.target ? ` → ${n.target.revision}` : ''} · ${proxies} proxies${inWave ? ' · in a wave' : ''}`,
      documentation: n.reason, rank: (inWave ? 200 : onFrom ? proxies / 1e6 : 100),
    };
  });
}

function enumValues(values: readonly string[], docs?: Record<string, string>): CompletionEntry[] {
  return values.map((v, i) => ({ label: v, kind: 'value', insertText: v, ...(docs?.[v] ? { documentation: docs[v] } : {}), rank: i }));
}

function values(c: Extract<CursorContext, { kind: 'value' }>, m: CompletionModel): CompletionEntry[] {
  const where = c.path.join('.');
  const step = c.path.length === 4 && c.path[2] === '-' ? c.path[3] : undefined;
  if (where === '' && c.key === 'apiVersion') return enumValues([PLAN_API_VERSION]);
  if (where === '' && c.key === 'kind') return enumValues([PLAN_KIND]);
  if (where === 'spec') {
    if (c.key === 'context') return m.contexts.map((x, i) => ({ label: x, kind: 'value', insertText: x, rank: i }));
    if (c.key === 'from') return revisionsAndTags(m, false);
    if (c.key === 'to') return revisionsAndTags(m, true);
    return [];
  }
  if (!isStep(step)) return [];
  const f = STEP_FIELDS[step][c.key];
  if (f?.type === 'enum') return enumValues(f.values ?? []);
  if (f?.type === 'gates') return enumValues(Object.keys(WAVE_GATE_DOCS).filter((g) => !c.listItems.includes(g) || g === c.prefix), WAVE_GATE_DOCS);
  const gateways = m.gateways ?? [];
  switch (`${step}.${c.key}`) {
    case 'wave.namespaces':
      return namespaces(m, new Set(c.listItems.filter((x) => x !== c.prefix)));
    case 'wave.to':
    case 'gateway.revision':
    case 'tag.revision':
      return revisionsAndTags(m, step !== 'tag');
    case 'install.revision':
    case 'removeRevision.revision':
      return revisionsAndTags(m, false);
    case 'tag.tag':
      return (m.snapshot?.tags ?? []).map((t, i) => ({ label: t.name, kind: 'value', insertText: t.name, detail: `tag → ${t.revision}`, rank: i }));
    case 'gateway.namespace':
      return enumValues([...new Set(gateways.map((g) => g.namespace))]);
    case 'gateway.deployment':
      return gateways.map((g, i) => ({ label: g.name, kind: 'value', insertText: g.name, detail: `${g.namespace} · ${g.revision ?? 'no revision'}`, rank: i }));
    case 'gateway.service':
      return gateways.flatMap((g) => g.services.map((s) => `${g.namespace}/${s}`)).map((v, i) => ({ label: v, kind: 'value', insertText: v, rank: i }));
    case 'gateway.to':
      return gateways.map((g, i) => ({ label: `${g.namespace}/${g.name}`, kind: 'value', insertText: `${g.namespace}/${g.name}`, detail: g.revision ?? '', rank: i }));
    default:
      return [];
  }
}

export function planCompletions(c: CursorContext, m: CompletionModel): CompletionEntry[] {
  return c.kind === 'key' ? keys(c) : values(c, m);
}
