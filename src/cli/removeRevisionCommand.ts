/**
 * `remove-revision REV [--dry-run]`: refuses (exit 1) with everything that still uses the revision, or deletes
 * its revision-scoped objects after a server-side dry run, journaled (the deleted objects are kept for undo).
 */
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { blockerText, planRevisionRemoval } from '../mesh/revisionRemoval';
import { readGatewayInventory } from '../upgrade/gatewayInventory';
import { removeRevision } from '../upgrade/removeRevision';
import { journaledRun } from './journaledRun';
import { openClusterAccess, openJournal, type AccessArgs } from './clusterAccess';
import { EXIT, type CliIo } from './cliTypes';
import { UsageError } from './cliErrors';

export interface RemoveRevisionArgs extends AccessArgs {
  revision?: string;
  dryRun: boolean;
  journal?: string;
  output: 'table' | 'json';
}

export async function removeRevisionCommand(args: RemoveRevisionArgs, io: CliIo): Promise<number> {
  if (!args.revision) throw new UsageError('remove-revision needs a REVISION');
  const access = openClusterAccess(args);
  try {
    const inv = await readGatewayInventory(access.client);
    const r = planRevisionRemoval(inv, buildSnapshot(access.context, inv), args.revision);
    if (!r.ok) {
      if (args.output === 'json') io.out(JSON.stringify({ refused: true, revision: r.revision, error: r.error, blockers: r.blockers }, null, 2));
      else {
        io.err(`refused: ${r.blockers.length ? `revision ${r.revision} is still in use:` : r.error}`);
        for (const b of r.blockers) io.err(`  - ${blockerText(b)}`);
      }
      return EXIT.usage;
    }
    const p = r.plan;
    const journal = openJournal(args.journal);
    const run = args.dryRun ? undefined : journal.startRun({ command: 'remove-revision', context: access.context, target: p.revision, namespaces: [p.istioNamespace] });
    return await journaledRun(journal, run, io, () => removeRevision(access.client, p, { journal, run, dryRun: args.dryRun, onProgress: (m) => io.err(`  ${m}`) }), (res) => {
      if (args.output === 'json') {
        io.out(JSON.stringify({ revision: p.revision, dryRun: res.dryRun, runId: run?.runId, deleted: res.deleted, missing: res.missing, byHand: p.byHand, istioctl: p.istioctl }, null, 2));
      } else {
        io.out(`${res.dryRun ? 'dry run: would delete' : 'deleted'}:`);
        for (const o of res.deleted) io.out(`  ${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`);
        for (const o of p.byHand) io.out(`delete by hand: ${o.kind} ${o.namespace}/${o.name} (${o.why})`);
        if (run) io.out(`run ${run.runId}; the deleted objects are in the journal`);
        io.out(`equivalent: ${p.istioctl}`);
      }
    });
  } finally {
    access.dispose();
  }
}
