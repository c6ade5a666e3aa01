/**
 * The coordination.k8s.io/v1 Lease (kubernetes-api.md K2) as the namespace locks write it, and what its holder
 * annotation says about who holds it. Pure: parsing only, no I/O.
 */
import type { ObjectMeta } from './kubeObjects';

export interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number | null;
  /** MicroTime, e.g. `2026-08-22T10:00:00.000000Z`. */
  acquireTime?: string | null;
  renewTime?: string | null;
  leaseTransitions?: number | null;
}

export interface KLease {
  metadata: ObjectMeta;
  spec?: LeaseSpec;
}

/** One Lease per namespace being changed, in that namespace. */
export const LOCK_LEASE_NAME = 'istio-canary-upgrade-lock';
/** Set on every lock Lease: the cache lists and watches leases with this selector only. */
export const LOCK_LABEL_KEY = 'app.kubernetes.io/managed-by';
export const LOCK_LABEL_VALUE = 'istio-canary-upgrades';
export const LOCK_SELECTOR = `${LOCK_LABEL_KEY}=${LOCK_LABEL_VALUE}`;
/** JSON of the LockHolder, for people and for the tree. */
export const HOLDER_ANNOTATION = 'istio-canary-upgrades/holder';

export interface LockHolder {
  /** `user@host` of the operator. */
  operator: string;
  host: string;
  pid: number;
  runId: string;
  command: string;
  target?: string;
}

/** A namespace someone is changing, as its lock Lease says (the tree's "🔒 migrating by …"). */
export interface NamespaceLock {
  namespace: string;
  holderIdentity: string;
  holder?: LockHolder;
  /** The holder's clock: when it took the lock and last renewed it. */
  acquireTime?: string;
  renewTime?: string;
  durationSeconds: number;
}

/** `ana@laptop/run 20261122T101500Z-ab12cd/pid 4242` — readable in `kubectl get lease -o wide`. */
export function holderIdentity(h: LockHolder): string {
  return `${h.operator}/run ${h.runId}/pid ${h.pid}`;
}

function parseHolder(json: string | undefined): LockHolder | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as Partial<LockHolder>;
    if (typeof v.operator !== 'string' || typeof v.host !== 'string' || typeof v.pid !== 'number' || typeof v.runId !== 'string' || typeof v.command !== 'string') return undefined;
    return { operator: v.operator, host: v.host, pid: v.pid, runId: v.runId, command: v.command, ...(typeof v.target === 'string' ? { target: v.target } : {}) };
  } catch {
    return undefined;
  }
}

/** The lock a Lease describes, or undefined when it is free (released: no holder). */
export function lockOf(lease: KLease): NamespaceLock | undefined {
  const id = lease.spec?.holderIdentity;
  if (!id || !lease.metadata.namespace) return undefined;
  const holder = parseHolder(lease.metadata.annotations?.[HOLDER_ANNOTATION]);
  return {
    namespace: lease.metadata.namespace,
    holderIdentity: id,
    ...(holder && holderIdentity(holder) === id ? { holder } : {}),
    ...(lease.spec?.acquireTime ? { acquireTime: lease.spec.acquireTime } : {}),
    ...(lease.spec?.renewTime ? { renewTime: lease.spec.renewTime } : {}),
    durationSeconds: lease.spec?.leaseDurationSeconds ?? 0,
  };
}

const VERBS: Record<string, string> = {
  migrate: 'migrating', rollback: 'rolling back', restart: 'restarting', 'workload-first': 'moving a workload',
  'gateway-move': 'moving a gateway', 'gateway-switch': 'switching a gateway', 'remove-revision': 'removing a revision',
};

/** "migrating by ana@laptop (run …cd, 2 min)": `now` and the holder's acquireTime give the age (display only). */
export function lockText(lock: NamespaceLock, now: number): string {
  const who = lock.holder?.operator ?? lock.holderIdentity;
  const verb = VERBS[lock.holder?.command ?? ''] ?? 'locked';
  const run = lock.holder ? `run …${lock.holder.runId.slice(-6)}` : undefined;
  const age = lockAge(lock, now);
  const extra = [run, age].filter(Boolean).join(', ');
  return `${verb} by ${who}${extra ? ` (${extra})` : ''}`;
}

export function lockAge(lock: NamespaceLock, now: number): string | undefined {
  const since = lock.acquireTime ? Date.parse(lock.acquireTime) : NaN;
  if (!Number.isFinite(since)) return undefined;
  const s = Math.max(0, Math.round((now - since) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 120 ? `${m} min` : `${Math.round(m / 60)} h`;
}
