/** The journal as Markdown (pure): runs newest first, each with its writes. */
import type { JournalWrite, RunRecord } from '../upgrade/journal';
import { mdText } from '../mesh/markdownText';

export function journalMarkdown(dir: string, runs: RunRecord[], writes: (runId: string) => JournalWrite[], limit = 30): string {
  const out = ['# Istio upgrade journal', '', `Stored in \`${dir}\`. Every write is recorded before and after it is made.`, ''];
  if (runs.length === 0) out.push('_No runs yet._');
  for (const r of runs.slice(0, limit)) {
    out.push(`## ${mdText(r.started)} — ${r.command}${r.target ? ` → ${mdText(r.target)}` : ''} · **${r.status}**`);
    out.push('', `Run \`${r.runId}\` on **${mdText(r.context)}**, namespaces: ${r.namespaces.map(mdText).join(', ') || '—'}${r.rollbackOf ? ` (rolls back ${r.rollbackOf})` : ''}`);
    if (r.stoppedAt) out.push('', `Stopped at: ${mdText(r.stoppedAt)}`);
    const ws = writes(r.runId).filter((w) => w.phase !== 'intent');
    if (ws.length) {
      out.push('', '| Time | Result | Object | Field | Before | After |', '|---|---|---|---|---|---|');
      for (const w of ws) {
        out.push(`| ${mdText(w.time)} | ${w.phase}${w.error ? `: ${mdText(w.error)}` : ''} | ${w.kind}/${w.namespace ? `${mdText(w.namespace)}/` : ''}${mdText(w.name)} | ${mdText(w.field)} | \`${mdText(JSON.stringify(w.before))}\` | \`${mdText(JSON.stringify(w.after))}\` |`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}
