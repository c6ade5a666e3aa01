/**
 * The CLI's side of "don't fight the owner" (issue 13): a write to something an owner keeps is refused (exit 1)
 * naming the owner and printing its way — command lines (one per line on stdout, so they can be copied), YAML to
 * commit — unless `--ignore-owner` is given; a write Sail's resources can make (an IstioRevisionTag move or delete)
 * is made there instead, journaled, and said so.
 */
import type { ClusterClient } from '../kube/clusterClient';
import { ownerText } from '../mesh/owners/ownerText';
import { routeCommands, routeManifests, routeSailWrites, type OwnerNativeRoute, type OwnerRoute } from '../mesh/owners/ownerRoute';
import { shellCommand } from '../mesh/shellQuote';
import { managedByJson } from '../mesh/statusJson';
import type { Journal } from '../upgrade/journal';
import { applySailWrites, type SailOutcome } from '../upgrade/sailOps';
import { EXIT, type CliIo } from './cliTypes';

export interface GateOptions {
  /** "tag prod", "namespace payments". */
  subject: string;
  ignoreOwner: boolean;
  dryRun: boolean;
  json: boolean;
  client: ClusterClient;
  journal: Journal;
  /** Journal run target of a Sail write. */
  target: string;
}

export function routeJson(route: OwnerNativeRoute) {
  return {
    owner: managedByJson(route.owner),
    ownerText: ownerText(route.owner),
    explanation: route.explanation,
    reverts: route.reverts,
    commands: route.actions.flatMap((a) => (a.kind === 'command' ? [{ title: a.title, argv: a.argv, text: shellCommand(a.argv) }] : [])),
    manifests: routeManifests(route),
    sail: routeSailWrites(route).map((w) => ({ op: w.op, resource: w.resource, name: w.name, field: w.field, before: w.before, after: w.after, summary: w.summary })),
    hazards: route.hazards,
    notes: route.notes,
    prune: route.prune ?? null,
  };
}

/** The refusal in words (stderr) and the owner's commands (stdout, one per line, `#` comments naming each step). */
export function printRefusal(route: OwnerNativeRoute, subject: string, io: CliIo): void {
  io.err(`refused: ${subject} is kept by ${ownerText(route.owner)}`);
  io.err(`  ${route.explanation}`);
  io.err(`  ${route.reverts}`);
  const commands = route.actions.filter((a) => a.kind === 'command');
  if (commands.length) {
    io.err('the owner\'s way, in this order:');
    commands.forEach((a, i) => {
      if (a.kind !== 'command') return;
      io.out(`# ${i + 1}. ${a.title}`);
      io.out(shellCommand(a.argv));
    });
  }
  for (const m of routeManifests(route)) {
    io.out(`# ${m.title}`);
    io.out(m.text.replace(/\n$/, ''));
  }
  for (const h of route.hazards) io.err(`watch out: ${h}`);
  for (const n of route.notes) io.err(`note: ${n}`);
  io.err('Run again with --ignore-owner to write directly anyway (the owner will revert it).');
}

function printSail(outcome: SailOutcome, route: OwnerNativeRoute, subject: string, io: CliIo, dryRun: boolean): void {
  io.err(`${subject} is kept by ${ownerText(route.owner)}: writing the Sail resource instead of what Sail renders.`);
  for (const r of outcome.results) io.out(`${dryRun ? '[dry run] ' : ''}${r.write.summary} — ${r.action}`);
  for (const n of route.notes) io.err(`note: ${n}`);
  if (outcome.error) io.err(`error: ${outcome.error}${outcome.runId ? ` (run ${outcome.runId})` : ''}`);
  else if (outcome.runId) io.err(`run ${outcome.runId} (undo: istio-canary rollback --run ${outcome.runId})`);
}

/**
 * What to do about `route` before a direct write: undefined = go ahead (no owner, istioctl, or --ignore-owner);
 * otherwise the exit code after refusing, or after making the Sail write instead.
 */
export async function ownerGate(route: OwnerRoute, o: GateOptions, io: CliIo): Promise<number | undefined> {
  if (route.route === 'direct') {
    if (!o.json) for (const n of route.notes) io.err(`note: ${n}`);
    return undefined;
  }
  if (o.ignoreOwner) {
    io.err(`warning: --ignore-owner: ${o.subject} is kept by ${ownerText(route.owner)}; writing directly. ${route.reverts}`);
    return undefined;
  }
  const sail = routeSailWrites(route);
  if (sail.length && routeCommands(route).length === 0) {
    const outcome = await applySailWrites(o.client, sail, { journal: o.journal, dryRun: o.dryRun, target: o.target });
    if (o.json) io.out(JSON.stringify({ subject: o.subject, route: 'owner-native', ...routeJson(route), runId: outcome.runId ?? null, status: outcome.status, error: outcome.error ?? null, results: outcome.results.map((r) => ({ summary: r.write.summary, action: r.action })) }, null, 2));
    else printSail(outcome, route, o.subject, io, o.dryRun);
    return outcome.status === 'completed' || outcome.status === 'dry run' ? EXIT.ok : EXIT.failed;
  }
  if (o.json) io.out(JSON.stringify({ subject: o.subject, refused: true, route: 'owner-native', ...routeJson(route) }, null, 2));
  else printRefusal(route, o.subject, io);
  return EXIT.usage;
}
