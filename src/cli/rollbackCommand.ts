import { rollbackTargets, runRollback } from '../upgrade/rollback';
import type { ClusterClient } from '../kube/clusterClient';
import type { Journal } from '../upgrade/journal';
import { undoSailRun } from '../upgrade/sailOps';
import { openClusterAccess, openJournal } from './clusterAccess';
import { outcomeJson, outcomeText } from './outcomeJson';
import { EXIT, type CliIo, type CommonArgs } from './cliTypes';

/** A Sail run (an IstioRevisionTag or Istio write) is undone by putting its fields back. */
async function undoSail(client: ClusterClient, journal: Journal, runId: string, args: CommonArgs, io: CliIo): Promise<number> {
  const out = await undoSailRun(client, journal, runId, { dryRun: args.dryRun });
  if (args.output === 'json') io.out(JSON.stringify({ runId: out.runId ?? null, rollbackOf: runId, status: out.status, error: out.error ?? null, results: out.results.map((r) => ({ summary: r.write.summary, action: r.action })) }, null, 2));
  else {
    for (const r of out.results) io.out(`${args.dryRun ? '[dry run] ' : ''}${r.write.summary} — ${r.action}`);
    if (out.error) io.err(`error: ${out.error}`);
  }
  return out.status === 'completed' || out.status === 'dry run' ? EXIT.ok : EXIT.failed;
}

/** `rollback (--run ID | --namespace a,b)`: restore the journaled labels, restart, verify; a Sail run: its fields. */
export async function rollbackCommand(args: CommonArgs & { run?: string }, io: CliIo): Promise<number> {
  if (!args.run && args.namespaces.length === 0) {
    io.err('error: rollback needs --run ID or --namespace a,b');
    return EXIT.usage;
  }
  const journal = openJournal(args.journal);
  const run = args.run ? journal.run(args.run) : undefined;
  if (args.run && !run) {
    io.err(`error: no run ${args.run} in ${journal.dir}`);
    return EXIT.usage;
  }
  const access = openClusterAccess({ ...args, context: args.context ?? run?.context });
  try {
    if (run?.command === 'sail') return await undoSail(access.client, journal, run.runId, args, io);
    const targets = rollbackTargets(journal, { runId: args.run, namespaces: args.namespaces.length ? args.namespaces : undefined, context: access.context });
    if (targets.length === 0) {
      io.err('nothing to roll back: the run relabelled no namespace');
      return EXIT.ok;
    }
    const outcome = await runRollback({ client: access.client, journal }, targets, {
      dryRun: args.dryRun, rolloutTimeoutMs: args.rolloutTimeoutMs, rollbackOf: args.run,
      onProgress: args.output === 'json' ? undefined : (e) => io.err(`  ${e.namespace}: ${e.step} ${e.message}`),
    });
    io.out(args.output === 'json' ? JSON.stringify(outcomeJson(access.context, outcome), null, 2) : outcomeText(outcome));
    return outcome.status === 'completed' || outcome.status === 'dry run' ? EXIT.ok : EXIT.failed;
  } finally {
    access.dispose();
  }
}
