/**
 * Hovers in a plan file (pure, Markdown): what a step or field does, and what the cluster says about a value —
 * a revision's version and readiness, a namespace's binding and proxies, a tag's target, a gate.
 */
import type { GatewayInfo } from '../mesh/gateways';
import { mdCode, mdText } from '../mesh/markdownText';
import type { MeshSnapshot } from '../mesh/model';
import { ownerText } from '../mesh/owners/ownerText';
import { plural } from '../mesh/plural';
import { fieldsAt } from './planCompletion';
import { cursorContext } from './planCursor';
import { STEP_DOCS, STEP_KINDS, WAVE_GATE_DOCS, type StepKind } from './planFormat';
import type { Span } from './planTypes';

export interface HoverModel {
  snapshot?: MeshSnapshot;
  gateways?: readonly GatewayInfo[];
}

export interface PlanHover {
  markdown: string;
  span: Span;
}

const KEY = /^(\s*)((?:-\s+)*)([A-Za-z][\w-]*)\s*:/;

function revisionText(s: MeshSnapshot, name: string): string | undefined {
  const tag = s.tags.find((t) => t.name === name);
  const rev = s.revisions.find((r) => r.name === (tag?.revision ?? name));
  if (tag && !rev) return `Tag ${mdCode(name)} → ${mdCode(tag.revision)}, which does not exist in ${mdText(s.context)}.`;
  if (!rev) return undefined;
  const lines = [
    `${tag ? `Tag ${mdCode(name)} → revision` : 'Revision'} ${mdCode(rev.name)}: Istio ${mdText(rev.version ?? 'version unknown')}${rev.isDefault ? ', the default revision' : ''}`,
    `istiod ready ${rev.readyReplicas}/${rev.desiredReplicas} · ${plural(rev.namespaceCount, 'namespace')} · ${plural(rev.proxyCount, 'proxy', 'proxies')}${rev.tags.length ? ` · tags ${rev.tags.map(mdText).join(', ')}` : ''}`,
  ];
  if (rev.managedBy) lines.push(`Kept by ${mdText(ownerText(rev.managedBy))}`);
  return lines.join('\n\n');
}

function namespaceText(s: MeshSnapshot, name: string): string | undefined {
  const ns = s.namespaces.find((n) => n.name === name);
  if (!ns) return `Namespace ${mdCode(name)} does not exist in ${mdText(s.context)}.`;
  const pods = ns.workloads.flatMap((w) => w.pods.filter((p) => p.injected));
  const stale = pods.filter((p) => p.needsRestart).length;
  return [
    `Namespace ${mdCode(ns.name)}: ${mdText(ns.reason)}`,
    `${plural(pods.length, 'proxy', 'proxies')}${stale ? `, ${stale} need a restart` : ''} · versions ${[...new Set(pods.map((p) => p.proxyVersion ?? '?'))].map(mdText).join(', ') || '—'}`,
    ...(ns.managedBy ? [`Kept by ${mdText(ownerText(ns.managedBy))}`] : []),
  ].join('\n\n');
}

function valueHover(key: string, path: readonly string[], word: string, m: HoverModel): string | undefined {
  const s = m.snapshot;
  const step = path[3];
  if (key === 'gates') return WAVE_GATE_DOCS[word] ? `Gate ${mdCode(word)}: ${WAVE_GATE_DOCS[word]}` : undefined;
  if (!s) return undefined;
  if (key === 'namespaces') return namespaceText(s, word);
  if (key === 'from' || key === 'to' || key === 'revision') {
    if (step === 'gateway' && key === 'to') {
      const g = m.gateways?.find((x) => `${x.namespace}/${x.name}` === word);
      return g ? `Gateway ${mdCode(word)}: revision ${mdText(g.revision ?? '?')}, ready ${g.readyReplicas}/${g.replicas}` : undefined;
    }
    return revisionText(s, word);
  }
  if (key === 'tag') {
    const t = s.tags.find((x) => x.name === word);
    return t ? `Tag ${mdCode(t.name)} → ${mdCode(t.revision)}${t.managedBy ? `\n\nKept by ${mdText(ownerText(t.managedBy))}` : ''}` : `Tag ${mdCode(word)} does not exist in ${mdText(s.context)}.`;
  }
  if (key === 'context') return `Context ${mdCode(word)}: ${plural(s.revisions.length, 'revision')}, ${plural(s.namespaces.length, 'namespace')}.`;
  return undefined;
}

export function planHover(text: string, offset: number, m: HoverModel): PlanHover | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd);
  const col = offset - lineStart;
  const k = KEY.exec(line);
  if (k) {
    const keyStart = k[1].length + k[2].length;
    const keyEnd = keyStart + k[3].length;
    if (col >= keyStart && col <= keyEnd) {
      const c = cursorContext(text, lineStart + keyStart);
      const path = c.path;
      const span = { start: lineStart + keyStart, end: lineStart + keyEnd };
      if (path.join('.') === 'spec.steps.-' && (STEP_KINDS as readonly string[]).includes(k[3])) {
        return { markdown: `**${k[3]}** step\n\n${STEP_DOCS[k[3] as StepKind]}`, span };
      }
      const f = fieldsAt(path)?.[k[3]];
      return f ? { markdown: `**${k[3]}**${f.required ? ' (required)' : ''}\n\n${f.doc}${f.default ? `\n\nDefault: ${f.default}.` : ''}`, span } : undefined;
    }
  }
  const c = cursorContext(text, offset);
  if (c.kind !== 'value') return undefined;
  const before = /[\w./-]*$/.exec(line.slice(0, col))?.[0] ?? '';
  const after = /^[\w./-]*/.exec(line.slice(col))?.[0] ?? '';
  const word = before + after;
  if (!word) return undefined;
  const md = valueHover(c.key, c.path, word, m);
  return md ? { markdown: md, span: { start: offset - before.length, end: offset + after.length } } : undefined;
}
