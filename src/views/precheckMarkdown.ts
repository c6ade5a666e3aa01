/** Precheck findings as text (pure): the tooltip of a finding and the Markdown report of a cluster. */
import type { Finding, FindingSeverity } from '../mesh/finding';
import { findingSummary, objectList, sortFindings } from '../mesh/finding';
import { md } from './nodeText';
import { mdText } from '../mesh/markdownText';

const HEADINGS: Record<FindingSeverity, string> = { error: '✖ Errors', warning: '⚠ Warnings', info: 'ℹ Info' };

/** Tooltip Markdown: title, detail, objects, and what the fix would do. */
export function findingTooltip(f: Finding): string {
  const lines = [`**${md(f.title)}**`, `\`${f.code}\` · ${f.severity}`, md(f.detail)];
  if (f.objects.length) lines.push(`Objects: ${f.objects.slice(0, 12).map((o) => `${o.kind} \`${o.namespace ? `${o.namespace}/` : ''}${o.name}\``).join(', ')}${f.objects.length > 12 ? ', …' : ''}`);
  lines.push(f.fix ? `Fix (Apply Fix): ${md(f.fix.description)}` : 'No automatic fix.');
  return lines.join('\n\n');
}

/** The report of `istioCanary.precheck`: grouped by severity, with the fix of each fixable finding. */
export function precheckMarkdown(context: string, findings: readonly Finding[]): string {
  const out = [`# Precheck — ${mdText(context)}`, '', `${findingSummary(findings)}.`, ''];
  if (findings.length === 0) {
    out.push('No problem found in revisions, tags, namespace labels, webhooks, proxy versions or the support window.');
    return out.join('\n');
  }
  const sorted = sortFindings(findings);
  for (const severity of ['error', 'warning', 'info'] as const) {
    const list = sorted.filter((f) => f.severity === severity);
    if (list.length === 0) continue;
    out.push(`## ${HEADINGS[severity]} (${list.length})`, '');
    for (const f of list) {
      out.push(`### ${mdText(f.title)}`, '', `\`${f.code}\` · objects: ${mdText(objectList(f.objects, 8)) || '—'}`, '', mdText(f.detail), '');
      if (f.fix) out.push(`**Fix:** ${mdText(f.fix.description)} Use *Apply Fix* on this finding in the Health group (dry run available).`, '');
    }
  }
  return out.join('\n');
}
