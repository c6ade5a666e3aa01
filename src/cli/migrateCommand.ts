import { ownedNamespaces, planMigration } from '../mesh/migrationPlan';
import { ownerText } from '../mesh/owners/ownerText';
import { printRefusal, routeJson } from './ownerGate';
import { plural } from '../mesh/plural';
import { ControlPlaneCache } from '../upgrade/controlPlaneContext';
import { readScopedInventory } from '../upgrade/scopedInventory';
import { runMigration } from '../upgrade/migrationRunner';
import { openClusterAccess, openJournal } from './clusterAccess';
import { outcomeJson, outcomeText } from './outcomeJson';
import { EXIT, type CliIo, type CommonArgs } from './cliTypes';
import { planBlastRadius } from '../upgrade/blastRadiusReads';
import { blastRadiusJson, blastRadiusLines } from './gateOutput';
import { cliGate, type GateArgs } from './trafficGateCli';

export interface MigrateArgs extends CommonArgs {
  to: string;
  relabelOnly: boolean;
  concurrency: number;
  stopOnFailure: boolean;
  force: boolean;
  syncz?: boolean;
  /** Relabel namespaces Argo CD or Flux keep (then watch for the owner reverting it). */
  ignoreOwner?: boolean;
  gate: GateArgs;
}

/** `migrate --namespace a,b --to REV_OR_TAG`: plan, then relabel → restart → wait → verify, journaled. */
export async function migrateCommand(args: MigrateArgs, io: CliIo): Promise<number> {
  const access = openClusterAccess(args);
  try {
    // The plan's control-plane read is also what the run verifies against (re-read when a few seconds old).
    const controlPlane = new ControlPlaneCache(access.client);
    const inventory = await readScopedInventory(access.client, args.namespaces, { controlPlane });
    const planned = planMigration(access.context, inventory, args.namespaces, args.to);
    if (!planned.ok) {
      io.err(`error: ${planned.error}`);
      return EXIT.usage;
    }
    const { plan } = planned;
    const blocking = plan.warnings.filter((w) => w.severity === 'error');
    if (blocking.length && !args.force) {
      for (const w of blocking) io.err(`error: ${w.message}`);
      io.err('refusing to migrate (use --force to go ahead anyway)');
      return EXIT.usage;
    }
    const owned = ownedNamespaces(plan);
    if (owned.length && !args.ignoreOwner) {
      if (args.output === 'json') io.out(JSON.stringify({ refused: true, reason: 'owner', namespaces: owned.map((n) => ({ namespace: n.namespace, ...routeJson(n.route) })) }, null, 2));
      else for (const n of owned) printRefusal(n.route, `namespace ${n.namespace}`, io);
      return EXIT.usage;
    }
    for (const n of owned) io.err(`warning: --ignore-owner: namespace ${n.namespace} is kept by ${ownerText(n.route.owner)}; relabelling anyway, then watching for it to put the labels back. ${n.route.reverts}`);
    const radius = await planBlastRadius(access.client, inventory, plan);
    if (args.output !== 'json') {
      for (const w of plan.warnings) io.err(`${w.severity}: ${w.message}`);
      for (const line of blastRadiusLines(radius)) io.err(line);
      io.err(`plan: ${plural(plan.namespaces.length, 'namespace')} → ${plan.target.name}${plan.target.kind === 'tag' ? ` (tag → ${plan.target.revision})` : ''}${args.dryRun ? ' [dry run]' : ''}`);
    }
    const gate = await cliGate(access.client, args.gate, io, { dryRun: args.dryRun || args.relabelOnly, json: args.output === 'json', timeoutMs: args.requestTimeoutMs });
    const outcome = await runMigration({ client: access.client, journal: openJournal(args.journal) }, plan, {
      dryRun: args.dryRun, relabelOnly: args.relabelOnly, concurrency: args.concurrency, stopOnFailure: args.stopOnFailure,
      rolloutTimeoutMs: args.rolloutTimeoutMs, syncz: args.syncz, controlPlane,
      onProgress: args.output === 'json' ? undefined : (e) => io.err(`  ${e.namespace}: ${e.step} ${e.message}`),
      onNotice: (m) => io.err(`note: ${m}`), gate,
    });
    io.out(args.output === 'json' ? JSON.stringify({ ...outcomeJson(access.context, outcome, plan, plan.warnings), blastRadius: blastRadiusJson(radius) }, null, 2) : outcomeText(outcome));
    if (outcome.runId && outcome.namespaces.some((n) => n.gate?.verdict === 'breach')) {
      io.err(`the traffic gate stopped the run; roll back what it did: istio-canary rollback --run ${outcome.runId}${args.context ? ` --context ${args.context}` : ''}`);
    }
    return outcome.status === 'completed' || outcome.status === 'dry run' ? EXIT.ok : EXIT.failed;
  } finally {
    access.dispose();
  }
}
