/** The roll back preview as Markdown (pure): every namespace it would touch, what is doubtful, what was read back. */
import type { InjectionLabels } from '../mesh/migrationPlan';
import type { Reconciled } from '../upgrade/reconcileRun';
import { reconciledText } from '../upgrade/reconcileRun';
import type { RollbackCandidate } from '../upgrade/rollback';

function cell(text: string): string {
  return text.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\n/g, ' ');
}

function labels(l: InjectionLabels): string {
  const parts = Object.entries(l).map(([k, v]) => `\`${cell(`${k}=${v}`)}\``);
  return parts.length ? parts.join(' ') : '_none_';
}

export function rollbackMarkdown(context: string, candidates: readonly RollbackCandidate[], reconciled: readonly Reconciled[], journalWarnings: readonly string[]): string {
  const out = [`# Roll back — ${cell(context)}`, '', 'Every namespace this roll back would touch. Labels are restored only where the cluster still shows what the run left; a namespace someone else relabelled since is left alone.', ''];
  out.push('| Namespace | Run | Labels now expected | Restored to | Notes |', '|---|---|---|---|---|');
  for (const c of candidates) {
    const notes = [
      ...(c.maybe ? ['the last write got no answer: the cluster decides'] : []),
      ...c.problems.map((p) => `⚠ ${cell(p)} — left out unless "Including Flagged"`),
    ];
    out.push(`| ${cell(c.namespace)} | \`${cell(c.fromRun)}\` | ${labels(c.expected)}${c.alsoAccept ? ` or ${labels(c.alsoAccept)}` : ''} | ${labels(c.restore)} | ${notes.join('; ') || '—'} |`);
  }
  if (reconciled.length) {
    out.push('', '## Read back first', '', 'Writes whose outcome the journal did not know (no answer, or the process was killed) were read from the cluster:', '');
    for (const r of reconciled) out.push(`- ${cell(reconciledText(r))}`);
  }
  if (journalWarnings.length) {
    out.push('', '## Journal lines skipped', '');
    for (const w of journalWarnings) out.push(`- ${cell(w)}`);
  }
  return out.join('\n');
}
