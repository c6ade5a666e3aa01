/** The proxy-version diff as a Markdown table or a YAML document (pure), for Copy and Save report. */
import * as yaml from 'js-yaml';
import type { ProxyDiff, ProxyState } from '../mesh/proxyDiff';
import { mdText } from '../mesh/markdownText';

// Every string here can come from the cluster (a pod's istio.io/rev annotation is free text): all go through mdText.
function side(s?: ProxyState): string {
  if (!s) return '—';
  if (!s.injected) return 'no proxy';
  return `${mdText(s.revision ?? '?')} · ${mdText(s.version ?? '?')}`;
}

function counts(c: Record<string, number>): string {
  const e = Object.entries(c).sort((a, b) => b[1] - a[1]);
  return e.length ? e.map(([v, n]) => `${mdText(v)}: ${n}`).join(', ') : 'none';
}

export function diffMarkdown(diff: ProxyDiff, title: string): string {
  const s = diff.summary;
  const out = [
    `# ${mdText(title)}`, '',
    `Cluster **${mdText(diff.context)}** · before: ${mdText(diff.baselineAt)} · after: ${new Date().toISOString()}`, '',
    `- Proxies before: ${counts(s.before)}`,
    `- Proxies after: ${counts(s.after)}`,
    `- Still needing a restart: ${s.stillStale}`,
    `- Control planes: ${s.revisions.map((r) => `${mdText(r.name)} ${mdText(r.version ?? '?')}${r.isDefault ? ' (default)' : ''}`).join(', ')}`,
    ...s.skew.map((w) => `- ⚠ ${mdText(w)}`),
    '', '| Namespace | Workload | Pod before | Before | Pod after | After | Change |', '|---|---|---|---|---|---|---|',
  ];
  for (const r of diff.rows) {
    out.push(`| ${mdText(r.namespace)} | ${mdText(r.kind)} ${mdText(r.workload)} | ${mdText(r.before?.pod ?? '—')} | ${side(r.before)} | ${mdText(r.after?.pod ?? '—')} | ${side(r.after)} | ${r.change} |`);
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
