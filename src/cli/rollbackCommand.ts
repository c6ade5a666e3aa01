import { rollbackTargets, runRollback } from '../upgrade/rollback';
import { openClusterAccess, openJournal } from './clusterAccess';
import { outcomeJson, outcomeText } from './outcomeJson';
import { EXIT, type CliIo, type CommonArgs } from './cliTypes';

/** `rollback (--run ID | --namespace a,b)`: restore the journaled labels, restart, verify. */
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
