/**
 * Trimming of the objects that tell who owns the Istio install: Helm release Secrets (decoded, data dropped),
 * the Sail Operator's resources, and the managedFields entries of a Namespace that touch its injection labels.
 */
import type {
  KHelmReleaseSecret, KSailIstio, KSailRevision, KSailRevisionTag, ManagedFieldsEntry, SailCondition,
} from '../mesh/kubeObjects';
import { LIVE_RELEASE_STATUSES, decodeHelmRelease } from './helmReleaseDecoder';
import { trimMeta } from './trimMeta';

type Raw = Record<string, unknown>;

function rec(v: unknown): Raw | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Only the given keys, each only when it has the given type. */
function fields<T extends object>(source: Raw | undefined, spec: Record<string, 'string' | 'number'>): T | undefined {
  if (!source) return undefined;
  const out: Raw = {};
  for (const [k, type] of Object.entries(spec)) {
    const v = type === 'string' ? str(source[k]) : num(source[k]);
    if (v !== undefined) out[k] = v;
  }
  return Object.keys(out).length ? (out as T) : undefined;
}

const LIVE = new Set<string>(LIVE_RELEASE_STATUSES);

/** The decoded release of a live (deployed/pending) revision; other revisions keep their metadata only. */
export function trimHelmReleaseSecret(o: Raw): KHelmReleaseSecret {
  // Already trimmed (the client trims Secrets itself; the cache trims every watch event again).
  if (o.data === undefined && (o.release !== undefined || o.decodeError !== undefined)) return o as unknown as KHelmReleaseSecret;
  const metadata = trimMeta(o.metadata);
  delete metadata.annotations;
  const out: KHelmReleaseSecret = { metadata };
  const status = metadata.labels?.status;
  if (status !== undefined && !LIVE.has(status)) return out;
  const decoded = decodeHelmRelease(rec(o.data)?.release);
  if (decoded.ok) out.release = decoded.release;
  else out.decodeError = decoded.error;
  return out;
}

function conditions(v: unknown): SailCondition[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.flatMap((c) => {
    const r = rec(c);
    const type = str(r?.type);
    const status = str(r?.status);
    if (!type || !status) return [];
    return [{ type, status, ...fields<{ reason?: string; lastTransitionTime?: string }>(r, { reason: 'string', lastTransitionTime: 'string' }) }];
  });
}

export function trimSailIstio(o: Raw): KSailIstio {
  const spec = rec(o.spec);
  const status = rec(o.status);
  const out: KSailIstio = { metadata: trimMeta(o.metadata) };
  if (spec) {
    out.spec = { ...fields(spec, { version: 'string', namespace: 'string' }) };
    const strategy = fields<{ type?: string; inactiveRevisionDeletionGracePeriodSeconds?: number }>(rec(spec.updateStrategy),
      { type: 'string', inactiveRevisionDeletionGracePeriodSeconds: 'number' });
    if (strategy) out.spec.updateStrategy = strategy;
  }
  if (status) {
    out.status = { ...fields(status, { activeRevisionName: 'string', state: 'string' }) };
    const revisions = fields<{ total?: number; ready?: number; inUse?: number }>(rec(status.revisions), { total: 'number', ready: 'number', inUse: 'number' });
    if (revisions) out.status.revisions = revisions;
    const c = conditions(status.conditions);
    if (c) out.status.conditions = c;
  }
  return out;
}

export function trimSailRevision(o: Raw): KSailRevision {
  const out: KSailRevision = { metadata: trimMeta(o.metadata) };
  const spec = fields<{ version?: string; namespace?: string }>(rec(o.spec), { version: 'string', namespace: 'string' });
  if (spec) out.spec = spec;
  const status = rec(o.status);
  if (status) {
    out.status = { ...fields(status, { state: 'string' }) };
    const c = conditions(status.conditions);
    if (c) out.status.conditions = c;
  }
  return out;
}

export function trimSailRevisionTag(o: Raw): KSailRevisionTag {
  const out: KSailRevisionTag = { metadata: trimMeta(o.metadata) };
  const targetRef = fields<{ kind?: string; name?: string }>(rec(rec(o.spec)?.targetRef), { kind: 'string', name: 'string' });
  if (targetRef) out.spec = { targetRef };
  const status = rec(o.status);
  if (status) {
    out.status = { ...fields(status, { istioRevision: 'string', istiodNamespace: 'string' }) };
    const c = conditions(status.conditions);
    if (c) out.status.conditions = c;
  }
  return out;
}

export const INJECTION_LABEL_KEYS = ['istio-injection', 'istio.io/rev'] as const;

/**
 * managedFields entries whose fieldsV1 owns `metadata.labels.istio-injection` or `…istio.io/rev`, reduced to
 * manager/operation/time and just those label keys (the rest of fieldsV1 is never read).
 */
export function injectionLabelEntries(v: unknown): ManagedFieldsEntry[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: ManagedFieldsEntry[] = [];
  for (const e of v) {
    const entry = rec(e);
    const labels = rec(rec(rec(entry?.fieldsV1)?.['f:metadata'])?.['f:labels']);
    const keys = INJECTION_LABEL_KEYS.filter((k) => labels?.[`f:${k}`] !== undefined);
    if (!entry || keys.length === 0) continue;
    const kept: ManagedFieldsEntry = {
      ...fields<ManagedFieldsEntry>(entry, { manager: 'string', operation: 'string', time: 'string' }),
      fieldsV1: { 'f:metadata': { 'f:labels': Object.fromEntries(keys.map((k) => [`f:${k}`, {}])) } },
    };
    out.push(kept);
  }
  return out.length ? out : undefined;
}
