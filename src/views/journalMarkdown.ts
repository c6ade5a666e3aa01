/** The journal as Markdown (pure): runs newest first, each with its writes and how each ended. */
import * as l10n from '@vscode/l10n';
import type { JournalWrite, RunRecord } from '../upgrade/journal';
import { mdCode, mdText } from '../mesh/markdownText';
import { writesTable } from './journalWrites';

export function journalMarkdown(dir: string, runs: RunRecord[], writes: (runId: string) => JournalWrite[], limit = 30, warnings: readonly string[] = []): string {
  const out = [`# ${l10n.t('Istio upgrade journal')}`, '', l10n.t('Stored in {0}. Every write is recorded before and after it is made; a write that got no answer is *unknown* until it is read back.', mdCode(dir)), ''];
  if (warnings.length) {
    out.push(`> ⚠ ${l10n.t('Lines skipped (not of the journal\'s shape):')}`, '>');
    for (const w of warnings) out.push(`> - ${mdText(w)}`);
    out.push('');
  }
  if (runs.length === 0) out.push(`_${l10n.t('No runs yet.')}_`);
  for (const r of runs.slice(0, limit)) {
    const handled = r.handled ? ` (${mdText(r.handled.how)}${r.handled.by ? ` ${l10n.t('by {0}', mdCode(r.handled.by))}` : ''})` : '';
    out.push(`## ${mdText(r.started)} — ${r.command}${r.target ? ` → ${mdText(r.target)}` : ''} · **${r.status}**${handled}`);
    const owner = r.owner ? `, ${l10n.t('by {0} (pid {1})', mdText(`${r.owner.user}@${r.owner.host}`), r.owner.pid)}` : '';
    const rollsBack = r.rollbackOf ? ` ${l10n.t('(rolls back {0})', mdCode(r.rollbackOf))}` : '';
    out.push('', `${l10n.t('Run {0} on {1}', mdCode(r.runId), `**${mdText(r.context)}**`)}${owner}, ${l10n.t('namespaces: {0}', r.namespaces.map(mdText).join(', ') || '—')}${rollsBack}`);
    if (r.stoppedAt) out.push('', l10n.t('Stopped at: {0}', mdText(r.stoppedAt)));
    for (const w of r.warnings ?? []) out.push('', `⚠ ${mdText(w)}`);
    const table = writesTable(writes(r.runId));
    if (table.length) out.push('', ...table);
    out.push('');
  }
  return out.join('\n');
}
