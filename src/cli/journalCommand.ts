import type { JournalWrite } from '../upgrade/journal';
import { openJournal } from './clusterAccess';
import { EXIT, type CliIo } from './cliTypes';

function writeLine(w: JournalWrite): string {
  const phase = `${w.phase}${w.readBack ? ' (read back)' : ''}`;
  const found = w.found ? ` found ${JSON.stringify(w.found)}` : '';
  return `  ${w.time} #${w.seq} ${phase.padEnd(18)} ${w.kind}/${w.namespace ? `${w.namespace}/` : ''}${w.name} ${w.field}: ${JSON.stringify(w.before)} → ${JSON.stringify(w.after)}${found}${w.error ? ` (${w.error})` : ''}`;
}

/** `journal [--run ID] [-o json]`: the runs (newest first) and, for one run, its writes. Skipped lines are warned about. */
export function journalCommand(args: { journal?: string; run?: string; output: 'table' | 'json' }, io: CliIo): number {
  const journal = openJournal(args.journal);
  const runs = journal.runs().filter((r) => !args.run || r.runId === args.run);
  const warnings = journal.warnings();
  for (const w of warnings) io.err(`warning: ${journal.dir}/journal.jsonl ${w}`);
  if (args.run && runs.length === 0) {
    io.err(`error: no run ${args.run} in ${journal.dir}`);
    return EXIT.usage;
  }
  if (args.output === 'json') {
    // One read of the file for every run's writes (not one per run: a long journal made this quadratic).
    const byRun = new Map<string, JournalWrite[]>();
    for (const w of journal.writes()) {
      const list = byRun.get(w.runId);
      if (list) list.push(w);
      else byRun.set(w.runId, [w]);
    }
    io.out(JSON.stringify({ dir: journal.dir, runs: runs.map((r) => ({ ...r, writes: byRun.get(r.runId) ?? [] })), warnings }, null, 2));
    return EXIT.ok;
  }
  if (runs.length === 0) io.out(`no runs in ${journal.dir}`);
  for (const r of runs) {
    const handled = r.handled ? `  (${r.handled.how}${r.handled.by ? ` by ${r.handled.by}` : ''})` : '';
    const owner = r.status === 'running' && r.owner ? `  pid ${r.owner.pid} on ${r.owner.host}` : '';
    io.out(`${r.runId}  ${r.status.padEnd(11)} ${r.command.padEnd(9)} ${r.context}  ${r.target ? `→ ${r.target} ` : ''}[${r.namespaces.join(', ')}]${r.stoppedAt ? `  stopped at: ${r.stoppedAt}` : ''}${owner}${handled}`);
    for (const w of r.warnings ?? []) io.out(`  warning: ${w}`);
    if (args.run) for (const w of journal.writes(r.runId)) io.out(writeLine(w));
  }
  return EXIT.ok;
}
