/**
 * `tag set|move|remove|list`: istioctl's revision-tag commands on the same planner and engine as the extension,
 * journaled (undo with the extension's Undo Tag Change, or rollback of the run). `remove` prints istioctl's caution
 * and proceeds (non-interactive, as `istioctl tag remove -y`).
 */
import { listTags, planTagRemove, planTagSet, type TagWrite } from '../mesh/tagPlan';
import type { ClusterInventory } from '../mesh/kubeObjects';
import { buildSnapshot } from '../mesh/snapshotBuilder';
import { routeContextOf, routeWrite, type PlannedWrite } from '../mesh/owners/ownerRoute';
import { readInventory } from '../upgrade/inventoryReader';
import type { ClusterAccess } from './clusterAccess';
import { ownerGate } from './ownerGate';
import { ownerText } from '../mesh/owners/ownerText';
import { applyTagWrites, type TagOutcome } from '../upgrade/tagOps';
import { errorMessage } from '../upgrade/upgradeErrors';
import { openClusterAccess, openJournal } from './clusterAccess';
import { EXIT, type CliIo, type CommonArgs } from './cliTypes';
import { exitCodeOf } from './cliErrors';

export interface TagArgs extends CommonArgs {
  tag?: string;
  revision?: string;
  overwrite: boolean;
  /** --webhook-name NAME (set/move): the tag MutatingWebhookConfiguration's name. */
  webhookName?: string;
  /** --auto-inject-namespaces (true) / --no-auto-inject-namespaces (false); absent: a move keeps what the tag has. */
  autoInjectNamespaces?: boolean;
  /** --ignore-owner: write the webhook even when Helm or Sail keeps the tag. */
  ignoreOwner?: boolean;
}

export const TAG_USAGE = `  tag set TAG --revision REV [--overwrite] [--webhook-name NAME] [--auto-inject-namespaces] [--dry-run]
                              point a revision tag at a revision (istioctl tag set); no pod changes until restart.
                              --webhook-name: the tag webhook's name instead of istio-revision-tag-TAG;
                              --auto-inject-namespaces (default tag only): also inject namespaces with neither
                              istio-injection nor istio.io/rev (a move keeps the current choice unless
                              --auto-inject-namespaces or --no-auto-inject-namespaces is given)
  tag move TAG --revision REV [--webhook-name NAME] [--[no-]auto-inject-namespaces] [--ignore-owner] [--dry-run]
                              = tag set --overwrite; then: restart --namespace <the namespaces it lists>.
                              A tag Helm renders: exit 1 with the helm commands (--ignore-owner: write anyway);
                              a Sail IstioRevisionTag: its spec.targetRef is patched instead of the webhook
  tag remove TAG [--ignore-owner] [--dry-run]
                              delete the tag's webhooks and Services (istioctl tag remove -y); owners as for move
  tag list [-o json]          TAG REVISION NAMESPACES (istioctl tag list)`;

function outcomeJson(tag: string, outcome: TagOutcome, extra: Record<string, unknown>): string {
  return JSON.stringify({
    tag, ...extra, runId: outcome.runId, status: outcome.status, error: outcome.error,
    writes: outcome.results.map((r) => ({ op: r.write.op, kind: r.write.kind, name: r.write.name, namespace: r.write.namespace, action: r.action })),
  }, null, 2);
}

/** Read with owners: who keeps the tag decides whether we write it (ownerGate). */
function readTagInventory(access: ClusterAccess): Promise<ClusterInventory> {
  return readInventory(access.client, { namespaces: [], owners: true });
}

/** ownerGate for a write to an existing tag: undefined = write directly. */
function gateTag(inv: ClusterInventory, access: ClusterAccess, write: Extract<PlannedWrite, { kind: 'move-tag' | 'remove-tag' }>, args: TagArgs, io: CliIo): Promise<number | undefined> {
  const snapshot = buildSnapshot(access.context, inv);
  const tag = snapshot.tags.find((t) => t.name === write.tag);
  if (!tag) return Promise.resolve(undefined);
  const route = routeWrite({ ...write, from: tag.revision }, tag.managedBy, routeContextOf(snapshot));
  return ownerGate(route, {
    subject: `tag ${write.tag}`, ignoreOwner: !!args.ignoreOwner, dryRun: args.dryRun, json: args.output === 'json',
    client: access.client, journal: openJournal(args.journal), target: write.tag,
  }, io);
}

function printWrites(writes: TagWrite[], dryRun: boolean, io: CliIo): void {
  for (const w of writes) io.err(`  ${dryRun ? '[dry run] ' : ''}${w.summary}${w.owner ? ` (kept by ${ownerText(w.owner)})` : ''}`);
}

async function setTag(args: TagArgs, overwrite: boolean, io: CliIo): Promise<number> {
  const { tag, revision } = args;
  if (!tag || !revision) {
    io.err(`error: tag ${overwrite ? 'move' : 'set'} needs TAG and --revision REV\n${TAG_USAGE}`);
    return EXIT.usage;
  }
  const access = openClusterAccess(args);
  try {
    const inventory = await readTagInventory(access);
    const planned = planTagSet(inventory, tag, revision, { overwrite, webhookName: args.webhookName, autoInjectNamespaces: args.autoInjectNamespaces });
    if (!planned.ok) {
      io.err(`error: ${planned.error}`);
      return EXIT.usage;
    }
    const { plan } = planned;
    const gated = await gateTag(inventory, access, { kind: 'move-tag', tag, to: revision }, args, io);
    if (gated !== undefined) return gated;
    const json = args.output === 'json';
    if (!json) printWrites(plan.writes, args.dryRun, io);
    for (const w of plan.warnings) io.err(`Warning: ${w}`);
    const outcome = await applyTagWrites(access.client, plan.writes, {
      journal: openJournal(args.journal), dryRun: args.dryRun, overwrite, target: tag, namespaces: plan.namespaces,
    });
    if (json) {
      io.out(outcomeJson(tag, outcome, {
        revision, previousRevision: plan.previousRevision, webhookName: plan.webhookName, autoInjectNamespaces: plan.autoInjectNamespaces,
        namespaces: plan.namespaces, notes: plan.notes, warnings: plan.warnings,
      }));
    } else if (outcome.status === 'completed' || outcome.status === 'dry run') {
      const prefix = args.dryRun ? '[dry run] ' : '';
      io.out(plan.previousRevision
        ? `${prefix}Revision tag ${JSON.stringify(tag)} now references control plane revision ${JSON.stringify(revision)} (was ${JSON.stringify(plan.previousRevision)}).`
        : `${prefix}Revision tag ${JSON.stringify(tag)} created, referencing control plane revision ${JSON.stringify(revision)}. To enable injection using this revision tag, use 'kubectl label namespace <NAMESPACE> istio.io/rev=${tag}'`);
      for (const n of plan.notes) io.err(n);
      if (plan.namespaces.length && plan.previousRevision !== revision) {
        io.err(`Nothing changes until pods restart: istio-canary restart --namespace ${plan.namespaces.join(',')}`);
      }
    } else {
      io.err(`error: ${outcome.error ?? outcome.status}${outcome.runId ? ` (run ${outcome.runId})` : ''}`);
    }
    return outcome.status === 'completed' || outcome.status === 'dry run' ? EXIT.ok : EXIT.failed;
  } finally {
    access.dispose();
  }
}

async function removeTag(args: TagArgs, io: CliIo): Promise<number> {
  const { tag } = args;
  if (!tag) {
    io.err(`error: tag remove needs TAG\n${TAG_USAGE}`);
    return EXIT.usage;
  }
  const access = openClusterAccess(args);
  try {
    const inventory = await readTagInventory(access);
    const planned = planTagRemove(inventory, tag);
    if (!planned.ok) {
      io.err(`error: ${planned.error}`);
      return EXIT.usage;
    }
    const { plan } = planned;
    const gated = await gateTag(inventory, access, { kind: 'remove-tag', tag }, args, io);
    if (gated !== undefined) return gated;
    const json = args.output === 'json';
    if (plan.warning) io.err(plan.warning);
    if (!json) {
      for (const n of plan.notes) io.err(n);
      printWrites(plan.writes, args.dryRun, io);
    }
    const outcome = await applyTagWrites(access.client, plan.writes, {
      journal: openJournal(args.journal), dryRun: args.dryRun, target: tag, namespaces: plan.namespaces,
    });
    if (json) io.out(outcomeJson(tag, outcome, { revision: plan.revision, namespaces: plan.namespaces, warning: plan.warning }));
    else if (outcome.status === 'completed' || outcome.status === 'dry run') io.out(`${args.dryRun ? '[dry run] ' : ''}Revision tag ${tag} removed`);
    else io.err(`error: ${outcome.error ?? outcome.status}${outcome.runId ? ` (run ${outcome.runId})` : ''}`);
    return outcome.status === 'completed' || outcome.status === 'dry run' ? EXIT.ok : EXIT.failed;
  } finally {
    access.dispose();
  }
}

async function listTagsCommand(args: TagArgs, io: CliIo): Promise<number> {
  const access = openClusterAccess(args);
  try {
    const rows = listTags(await readInventory(access.client, { namespaces: [] }));
    if (args.output === 'json') {
      io.out(JSON.stringify(rows, null, 2));
      return EXIT.ok;
    }
    if (rows.length === 0) {
      io.out('No Istio revision tag MutatingWebhookConfigurations to list');
      return EXIT.ok;
    }
    const table = [['TAG', 'REVISION', 'NAMESPACES'], ...rows.map((r) => [r.tag, r.revision, r.namespaces.join(',')])];
    const widths = [0, 1].map((i) => Math.max(...table.map((row) => row[i].length)));
    for (const row of table) io.out(`${row[0].padEnd(widths[0])} ${row[1].padEnd(widths[1])} ${row[2]}`.trimEnd());
    return EXIT.ok;
  } finally {
    access.dispose();
  }
}

export async function tagCommand(sub: string, args: TagArgs, io: CliIo): Promise<number> {
  const setOnly = [args.webhookName !== undefined && '--webhook-name', args.autoInjectNamespaces !== undefined && '--[no-]auto-inject-namespaces'].filter(Boolean);
  if (setOnly.length && sub !== 'set' && sub !== 'move') {
    io.err(`error: ${setOnly.join(' and ')} ${setOnly.length === 1 ? 'applies' : 'apply'} to tag set and tag move only\n${TAG_USAGE}`);
    return EXIT.usage;
  }
  try {
    switch (sub) {
      case 'set':
        return await setTag(args, args.overwrite, io);
      case 'move':
        return await setTag(args, true, io);
      case 'remove':
      case 'delete':
        return await removeTag(args, io);
      case 'list':
      case 'show':
        return await listTagsCommand(args, io);
      default:
        io.err(`error: unknown tag command ${JSON.stringify(sub)}\n${TAG_USAGE}`);
        return EXIT.usage;
    }
  } catch (e) {
    io.err(`error: ${errorMessage(e)}`);
    return exitCodeOf(e);
  }
}
