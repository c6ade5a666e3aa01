/** Precheck findings as text (pure): the tooltip of a finding and the Markdown report of a cluster. */
import * as l10n from '@vscode/l10n';
import type { Finding, FindingSeverity } from '../mesh/finding';
import { findingSummary, objectList, sortFindings } from '../mesh/finding';
import { md } from './nodeText';
import { mdText } from '../mesh/markdownText';

const HEADINGS = (): Record<FindingSeverity, string> => ({ error: `✖ ${l10n.t('Errors')}`, warning: `⚠ ${l10n.t('Warnings')}`, info: `ℹ ${l10n.t('Info')}` });

/** Tooltip Markdown: title, detail, objects, and what the fix would do. */
export function findingTooltip(f: Finding): string {
  const lines = [`**${md(f.title)}**`, `\`${f.code}\` · ${f.severity}`, md(f.detail)];
  if (f.objects.length) lines.push(l10n.t('Objects: {0}', `${f.objects.slice(0, 12).map((o) => `${o.kind} \`${o.namespace ? `${o.namespace}/` : ''}${o.name}\``).join(', ')}${f.objects.length > 12 ? ', …' : ''}`));
  lines.push(f.fix ? l10n.t('Fix (Apply Fix): {0}', md(f.fix.description)) : l10n.t('No automatic fix.'));
  return lines.join('\n\n');
}

/** The report of `istioCanary.precheck`: grouped by severity, with the fix of each fixable finding. */
export function precheckMarkdown(context: string, findings: readonly Finding[]): string {
  const out = [`# ${l10n.t('Precheck — {0}', mdText(context))}`, '', `${findingSummary(findings)}.`, ''];
  if (findings.length === 0) {
    out.push(l10n.t('No problem found in revisions, tags, namespace labels, webhooks, proxy versions or the support window.'));
    return out.join('\n');
  }
  const sorted = sortFindings(findings);
  for (const severity of ['error', 'warning', 'info'] as const) {
    const list = sorted.filter((f) => f.severity === severity);
    if (list.length === 0) continue;
    out.push(`## ${HEADINGS()[severity]} (${list.length})`, '');
    for (const f of list) {
      out.push(`### ${mdText(f.title)}`, '', `\`${f.code}\` · ${l10n.t('objects: {0}', mdText(objectList(f.objects, 8)) || '—')}`, '', mdText(f.detail), '');
      if (f.fix) out.push(l10n.t('**Fix:** {0} Use *Apply Fix* on this finding in the Health group (dry run available).', mdText(f.fix.description)), '');
    }
  }
  return out.join('\n');
}
