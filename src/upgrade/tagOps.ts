/**
 * Applying tag plans: each write is create-or-replace (409 AlreadyExists → get → PUT with the current
 * resourceVersion) or delete, journaled with the whole previous object so a tag move can be undone, with
 * server-side dry run. Undo puts every object of a tag run back as it was (deleting what the run created).
 */
import type { ClusterClient, ResourceTypes } from '../kube/clusterClient';
import { isClusterError } from '../kube/clusterError';
import { LABEL_REV, LABEL_TAG } from '../mesh/labels';
import { stripServerFields } from '../mesh/tagRender';
import type { TagObject, TagResourceKind, TagWrite } from '../mesh/tagPlan';
import type { Journal, JournalWrite, RunRecord } from './journal';
import { resolveWrites } from './journalHistory';
import { journaledWrite } from './journaledWrite';
import { UpgradeError } from './upgradeErrors';
import { runWrites, type WriteRunOptions, type WriteRunOutcome } from './writeRun';

export interface TagRunOptions extends WriteRunOptions {
  /** Replace an object that already exists (tag move); without it an existing object is a refusal. */
  overwrite?: boolean;
}

export type TagWriteAction = 'created' | 'replaced' | 'deleted' | 'absent';

export interface TagWriteResult {
  write: TagWrite;
  action: TagWriteAction;
}

export type TagOutcome = WriteRunOutcome<TagWrite, TagWriteAction>;

/** What the journal's before/after show: the object's tag/revision labels (null = object absent). */
function summaryOf(o: TagObject | undefined): Record<string, string | null> {
  if (!o) return { exists: null };
  return { [LABEL_TAG]: o.metadata.labels?.[LABEL_TAG] ?? null, [LABEL_REV]: o.metadata.labels?.[LABEL_REV] ?? null };
}

async function getOrUndefined(client: ClusterClient, w: TagWrite, signal?: AbortSignal): Promise<TagObject | undefined> {
  try {
    return await client.get(w.kind, w.name, w.namespace, signal) as TagObject;
  } catch (e) {
    if (isClusterError(e) && e.kind === 'notFound') return undefined;
    throw e;
  }
}

async function replaceObject(client: ClusterClient, kind: TagResourceKind, object: TagObject, o: { dryRun?: boolean; signal?: AbortSignal }): Promise<void> {
  const typed = object as ResourceTypes[typeof kind];
  if (client.replace) {
    await client.replace(kind, typed, { dryRun: o.dryRun, signal: o.signal });
    return;
  }
  // No PUT: a merge patch replaces the webhook list / spec wholesale; the resourceVersion still guards it.
  await client.patch(kind, object.metadata.name, object.metadata.namespace, 'merge', object, { dryRun: o.dryRun, signal: o.signal });
}

async function applyOne(client: ClusterClient, w: TagWrite, o: TagRunOptions, run: RunRecord | undefined, maxConflicts = 3): Promise<TagWriteAction> {
  const desired = w.object ? stripServerFields(w.object) : undefined;
  for (let attempt = 0; ; attempt++) {
    const current = await getOrUndefined(client, w, o.signal);
    if (w.op === 'delete' && !current) return 'absent';
    const op: JournalWrite['op'] = w.op === 'delete' ? 'delete' : current ? 'replace' : 'create';
    if (op === 'replace' && !o.overwrite) {
      throw new UpgradeError('refused', `${w.kind}/${w.name} already exists, and --overwrite is false`);
    }
    const record = {
      kind: w.kind, namespace: w.namespace, name: w.name,
      field: w.kind === 'services' ? 'metadata.labels, spec' : 'metadata.labels, webhooks',
      before: summaryOf(current), after: summaryOf(desired), op, previousObject: current ?? null,
      ...(current?.metadata.resourceVersion ? { resourceVersion: current.metadata.resourceVersion } : {}),
    };
    const retryable = attempt < maxConflicts;
    try {
      await journaledWrite({ journal: o.journal, run, dryRun: o.dryRun }, client, record, async () => {
        if (op === 'delete') {
          await client.delete(w.kind, w.name, w.namespace, { dryRun: o.dryRun, signal: o.signal });
        } else if (op === 'create') {
          await client.create(w.kind, desired as ResourceTypes[typeof w.kind], { dryRun: o.dryRun, signal: o.signal });
        } else {
          const body = { ...desired, metadata: { ...desired?.metadata, resourceVersion: current?.metadata.resourceVersion } } as TagObject;
          await replaceObject(client, w.kind, body, o);
        }
      }, { retryOnConflict: retryable, fromReadBack: () => undefined });
    } catch (e) {
      // 409: created meanwhile (AlreadyExists) or changed meanwhile (Conflict) → read again and replace.
      if (retryable && isClusterError(e) && (e.kind === 'conflict' || (e.kind === 'notFound' && op === 'delete'))) continue;
      throw e;
    }
    return op === 'delete' ? 'deleted' : op === 'create' ? 'created' : 'replaced';
  }
}

export function applyTagWrites(client: ClusterClient, writes: TagWrite[], o: TagRunOptions = {}): Promise<TagOutcome> {
  return runWrites(client, 'tag', writes, o, (w, run, signal) => applyOne(client, w, { ...o, signal }, run));
}

/**
 * The writes that undo a tag run: per object, the first applied write's previous object comes back (an object
 * the run created is deleted), in reverse order. Refuses when someone changed an object's tag labels since.
 */
export async function tagRollbackWrites(client: ClusterClient, journal: Journal, runId: string, signal?: AbortSignal): Promise<TagWrite[]> {
  const run = journal.run(runId);
  if (!run) throw new UpgradeError('refused', `no run ${runId} in the journal`);
  if (run.command !== 'tag') throw new UpgradeError('refused', `run ${runId} is a ${run.command} run, not a tag run`);
  if (run.context !== client.context) throw new UpgradeError('refused', `run ${runId} was made on ${run.context}, not ${client.context}`);
  // Applied writes, and those whose outcome is unknown (no answer, or the process was killed): the cluster decides.
  const perObject = new Map<string, { first: JournalWrite; last: JournalWrite; lastMaybe: boolean }>();
  for (const r of resolveWrites(journal.writes(runId))) {
    const w = r.write;
    if (r.fate === 'failed' || w.kind === 'namespaces' || w.kind === 'deployments' || w.kind === 'statefulsets' || w.kind === 'daemonsets') continue;
    const key = `${w.kind}/${w.namespace ?? ''}/${w.name}`;
    const seen = perObject.get(key);
    perObject.set(key, { first: seen?.first ?? w, last: w, lastMaybe: r.fate === 'maybe' });
  }
  const writes: TagWrite[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  for (const { first, last, lastMaybe } of [...perObject.values()].reverse()) {
    const kind = first.kind as TagResourceKind;
    const stub: TagWrite = { kind, name: first.name, namespace: first.namespace, op: 'delete', summary: '' };
    const current = await getOrUndefined(client, stub, signal);
    const now = summaryOf(current);
    // An unanswered write that never landed, on an object the run wrote nothing else to: nothing to undo there.
    if (lastMaybe && first === last && same(now, last.before)) continue;
    if (!same(now, last.after) && !(lastMaybe && same(now, last.before))) {
      throw new UpgradeError('conflict', `${kind}/${first.name} changed since run ${runId} (expected ${JSON.stringify(last.after)}, found ${JSON.stringify(now)}); not overwriting someone else's change`);
    }
    const previous = first.previousObject as TagObject | null | undefined;
    writes.push(previous
      ? { kind, name: first.name, namespace: first.namespace, op: 'apply', object: stripServerFields(previous), previous: current, summary: `restore ${kind === 'services' ? 'Service' : kind === 'validatingwebhookconfigurations' ? 'ValidatingWebhookConfiguration' : 'MutatingWebhookConfiguration'} ${first.name} (istio.io/rev=${previous.metadata.labels?.[LABEL_REV] ?? '?'})` }
      : { kind, name: first.name, namespace: first.namespace, op: 'delete', previous: current, summary: `delete ${first.name} (created by run ${runId})` });
  }
  return writes;
}

export async function rollbackTagRun(client: ClusterClient, journal: Journal, runId: string, o: Omit<TagRunOptions, 'journal' | 'rollbackOf' | 'overwrite'> = {}): Promise<TagOutcome> {
  const writes = await tagRollbackWrites(client, journal, runId, o.signal);
  const run = journal.run(runId);
  return applyTagWrites(client, writes, { ...o, journal, overwrite: true, rollbackOf: runId, target: o.target ?? run?.target, namespaces: o.namespaces ?? run?.namespaces });
}
