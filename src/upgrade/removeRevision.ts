/**
 * Deleting a revision's objects: a server-side dry run of every delete first (so a forbidden or invalid delete
 * stops us before anything is gone), then the deletes. Each deleted object is journaled whole (minus server-set
 * fields) so `undoRemoval` can re-create it.
 */
import type { ClusterClient, ResourceTypes } from '../kube/clusterClient';
import { resolveWrites } from './journalHistory';
import { journaledWrite } from './journaledWrite';
import { isClusterError } from '../kube/clusterError';
import type { RemovableKind, RemovalObject, RemovalPlan } from '../mesh/revisionRemoval';
import type { Journal, RunRecord } from './journal';
import { UpgradeError, throwIfAborted } from './upgradeErrors';

export interface RemovalOutcome {
  dryRun: boolean;
  deleted: RemovalObject[];
  /** Already gone when we looked. */
  missing: RemovalObject[];
}

export interface RemovalOpts {
  journal?: Journal;
  run?: RunRecord;
  dryRun?: boolean;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

const SERVER_FIELDS = ['resourceVersion', 'uid', 'creationTimestamp', 'generation', 'managedFields', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink', 'ownerReferences'];

/** The object as it can be POSTed again: no status, no server-set metadata, no allocated cluster IPs. */
export function recreatable(obj: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
  delete copy.status;
  const meta = (copy.metadata ?? {}) as Record<string, unknown>;
  for (const k of SERVER_FIELDS) delete meta[k];
  const spec = copy.spec as Record<string, unknown> | undefined;
  if (copy.kind === 'Service' && spec) {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  }
  return copy;
}

const label = (o: RemovalObject): string => `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

async function current(client: ClusterClient, o: RemovalObject, signal?: AbortSignal): Promise<ResourceTypes[RemovableKind] | undefined> {
  try {
    return await client.get(o.kind, o.name, o.namespace, signal);
  } catch (e) {
    if (isClusterError(e) && e.kind === 'notFound') return undefined;
    throw e;
  }
}

export async function removeRevision(client: ClusterClient, plan: RemovalPlan, opts: RemovalOpts = {}): Promise<RemovalOutcome> {
  const present: RemovalObject[] = [];
  const missing: RemovalObject[] = [];
  for (const o of plan.objects) {
    throwIfAborted(opts.signal, `checking ${label(o)}`);
    if (await current(client, o, opts.signal)) present.push(o);
    else missing.push(o);
  }
  for (const o of present) {
    opts.onProgress?.(`dry run: delete ${label(o)}`);
    await client.delete(o.kind, o.name, o.namespace, { dryRun: true, signal: opts.signal });
  }
  if (opts.dryRun) return { dryRun: true, deleted: present, missing };
  const deleted: RemovalObject[] = [];
  for (const o of present) {
    throwIfAborted(opts.signal, `deleting ${label(o)}`);
    const obj = await current(client, o, opts.signal);
    if (!obj) {
      missing.push(o);
      continue;
    }
    const record = { kind: o.kind, namespace: o.namespace, name: o.name, field: 'object', before: { object: JSON.stringify(recreatable(obj)) }, after: { object: null } };
    opts.onProgress?.(`delete ${label(o)}`);
    await journaledWrite({ journal: opts.journal, run: opts.run }, client, record, () => client.delete(o.kind, o.name, o.namespace, { signal: opts.signal }), {
      fromReadBack: () => undefined,
    });
    deleted.push(o);
  }
  return { dryRun: false, deleted, missing };
}

const REMOVABLE = new Set<string>(['deployments', 'services', 'configmaps', 'mutatingwebhookconfigurations', 'validatingwebhookconfigurations']);

export interface UndoOutcome {
  created: RemovalObject[];
  /** Already present again (someone re-created them): left as they are. */
  existing: RemovalObject[];
}

/** Re-creates what removal run `runId` deleted, in reverse order (istiod and its Service before the webhooks). */
export async function undoRemoval(client: ClusterClient, journal: Journal, runId: string, opts: RemovalOpts = {}): Promise<UndoOutcome> {
  // Deletes that were applied, or left without a known outcome (re-creating an object that still exists is a 409: kept).
  const writes = resolveWrites(journal.writes(runId)).filter((r) => r.fate !== 'failed').map((r) => r.write)
    .filter((w) => w.field === 'object' && REMOVABLE.has(w.kind) && w.before.object);
  if (writes.length === 0) throw new UpgradeError('refused', `Run ${runId} deleted no objects: nothing to undo.`);
  const out: UndoOutcome = { created: [], existing: [] };
  for (const w of [...writes].reverse()) {
    throwIfAborted(opts.signal, `re-creating ${w.kind}/${w.name}`);
    const kind = w.kind as RemovableKind;
    const o: RemovalObject = w.namespace ? { kind, namespace: w.namespace, name: w.name } : { kind, name: w.name };
    const object = JSON.parse(w.before.object ?? '{}') as ResourceTypes[RemovableKind];
    const record = { kind, namespace: w.namespace, name: w.name, field: 'object', before: { object: null }, after: { object: w.before.object ?? null } };
    opts.onProgress?.(`${opts.dryRun ? 'dry run: ' : ''}create ${label(o)}`);
    try {
      await journaledWrite(opts, client, record, () => client.create(kind, object, { dryRun: opts.dryRun, signal: opts.signal }), { fromReadBack: (x) => x as ResourceTypes[RemovableKind] });
    } catch (e) {
      if (isClusterError(e) && e.kind === 'conflict') {
        out.existing.push(o);
        continue;
      }
      throw e;
    }
    out.created.push(o);
  }
  return out;
}
