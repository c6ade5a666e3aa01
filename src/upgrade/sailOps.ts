/**
 * Executing Sail writes (src/mesh/owners/sailWrites.ts): a merge patch of an IstioRevisionTag's `spec.targetRef` or
 * an Istio's `spec.version`, or the delete of an IstioRevisionTag — never what Sail renders. Each write re-reads the
 * object first (a field someone changed since the plan is not overwritten), carries the resourceVersion it read,
 * names our field manager, supports server-side dry run, and is journaled with the whole previous object (run
 * command `sail`), so `undoSailRun` can put it back.
 */
import type { ClusterClient } from '../kube/clusterClient';
import { isClusterError } from '../kube/clusterError';
import type { KSailIstio, KSailRevisionTag } from '../mesh/kubeObjects';
import type { SailResource, SailWrite } from '../mesh/owners/sailWrites';
import type { Journal, JournalWrite, RunRecord } from './journal';
import { journaledWrite } from './journaledWrite';
import { recreatable } from './removeRevision';
import { UpgradeError, errorMessage } from './upgradeErrors';
import { runWrites, type WriteRunOptions, type WriteRunOutcome } from './writeRun';
import { inRunScope } from './runScope';

type SailObject = KSailRevisionTag | KSailIstio;

export type SailRunOptions = WriteRunOptions;

export type SailAction = 'patched' | 'deleted' | 'unchanged' | 'absent' | 'created';

export type SailOutcome = WriteRunOutcome<SailWrite, SailAction>;

/** The field as the plan's before/after text: `Istio/default` for a targetRef, `v1.25.1` for a version. */
export function sailFieldText(resource: SailResource, o: SailObject | undefined): string | null {
  if (!o) return null;
  if (resource === 'istiorevisiontags') {
    const ref = (o as KSailRevisionTag).spec?.targetRef;
    return ref?.kind && ref.name ? `${ref.kind}/${ref.name}` : null;
  }
  return (o as KSailIstio).spec?.version ?? null;
}

async function current(client: ClusterClient, resource: SailResource, name: string, signal?: AbortSignal): Promise<SailObject | undefined> {
  try {
    return await client.get(resource, name, undefined, signal);
  } catch (e) {
    if (isClusterError(e) && e.kind === 'notFound') return undefined;
    throw e;
  }
}

async function applyOne(client: ClusterClient, w: SailWrite, o: SailRunOptions, run: RunRecord | undefined): Promise<SailAction> {
  const now = await current(client, w.resource, w.name, o.signal);
  if (!now) {
    if (w.op === 'delete') return 'absent';
    throw new UpgradeError('refused', `${w.resource}/${w.name} does not exist (any more)`);
  }
  const text = sailFieldText(w.resource, now);
  if (w.op === 'patch' && text === w.after) return 'unchanged';
  if (text !== w.before) {
    throw new UpgradeError('conflict', `${w.resource}/${w.name}: ${w.field} is ${text ?? '(none)'} now, not ${w.before ?? '(none)'} as planned; not overwriting someone else's change — plan again`);
  }
  const record = {
    kind: w.resource, name: w.name, field: w.field, before: { [w.field]: w.before }, after: { [w.field]: w.after },
    op: w.op, previousObject: now,
  } satisfies Omit<JournalWrite, 'seq' | 'time' | 'phase' | 'runId' | 'context'>;
  const target = { journal: o.journal, run, dryRun: o.dryRun };
  if (w.op === 'delete') {
    await journaledWrite(target, client, record, () => client.delete(w.resource, w.name, undefined, { dryRun: o.dryRun, signal: o.signal }), { fromReadBack: () => undefined });
    return 'deleted';
  }
  // The resourceVersion read above: a change made since is a 409, not a silent overwrite.
  const body = { ...w.patch, metadata: { resourceVersion: now.metadata.resourceVersion } };
  await journaledWrite(target, client, record, () => client.patch(w.resource, w.name, undefined, 'merge', body, { dryRun: o.dryRun, signal: o.signal }), { fromReadBack: (x) => x });
  return 'patched';
}

export function applySailWrites(client: ClusterClient, writes: readonly SailWrite[], o: SailRunOptions = {}): Promise<SailOutcome> {
  return runWrites(client, 'sail', writes, o, (w, run, signal) => applyOne(client, w, { ...o, signal }, run));
}

/** `{ spec: { version: … } }` from the previous object, for each journaled field path (absent → null removes it). */
function restorePatch(field: string, previous: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const path of field.split(',').map((p) => p.trim()).filter(Boolean)) {
    const keys = path.split('.');
    let from: unknown = previous;
    for (const k of keys) from = from && typeof from === 'object' ? (from as Record<string, unknown>)[k] : undefined;
    let into = patch;
    keys.slice(0, -1).forEach((k) => {
      into[k] = (into[k] as Record<string, unknown> | undefined) ?? {};
      into = into[k] as Record<string, unknown>;
    });
    into[keys[keys.length - 1]] = from ?? null;
  }
  return patch;
}

/** Puts back what a `sail` run changed, newest first; refuses when someone changed a field since. */
export async function undoSailRun(client: ClusterClient, journal: Journal, runId: string, o: Omit<SailRunOptions, 'journal' | 'rollbackOf'> = {}): Promise<SailOutcome> {
  const original = journal.run(runId);
  if (!original) throw new UpgradeError('refused', `no run ${runId} in the journal`);
  if (original.command !== 'sail') throw new UpgradeError('refused', `run ${runId} is a ${original.command} run, not a Sail run`);
  if (original.context !== client.context) throw new UpgradeError('refused', `run ${runId} was made on ${original.context}, not ${client.context}`);
  const applied = journal.writes(runId).filter((w) => w.phase === 'applied' && (w.kind === 'istiorevisiontags' || w.kind === 'istios'));
  if (applied.length === 0) throw new UpgradeError('refused', `run ${runId} changed nothing: nothing to undo`);
  return inRunScope({ client, journal }, {
    command: 'sail', target: original.target, namespaces: original.namespaces, rollbackOf: runId, dryRun: o.dryRun, signal: o.signal, locks: false,
  }, async (rc): Promise<SailOutcome> => {
    const run = rc.run;
    const results: SailOutcome['results'] = [];
    try {
      for (const w of [...applied].reverse()) {
        const resource = w.kind as SailResource;
        const previous = w.previousObject as Record<string, unknown> | null | undefined;
        const write: SailWrite = { op: 'patch', resource, name: w.name, field: w.field, before: w.after[w.field] ?? null, after: w.before[w.field] ?? null, summary: `restore ${resource}/${w.name} ${w.field} → ${w.before[w.field] ?? '(none)'}` };
        if (w.op === 'delete') {
          if (await current(client, resource, w.name, rc.signal)) throw new UpgradeError('conflict', `${resource}/${w.name} exists again: not overwriting it`);
          const object = recreatable(previous ?? {}) as unknown as SailObject;
          await journaledWrite({ journal, run, dryRun: o.dryRun }, client, { kind: resource, name: w.name, field: 'object', before: { object: null }, after: { object: w.name }, op: 'create', previousObject: null },
            () => client.create(resource, object as KSailRevisionTag, { dryRun: o.dryRun, signal: rc.signal }), { fromReadBack: (x) => x as KSailRevisionTag });
          results.push({ write: { ...write, summary: `re-create ${resource}/${w.name}` }, action: 'created' });
          continue;
        }
        results.push({ write, action: await applyOne(client, { ...write, patch: restorePatch(w.field, previous ?? {}) }, { ...o, journal, signal: rc.signal }, run) });
      }
    } catch (e) {
      return { runId: run?.runId, status: 'failed', results, error: errorMessage(e) };
    }
    return { runId: run?.runId, status: o.dryRun ? 'dry run' : 'completed', results };
  }, (out) => ({ status: out.status === 'dry run' ? 'completed' : out.status, error: out.error, stoppedAt: out.error }));
}
