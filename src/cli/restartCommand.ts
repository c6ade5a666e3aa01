import { byCount } from '../mesh/plural';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { ControlPlaneCache } from '../upgrade/controlPlaneContext';
import { readScopedInventory } from '../upgrade/scopedInventory';
import { runMigration } from '../upgrade/migrationRunner';
import { restartableRefs, restartPlan } from '../upgrade/restartPlan';
import { openClusterAccess, openJournal } from './clusterAccess';
import { outcomeJson, outcomeText } from './outcomeJson';
import { EXIT, type CliIo, type CommonArgs } from './cliTypes';

/** `restart --namespace a,b [--all]`: rollout-restart the stale workloads (all restartable ones with --all), wait, verify. */
export async function restartCommand(args: CommonArgs & { all: boolean }, io: CliIo): Promise<number> {
  const access = openClusterAccess(args);
  try {
    const controlPlane = new ControlPlaneCache(access.client);
    const inventory = await readScopedInventory(access.client, args.namespaces, { controlPlane });
    const snapshot = buildSnapshot(access.context, inventory);
    const missing = args.namespaces.filter((n) => !snapshot.namespaces.some((ns) => ns.name === n));
    if (missing.length) {
      io.err(`error: ${byCount(missing.length, 'namespace', 'namespaces')} not found: ${missing.join(', ')}`);
      return EXIT.usage;
    }
    const selections = args.namespaces.map((name) => {
      const ns = snapshot.namespaces.find((n) => n.name === name);
      const { refs, paused } = ns ? restartableRefs(ns, args.all ? 'all' : 'stale') : { refs: [], paused: [] };
      for (const p of paused) io.err(`warning: ${name}/${p} is paused: not restarted (kubectl rollout resume deployment/${p} -n ${name} first)`);
      return { namespace: name, refs };
    });
    const plan = restartPlan(snapshot, selections);
    const outcome = await runMigration({ client: access.client, journal: openJournal(args.journal) }, plan, {
      dryRun: args.dryRun, command: 'restart', rolloutTimeoutMs: args.rolloutTimeoutMs, controlPlane,
      onProgress: args.output === 'json' ? undefined : (e) => io.err(`  ${e.namespace}: ${e.step} ${e.message}`),
      onNotice: (m) => io.err(`note: ${m}`),
    });
    io.out(args.output === 'json' ? JSON.stringify(outcomeJson(access.context, outcome), null, 2) : outcomeText(outcome));
    return outcome.status === 'completed' || outcome.status === 'dry run' ? EXIT.ok : EXIT.failed;
  } finally {
    access.dispose();
  }
}
