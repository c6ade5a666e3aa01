import { plural } from '../mesh/plural';
import { reconciledText } from '../upgrade/reconcileRun';
import { planResumeRun, runResume } from '../upgrade/resumeRun';
import { openClusterAccess, openJournal } from './clusterAccess';
import { outcomeJson, outcomeText } from './outcomeJson';
import { EXIT, type CliIo, type CommonArgs } from './cliTypes';

/** `resume --run ID [--dry-run]`: read back what the run left unknown, plan its work again from the cluster now, run it. */
export async function resumeCommand(args: CommonArgs & { run?: string }, io: CliIo): Promise<number> {
  if (!args.run) {
    io.err('error: resume needs --run ID');
    return EXIT.usage;
  }
  const journal = openJournal(args.journal);
  const run = journal.run(args.run);
  if (!run) {
    io.err(`error: no run ${args.run} in ${journal.dir}`);
    return EXIT.usage;
  }
  const access = openClusterAccess({ ...args, context: args.context ?? run.context });
  try {
    const rp = await planResumeRun(access.client, journal, args.run);
    for (const r of rp.reconciled) io.err(`read back: ${reconciledText(r)}`);
    const blocking = rp.plan.warnings.filter((w) => w.severity === 'error');
    for (const w of rp.plan.warnings) io.err(`${w.severity}: ${w.message}`);
    io.err(`resume ${run.command} run ${run.runId}: ${plural(rp.plan.namespaces.length, 'namespace')}, ${plural(rp.plan.namespaces.reduce((n, ns) => n + ns.restart.length, 0), 'workload')} to restart${args.dryRun ? ' [dry run]' : ''}`);
    if (blocking.length && run.command !== 'rollback') {
      io.err('refusing to resume (plan again with migrate --force to go ahead anyway)');
      return EXIT.usage;
    }
    const outcome = await runResume({ client: access.client, journal }, rp, {
      dryRun: args.dryRun, rolloutTimeoutMs: args.rolloutTimeoutMs,
      onProgress: args.output === 'json' ? undefined : (e) => io.err(`  ${e.namespace}: ${e.step} ${e.message}`),
      onNotice: (m) => io.err(`note: ${m}`),
    });
    io.out(args.output === 'json'
      ? JSON.stringify({ ...outcomeJson(access.context, outcome, rp.plan.target.revision ? rp.plan : undefined), resumes: run.runId, reconciled: rp.reconciled.map((r) => ({ kind: r.write.kind, namespace: r.write.namespace ?? null, name: r.write.name, result: r.verdict.state })) }, null, 2)
      : outcomeText(outcome));
    return outcome.status === 'completed' || outcome.status === 'dry run' ? EXIT.ok : EXIT.failed;
  } finally {
    access.dispose();
  }
}
