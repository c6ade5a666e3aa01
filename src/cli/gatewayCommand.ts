/**
 * `gateway list` · `gateway switch --service NS/NAME --to NS/DEPLOYMENT [--dry-run]` · `gateway switch-back --run ID`:
 * the blue/green gateway switch of the extension, from a terminal.
 */
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { findGateways, gatewayRevisionText, type GatewayRef } from '../mesh/gateways';
import { planGatewaySwitch } from '../mesh/gatewayPlans';
import { readGatewayInventory } from '../upgrade/gatewayInventory';
import { runGatewaySwitch, runSwitchBack } from '../upgrade/gatewayRuns';
import { routeContextOf, routeWrite } from '../mesh/owners/ownerRoute';
import { ownerText } from '../mesh/owners/ownerText';
import { ownerGate } from './ownerGate';
import { openClusterAccess, openJournal, type AccessArgs } from './clusterAccess';
import { EXIT, type CliIo } from './cliTypes';
import { stepFailure } from './stepFailure';
import { RefusedError, UsageError } from './cliErrors';

export interface GatewayArgs extends AccessArgs {
  journal?: string;
  output: 'table' | 'json';
}

export function parseRef(value: string | undefined, flag: string): GatewayRef {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(value ?? '');
  if (!m) throw new UsageError(`${flag} must be NAMESPACE/NAME`);
  return { namespace: m[1], name: m[2] };
}

export async function gatewayListCommand(args: GatewayArgs, io: CliIo): Promise<number> {
  const access = openClusterAccess(args);
  try {
    const inv = await readGatewayInventory(access.client);
    const gateways = findGateways(inv, buildSnapshot(access.context, inv));
    if (args.output === 'json') {
      io.out(JSON.stringify(gateways.map(({ templateLabels: _t, ...g }) => g), null, 2));
      return EXIT.ok;
    }
    const rows = [['NAMESPACE/NAME', 'STYLE', 'REVISION', 'PROXIES', 'READY', 'SERVICES'],
      ...gateways.map((g) => [`${g.namespace}/${g.name}`, g.style, gatewayRevisionText(g), g.proxyVersions.join(',') || '-', `${g.readyReplicas}/${g.replicas}`, g.services.join(',') || '-'])];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    io.out(rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n'));
    return EXIT.ok;
  } finally {
    access.dispose();
  }
}

export async function gatewaySwitchCommand(args: GatewayArgs & { service?: string; to?: string; dryRun: boolean; ignoreOwner?: boolean }, io: CliIo): Promise<number> {
  const service = parseRef(args.service, '--service');
  const to = parseRef(args.to, '--to');
  const access = openClusterAccess(args);
  try {
    const inv = await readGatewayInventory(access.client, undefined, { owners: true });
    const snapshot = buildSnapshot(access.context, inv);
    const r = planGatewaySwitch(inv, snapshot, service, to);
    if (!r.ok) {
      io.err(`refused: ${r.error}`);
      return EXIT.usage;
    }
    const p = r.plan;
    const journal = openJournal(args.journal);
    const route = routeWrite({ kind: 'gateway-switch', namespace: service.namespace, service: service.name, to: to.name, toRevision: p.to.revision }, p.serviceOwner, routeContextOf(snapshot));
    const gated = await ownerGate(route, {
      subject: `Service ${service.namespace}/${service.name}`, ignoreOwner: !!args.ignoreOwner, dryRun: args.dryRun, json: args.output === 'json', client: access.client, journal, target: `${to.namespace}/${to.name}`,
    }, io);
    if (gated !== undefined) return gated;
    io.out(`Service ${service.namespace}/${service.name}${p.serviceOwner ? ` (kept by ${ownerText(p.serviceOwner)})` : ''}: ${p.from.name} → ${p.to.name}`);
    for (const [k, [a, b]] of Object.entries(p.changes)) io.out(`  ${k}: ${a ?? '(none)'} → ${b}`);
    const res = await runGatewaySwitch(access.client, p, { journal, dryRun: args.dryRun, onNotice: (m) => io.err(`note: ${m}`) })
      .catch((e: unknown) => stepFailure(e, io));
    if (typeof res === 'number') return res;
    io.out(args.dryRun ? 'dry run: the server accepted the change; nothing was written.' : `${res.change.changed ? 'switched' : 'already switched'}; run ${res.runId} (switch back: gateway switch-back --run ${res.runId})`);
    return EXIT.ok;
  } finally {
    access.dispose();
  }
}

export async function gatewaySwitchBackCommand(args: GatewayArgs & { run?: string; dryRun: boolean }, io: CliIo): Promise<number> {
  if (!args.run) throw new UsageError('gateway switch-back needs --run ID');
  const journal = openJournal(args.journal);
  const original = journal.run(args.run);
  if (!original) throw new RefusedError(`run ${args.run} not found in ${journal.dir}`);
  const access = openClusterAccess({ ...args, context: args.context ?? original.context });
  try {
    const res = await runSwitchBack(access.client, journal, original.runId, { dryRun: args.dryRun, onNotice: (m) => io.err(`note: ${m}`) })
      .catch((e: unknown) => stepFailure(e, io));
    if (typeof res === 'number') return res;
    const { change } = res;
    io.out(`${args.dryRun ? 'dry run: would restore' : change.changed ? 'restored' : 'already'} selector ${JSON.stringify(change.after)} on ${change.service.namespace}/${change.service.name}`);
    return EXIT.ok;
  } finally {
    access.dispose();
  }
}
