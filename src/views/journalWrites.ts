/** A run's journaled writes as a Markdown table (pure), for the journal view and the plan report. */
import * as l10n from '@vscode/l10n';
import type { JournalWrite } from '../upgrade/journal';
import { resolveWrites } from '../upgrade/journalHistory';
import { mdCode, mdText } from '../mesh/markdownText';

function result(w: JournalWrite): string {
  const how = w.phase === 'unknown' ? (w.found ? 'changed by someone else' : 'unknown (no answer)') : w.phase;
  return `${how}${w.readBack ? ' (read back)' : ''}${w.found ? `: found ${mdCode(JSON.stringify(w.found))}` : ''}${w.error && !w.found ? `: ${mdText(w.error)}` : ''}`;
}

/** Table lines (none when the run wrote nothing). An intent shows through its outcomes; alone only when it has none. */
export function writesTable(writes: readonly JournalWrite[]): string[] {
  const ws = resolveWrites(writes).flatMap((x) => (x.outcomes.length ? x.outcomes : [x.write]));
  if (!ws.length) return [];
  const header = [l10n.t('Time'), l10n.t('Result'), l10n.t('Object'), l10n.t('Field'), l10n.t('Before'), l10n.t('After')];
  const out = [`| ${header.join(' | ')} |`, '|---|---|---|---|---|---|'];
  for (const w of ws) {
    const res = w.phase === 'intent' ? 'sent, no outcome recorded (interrupted)' : result(w);
    out.push(`| ${mdText(w.time)} | ${res} | ${w.kind}/${w.namespace ? `${mdText(w.namespace)}/` : ''}${mdText(w.name)} | ${mdText(w.field)} | \`${mdText(JSON.stringify(w.before))}\` | \`${mdText(JSON.stringify(w.after))}\` |`);
  }
  return out;
}
