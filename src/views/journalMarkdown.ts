/** The journal as Markdown (pure): runs newest first, each with its writes. */
import type { JournalWrite, RunRecord } from '../upgrade/journal';

function esc(t: string): string {
  return t.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`);
}

export function journalMarkdown(dir: string, runs: RunRecord[], writes: (runId: string) => JournalWrite[], limit = 30): string {
  const out = ['# Istio upgrade journal', '', `Stored in \`${dir}\`. Every write is recorded before and after it is made.`, ''];
  if (runs.length === 0) out.push('_No runs yet._');
  for (const r of runs.slice(0, limit)) {
    out.push(`## ${esc(r.started)} — ${r.command}${r.target ? ` → ${esc(r.target)}` : ''} · **${r.status}**`);
    out.push('', `Run \`${r.runId}\` on **${esc(r.context)}**, namespaces: ${r.namespaces.map(esc).join(', ') || '—'}${r.rollbackOf ? ` (rolls back ${r.rollbackOf})` : ''}`);
    if (r.stoppedAt) out.push('', `Stopped at: ${esc(r.stoppedAt)}`);
    const ws = writes(r.runId).filter((w) => w.phase !== 'intent');
    if (ws.length) {
      out.push('', '| Time | Result | Object | Field | Before | After |', '|---|---|---|---|---|---|');
      for (const w of ws) {
        out.push(`| ${esc(w.time)} | ${w.phase}${w.error ? `: ${esc(w.error)}` : ''} | ${w.kind}/${w.namespace ? `${esc(w.namespace)}/` : ''}${esc(w.name)} | ${esc(w.field)} | \`${esc(JSON.stringify(w.before))}\` | \`${esc(JSON.stringify(w.after))}\` |`);
      }
    }
    out.push('');
  }
  return out.join('\n');
}
