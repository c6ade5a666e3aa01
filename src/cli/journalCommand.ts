import { openJournal } from './clusterAccess';
import { EXIT, type CliIo } from './cliTypes';

/** `journal [--run ID] [-o json]`: the runs (newest first) and, for one run, its writes. */
export function journalCommand(args: { journal?: string; run?: string; output: 'table' | 'json' }, io: CliIo): number {
  const journal = openJournal(args.journal);
  const runs = journal.runs().filter((r) => !args.run || r.runId === args.run);
  if (args.run && runs.length === 0) {
    io.err(`error: no run ${args.run} in ${journal.dir}`);
    return EXIT.usage;
  }
  if (args.output === 'json') {
    io.out(JSON.stringify({ dir: journal.dir, runs: runs.map((r) => ({ ...r, writes: journal.writes(r.runId) })) }, null, 2));
    return EXIT.ok;
  }
  if (runs.length === 0) io.out(`no runs in ${journal.dir}`);
  for (const r of runs) {
    io.out(`${r.runId}  ${r.status.padEnd(11)} ${r.command.padEnd(9)} ${r.context}  ${r.target ? `→ ${r.target} ` : ''}[${r.namespaces.join(', ')}]${r.stoppedAt ? `  stopped at: ${r.stoppedAt}` : ''}`);
    if (args.run) {
      for (const w of journal.writes(r.runId)) {
        io.out(`  ${w.time} ${w.phase.padEnd(7)} ${w.kind}/${w.namespace ? `${w.namespace}/` : ''}${w.name} ${w.field}: ${JSON.stringify(w.before)} → ${JSON.stringify(w.after)}${w.error ? ` (${w.error})` : ''}`);
      }
    }
  }
  return EXIT.ok;
}
