/** The proxy-version diff as a Markdown table or a YAML document (pure), for Copy and Save report. */
import * as l10n from '@vscode/l10n';
import * as yaml from 'js-yaml';
import type { ProxyDiff, ProxyState } from '../mesh/proxyDiff';
import { mdText } from '../mesh/markdownText';

// Every string here can come from the cluster (a pod's istio.io/rev annotation is free text): all go through mdText.
function side(s?: ProxyState): string {
  if (!s) return '—';
  if (!s.injected) return l10n.t('no proxy');
  return `${mdText(s.revision ?? '?')} · ${mdText(s.version ?? '?')}`;
}

function counts(c: Record<string, number>): string {
  const e = Object.entries(c).sort((a, b) => b[1] - a[1]);
  return e.length ? e.map(([v, n]) => `${mdText(v)}: ${n}`).join(', ') : l10n.t('none');
}

export function diffMarkdown(diff: ProxyDiff, title: string): string {
  const s = diff.summary;
  const out = [
    `# ${mdText(title)}`, '',
    l10n.t('Cluster {0} · before: {1} · after: {2}', `**${mdText(diff.context)}**`, mdText(diff.baselineAt), new Date().toISOString()), '',
    `- ${l10n.t('Proxies before: {0}', counts(s.before))}`,
    `- ${l10n.t('Proxies after: {0}', counts(s.after))}`,
    `- ${l10n.t('Still needing a restart: {0}', s.stillStale)}`,
    `- ${l10n.t('Control planes: {0}', s.revisions.map((r) => `${mdText(r.name)} ${mdText(r.version ?? '?')}${r.isDefault ? ` (${l10n.t('default')})` : ''}`).join(', '))}`,
    ...s.skew.map((w) => `- ⚠ ${mdText(w)}`),
    '', `| ${[l10n.t('Namespace'), l10n.t('Workload'), l10n.t('Pod before'), l10n.t('Before'), l10n.t('Pod after'), l10n.t('After'), l10n.t('Change')].join(' | ')} |`, '|---|---|---|---|---|---|---|',
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
