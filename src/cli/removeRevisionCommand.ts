/**
 * `remove-revision REV [--dry-run]`: refuses (exit 1) with everything that still uses the revision, or deletes
 * its revision-scoped objects after a server-side dry run, journaled (the deleted objects are kept for undo).
 */
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { blockerText, planRevisionRemoval } from '../mesh/revisionRemoval';
import { routeContextOf, routeWrite } from '../mesh/owners/ownerRoute';
import { ownerText } from '../mesh/owners/ownerText';
import { ownerGate, routeJson } from './ownerGate';
import { readGatewayInventory } from '../upgrade/gatewayInventory';
import { runRevisionRemoval } from '../upgrade/removalRuns';
import { openClusterAccess, openJournal, type AccessArgs } from './clusterAccess';
import { EXIT, type CliIo } from './cliTypes';
import { stepFailure } from './stepFailure';
import { UsageError } from './cliErrors';

export interface RemoveRevisionArgs extends AccessArgs {
  revision?: string;
  dryRun: boolean;
  journal?: string;
  output: 'table' | 'json';
  /** Delete the objects although Helm or Sail keeps the revision. */
  ignoreOwner?: boolean;
}

export async function removeRevisionCommand(args: RemoveRevisionArgs, io: CliIo): Promise<number> {
  if (!args.revision) throw new UsageError('remove-revision needs a REVISION');
  const access = openClusterAccess(args);
  try {
    const inv = await readGatewayInventory(access.client, undefined, { owners: true });
    const snapshot = buildSnapshot(access.context, inv);
    const r = planRevisionRemoval(inv, snapshot, args.revision);
    const owner = snapshot.revisions.find((x) => x.name === args.revision)?.managedBy;
    const route = routeWrite({ kind: 'remove-revision', revision: args.revision }, owner, routeContextOf(snapshot));
    if (!r.ok) {
      // In use: refused whoever owns it; the owner's way is said as well (Sail: when it prunes the revision itself).
      const native = route.route === 'owner-native' ? route : undefined;
      if (args.output === 'json') io.out(JSON.stringify({ refused: true, revision: r.revision, error: r.error, blockers: r.blockers, ...(native ? { route: routeJson(native) } : {}) }, null, 2));
      else {
        io.err(`refused: ${r.blockers.length ? `revision ${r.revision} is still in use:` : r.error}`);
        for (const b of r.blockers) io.err(`  - ${blockerText(b)}`);
        if (native) for (const line of [`kept by ${ownerText(native.owner)}: ${native.explanation}`, ...native.notes]) io.err(`note: ${line}`);
      }
      return EXIT.usage;
    }
    const p = r.plan;
    const journal = openJournal(args.journal);
    const gated = await ownerGate(route, {
      subject: `revision ${p.revision}`, ignoreOwner: !!args.ignoreOwner, dryRun: args.dryRun, json: args.output === 'json', client: access.client, journal, target: p.revision,
    }, io);
    if (gated !== undefined) return gated;
    const res = await runRevisionRemoval(access.client, p, {
      journal, dryRun: args.dryRun, onProgress: (m) => io.err(`  ${m}`), onNotice: (m) => io.err(`note: ${m}`),
    }).catch((e: unknown) => stepFailure(e, io));
    if (typeof res === 'number') return res;
    if (args.output === 'json') {
      io.out(JSON.stringify({ revision: p.revision, dryRun: res.dryRun, runId: res.runId, deleted: res.deleted, missing: res.missing, byHand: p.byHand, istioctl: p.istioctl }, null, 2));
    } else {
      io.out(`${res.dryRun ? 'dry run: would delete' : 'deleted'}:`);
      for (const o of res.deleted) io.out(`  ${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}${o.owner ? ` (kept by ${ownerText(o.owner)})` : ''}`);
      for (const o of p.byHand) io.out(`delete by hand: ${o.kind} ${o.namespace}/${o.name} (${o.why})`);
      if (res.runId) io.out(`run ${res.runId}; the deleted objects are in the journal`);
      io.out(`equivalent: ${p.istioctl}`);
    }
    return EXIT.ok;
  } finally {
    access.dispose();
  }
}
