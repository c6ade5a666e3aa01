/** The journal as Markdown (pure): runs newest first, each with its writes and how each ended. */
import type { JournalWrite, RunRecord } from '../upgrade/journal';
import { mdCode, mdText } from '../mesh/markdownText';
import { writesTable } from './journalWrites';

export function journalMarkdown(dir: string, runs: RunRecord[], writes: (runId: string) => JournalWrite[], limit = 30, warnings: readonly string[] = []): string {
  const out = ['# Istio upgrade journal', '', `Stored in ${mdCode(dir)}. Every write is recorded before and after it is made; a write that got no answer is *unknown* until it is read back.`, ''];
  if (warnings.length) {
    out.push('> ⚠ Lines skipped (not of the journal\'s shape):', '>');
    for (const w of warnings) out.push(`> - ${mdText(w)}`);
    out.push('');
  }
  if (runs.length === 0) out.push('_No runs yet._');
  for (const r of runs.slice(0, limit)) {
    const handled = r.handled ? ` (${mdText(r.handled.how)}${r.handled.by ? ` by ${mdCode(r.handled.by)}` : ''})` : '';
    out.push(`## ${mdText(r.started)} — ${r.command}${r.target ? ` → ${mdText(r.target)}` : ''} · **${r.status}**${handled}`);
    const owner = r.owner ? `, by ${mdText(`${r.owner.user}@${r.owner.host}`)} (pid ${r.owner.pid})` : '';
    out.push('', `Run ${mdCode(r.runId)} on **${mdText(r.context)}**${owner}, namespaces: ${r.namespaces.map(mdText).join(', ') || '—'}${r.rollbackOf ? ` (rolls back ${mdCode(r.rollbackOf)})` : ''}`);
    if (r.stoppedAt) out.push('', `Stopped at: ${mdText(r.stoppedAt)}`);
    for (const w of r.warnings ?? []) out.push('', `⚠ ${mdText(w)}`);
    const table = writesTable(writes(r.runId));
    if (table.length) out.push('', ...table);
    out.push('');
  }
  return out.join('\n');
}
