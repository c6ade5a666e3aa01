/** The proxy-version diff as a Markdown table or a YAML document (pure), for Copy and Save report. */
import * as yaml from 'js-yaml';
import type { ProxyDiff, ProxyState } from '../mesh/proxyDiff';

function cell(t: string): string {
  return t.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
}

function side(s?: ProxyState): string {
  if (!s) return '—';
  if (!s.injected) return 'no proxy';
  return `${s.revision ?? '?'} · ${s.version ?? '?'}`;
}

function counts(c: Record<string, number>): string {
  const e = Object.entries(c).sort((a, b) => b[1] - a[1]);
  return e.length ? e.map(([v, n]) => `${v}: ${n}`).join(', ') : 'none';
}

export function diffMarkdown(diff: ProxyDiff, title: string): string {
  const s = diff.summary;
  const out = [
    `# ${cell(title)}`, '',
    `Cluster **${cell(diff.context)}** · before: ${diff.baselineAt} · after: ${new Date().toISOString()}`, '',
    `- Proxies before: ${counts(s.before)}`,
    `- Proxies after: ${counts(s.after)}`,
    `- Still needing a restart: ${s.stillStale}`,
    `- Control planes: ${s.revisions.map((r) => `${cell(r.name)} ${r.version ?? '?'}${r.isDefault ? ' (default)' : ''}`).join(', ')}`,
    ...s.skew.map((w) => `- ⚠ ${cell(w)}`),
    '', '| Namespace | Workload | Pod before | Before | Pod after | After | Change |', '|---|---|---|---|---|---|---|',
  ];
  for (const r of diff.rows) {
    out.push(`| ${cell(r.namespace)} | ${r.kind} ${cell(r.workload)} | ${cell(r.before?.pod ?? '—')} | ${side(r.before)} | ${cell(r.after?.pod ?? '—')} | ${side(r.after)} | ${r.change} |`);
  }
  return out.join('\n') + '\n';
}

export function diffYaml(diff: ProxyDiff): string {
  return yaml.dump({
    context: diff.context,
    before: diff.baselineAt,
    summary: diff.summary,
    rows: diff.rows.map((r) => ({ namespace: r.namespace, workload: `${r.kind}/${r.workload}`, change: r.change, before: r.before ?? null, after: r.after ?? null })),
  }, { noRefs: true, lineWidth: 120 });
}
