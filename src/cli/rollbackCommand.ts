import type { RollbackCandidate } from '../upgrade/rollback';
import { prepareRollback, runRollback, targetsOf } from '../upgrade/rollback';
import { reconciledText } from '../upgrade/reconcileRun';
import { showLabels } from '../upgrade/restorePlan';
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

function candidateLine(c: RollbackCandidate, included: boolean): string {
  const flags = [...(c.maybe ? ['the last write here got no answer: the cluster decides'] : []), ...c.problems.map((p) => `⚠ ${p}`)];
  return `  ${included ? '' : '[skipped] '}${c.namespace}: ${showLabels(c.expected)}${c.alsoAccept ? ` (or still ${showLabels(c.alsoAccept)})` : ''} → ${showLabels(c.restore)}  (run ${c.fromRun})${flags.length ? `  ${flags.join('; ')}` : ''}`;
}

/**
 * `rollback (--run ID | --namespace a,b) [--dry-run] [--force]`: read back what the run left unknown, list every
 * namespace it would touch (flagging inconsistent journal history), restore the journaled labels, restart, verify.
 * Namespaces with inconsistent history are skipped unless --force.
 */
export async function rollbackCommand(args: CommonArgs & { run?: string; force?: boolean }, io: CliIo): Promise<number> {
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
    const prepared = await prepareRollback(access.client, journal, { runId: args.run, namespaces: args.namespaces.length ? args.namespaces : undefined });
    for (const w of prepared.journalWarnings) io.err(`warning: journal ${w}`);
    for (const r of prepared.reconciled) io.err(`read back: ${reconciledText(r)}`);
    const targets = targetsOf(prepared, !!args.force);
    const included = new Set(targets.map((t) => t.namespace));
    if (prepared.candidates.length) {
      io.err(`${args.dryRun ? 'would roll back' : 'rolling back'}:`);
      for (const c of prepared.candidates) io.err(candidateLine(c, included.has(c.namespace)));
    }
    const skipped = prepared.candidates.filter((c) => !included.has(c.namespace));
    if (skipped.length) io.err(`skipped ${skipped.map((c) => c.namespace).join(', ')}: inconsistent journal history (use --force to include)`);
    if (targets.length === 0) {
      const why = prepared.candidates.length ? 'every namespace it names has inconsistent journal history' : 'the run relabelled no namespace';
      io.err(`nothing to roll back: ${why}${prepared.reconciled.length ? ' (its unanswered writes were read back above)' : ''}`);
      return skipped.length ? EXIT.usage : EXIT.ok;
    }
    const outcome = await runRollback({ client: access.client, journal }, targets, {
      dryRun: args.dryRun, rolloutTimeoutMs: args.rolloutTimeoutMs, rollbackOf: args.run,
      onProgress: args.output === 'json' ? undefined : (e) => io.err(`  ${e.namespace}: ${e.step} ${e.message}`),
      onNotice: (m) => io.err(`note: ${m}`),
    });
    io.out(args.output === 'json'
      ? JSON.stringify({
        ...outcomeJson(access.context, outcome),
        reconciled: prepared.reconciled.map((r) => ({ kind: r.write.kind, namespace: r.write.namespace ?? null, name: r.write.name, runId: r.write.runId, result: r.verdict.state })),
        skipped: skipped.map((c) => ({ namespace: c.namespace, runId: c.fromRun, problems: c.problems })),
      }, null, 2)
      : outcomeText(outcome));
    return outcome.status === 'completed' || outcome.status === 'dry run' ? EXIT.ok : EXIT.failed;
  } finally {
    access.dispose();
  }
}
