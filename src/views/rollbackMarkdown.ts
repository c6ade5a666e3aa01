/** The roll back preview as Markdown (pure): every namespace it would touch, what is doubtful, what was read back. */
import * as l10n from '@vscode/l10n';
import type { InjectionLabels } from '../mesh/migrationPlan';
import type { Reconciled } from '../upgrade/reconcileRun';
import { reconciledText } from '../upgrade/reconcileRun';
import type { RollbackCandidate } from '../upgrade/rollback';

function cell(text: string): string {
  return text.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}

function labels(l: InjectionLabels): string {
  const parts = Object.entries(l).map(([k, v]) => `\`${cell(`${k}=${v}`)}\``);
  return parts.length ? parts.join(' ') : `_${l10n.t('none')}_`;
}

export function rollbackMarkdown(context: string, candidates: readonly RollbackCandidate[], reconciled: readonly Reconciled[], journalWarnings: readonly string[]): string {
  const out = [`# ${l10n.t('Roll back — {0}', cell(context))}`, '', l10n.t('Every namespace this roll back would touch. Labels are restored only where the cluster still shows what the run left; a namespace someone else relabelled since is left alone.'), ''];
  out.push(`| ${[l10n.t('Namespace'), l10n.t('Run'), l10n.t('Labels now expected'), l10n.t('Restored to'), l10n.t('Notes')].join(' | ')} |`, '|---|---|---|---|---|');
  for (const c of candidates) {
    const notes = [
      ...(c.maybe ? [l10n.t('the last write got no answer: the cluster decides')] : []),
      ...c.problems.map((p) => l10n.t('⚠ {0} — left out unless "Including Flagged"', cell(p))),
    ];
    const expected = c.alsoAccept ? l10n.t('{0} or {1}', labels(c.expected), labels(c.alsoAccept)) : labels(c.expected);
    out.push(`| ${cell(c.namespace)} | \`${cell(c.fromRun)}\` | ${expected} | ${labels(c.restore)} | ${notes.join('; ') || '—'} |`);
  }
  if (reconciled.length) {
    out.push('', `## ${l10n.t('Read back first')}`, '', l10n.t('Writes whose outcome the journal did not know (no answer, or the process was killed) were read from the cluster:'), '');
    for (const r of reconciled) out.push(`- ${cell(reconciledText(r))}`);
  }
  if (journalWarnings.length) {
    out.push('', `## ${l10n.t('Journal lines skipped')}`, '');
    for (const w of journalWarnings) out.push(`- ${cell(w)}`);
  }
  return out.join('\n');
}
