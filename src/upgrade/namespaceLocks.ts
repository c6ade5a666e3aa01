/**
 * Cross-operator locks: one coordination.k8s.io/v1 Lease per namespace a run changes (`istio-canary-upgrade-lock`
 * in that namespace), held for the length of the run (kubernetes-api.md K2). Taken by create (a racing creator gets
 * 409) or by an update carrying the resourceVersion read (a racing taker gets 409). A lease held by someone else is
 * watched: renewed → its holder is alive → refused, naming the holder and since when; not renewed for its
 * leaseDurationSeconds of *local* time since we first saw it (client-go's rule, immune to clock skew) → expired →
 * taken over. A holder on this host whose process is gone is expired at once. Renewed in the background; released
 * client-go's way (no holder, duration 1 s). Where RBAC forbids leases the run goes on without a cross-user lock
 * and says so.
 */
import type { ClusterClient } from '../kube/clusterClient';
import { isClusterError } from '../kube/clusterError';
import {
  HOLDER_ANNOTATION, LOCK_LABEL_KEY, LOCK_LABEL_VALUE, LOCK_LEASE_NAME, holderIdentity, lockAge, lockOf,
  type KLease, type LockHolder,
} from '../mesh/leaseObject';
import { runPool } from './pool';
import { liveness } from './processOwner';
import { UpgradeError, errorMessage } from './upgradeErrors';
import { isAmbiguous } from './writeOutcome';

export interface LockConfig {
  /** leaseDurationSeconds of our leases (default 30). */
  durationSeconds?: number;
  /** Renewal period (default a third of the duration). */
  renewEveryMs?: number;
  /** How often a lease held by someone else is read again while we watch it (default 1 s). */
  retryMs?: number;
  /** Local monotonic clock in ms (default performance.now). */
  now?: () => number;
  /** Leases taken or released at once (default 8). */
  concurrency?: number;
  /** Said while waiting on a lease someone else holds. */
  onWait?: (message: string) => void;
}

export interface DegradedLock {
  namespace: string;
  reason: string;
}

export interface HeldLocks {
  namespaces: string[];
  /** Namespaces run without a cross-user lock (RBAC forbids leases, or the API has none), with why. */
  degraded: DegradedLock[];
  /** Aborted when a lock is lost (taken over after renewals failed for a whole lease duration). */
  lost: AbortSignal;
  release(): Promise<void>;
}

interface Held {
  namespace: string;
  /** The lease as we last wrote it (its resourceVersion is the precondition of the next renewal). */
  lease: KLease;
  renewedAt: number;
}

const micro = (ms: number): string => new Date(ms).toISOString().replace('Z', '000Z');
const pause = (ms: number, signal?: AbortSignal): Promise<void> => new Promise((resolve) => {
  const t = setTimeout(resolve, ms);
  signal?.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

function isForbiddenOrAbsent(e: unknown): boolean {
  return isClusterError(e) && (e.kind === 'forbidden' || (e.kind === 'notFound' && /could not find the requested resource|the server could not find/i.test(e.message)));
}

/** "namespace a is locked by ana@laptop (run …, pid 4242, migrate → canary) since 2026-… (3 min)" */
export function lockedMessage(lease: KLease, now = Date.now()): string {
  const lock = lockOf(lease);
  const ns = lease.metadata.namespace ?? '?';
  if (!lock) return `namespace ${ns} is locked`;
  const h = lock.holder;
  const who = h ? `${h.operator} (run ${h.runId}, pid ${h.pid}, ${h.command}${h.target ? ` → ${h.target}` : ''})` : lock.holderIdentity;
  const age = lockAge(lock, now);
  return `namespace ${ns} is being changed by ${who}${lock.acquireTime ? ` since ${lock.acquireTime}${age ? ` (${age} ago)` : ''}` : ''}; its lock (Lease ${LOCK_LEASE_NAME}) is renewed, so that run is alive — try again when it has ended`;
}

export class NamespaceLocker {
  private readonly duration: number;
  private readonly now: () => number;
  private readonly identity: string;

  constructor(private readonly client: ClusterClient, private readonly holder: LockHolder, private readonly config: LockConfig = {}) {
    this.duration = config.durationSeconds ?? 30;
    this.now = config.now ?? (() => performance.now());
    this.identity = holderIdentity(holder);
  }

  private lease(namespace: string, base?: KLease, transitions = 0): KLease {
    const wall = Date.now();
    return {
      metadata: {
        ...(base?.metadata ?? {}), name: LOCK_LEASE_NAME, namespace,
        labels: { ...(base?.metadata.labels ?? {}), [LOCK_LABEL_KEY]: LOCK_LABEL_VALUE },
        annotations: { ...(base?.metadata.annotations ?? {}), [HOLDER_ANNOTATION]: JSON.stringify(this.holder) },
      },
      spec: { holderIdentity: this.identity, leaseDurationSeconds: this.duration, acquireTime: micro(wall), renewTime: micro(wall), leaseTransitions: transitions },
    };
  }

  private async put(lease: KLease, signal?: AbortSignal): Promise<KLease> {
    if (!this.client.replace) throw new UpgradeError('refused', 'this client cannot update objects (no PUT)');
    return this.client.replace('leases', lease, { signal });
  }

  /** Whether a lease someone else holds can be taken without waiting: its holder ran here and its process is gone. */
  private holderGone(lease: KLease): boolean {
    const h = lockOf(lease)?.holder;
    return !!h && liveness({ pid: h.pid, host: h.host }) === 'gone';
  }

  /** One namespace: held (with its resourceVersion), degraded (why), or a refusal (throws UpgradeError 'locked'). */
  private async acquireOne(namespace: string, signal?: AbortSignal): Promise<Held | DegradedLock> {
    let watched: { rv: string; since: number } | undefined;
    let said = false;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new UpgradeError('cancelled', `cancelled while taking the lock of ${namespace}`);
      let current: KLease | undefined;
      try {
        const created = await this.client.create('leases', this.lease(namespace), { signal });
        return { namespace, lease: created, renewedAt: this.now() };
      } catch (e) {
        if (isForbiddenOrAbsent(e)) return { namespace, reason: errorMessage(e) };
        if (!(isClusterError(e) && e.kind === 'conflict') && !(isAmbiguous(e) && attempt < 3)) throw e;
      }
      try {
        current = await this.client.get('leases', LOCK_LEASE_NAME, namespace, signal);
      } catch (e) {
        if (isForbiddenOrAbsent(e)) return { namespace, reason: errorMessage(e) };
        if (isClusterError(e) && e.kind === 'notFound') continue;
        throw e;
      }
      const rv = current.metadata.resourceVersion ?? '';
      const holder = current.spec?.holderIdentity;
      const free = !holder || holder === this.identity;
      const expired = !free && (this.holderGone(current)
        || (watched?.rv === rv && this.now() - watched.since >= (current.spec?.leaseDurationSeconds ?? this.duration) * 1000));
      if (!free && !expired) {
        if (watched && watched.rv !== rv) throw new UpgradeError('locked', lockedMessage(current));
        watched ??= { rv, since: this.now() };
        if (!said) {
          said = true;
          this.config.onWait?.(`${namespace}: locked by ${lockOf(current)?.holder?.operator ?? holder}; waiting to see whether that run is alive (refused if it renews its lock, taken over if not renewed for ${current.spec?.leaseDurationSeconds ?? this.duration} s)`);
        }
        await pause(this.config.retryMs ?? 1000, signal);
        continue;
      }
      const transitions = (current.spec?.leaseTransitions ?? 0) + (holder === this.identity ? 0 : 1);
      const next = this.lease(namespace, current, transitions);
      next.metadata.resourceVersion = rv;
      try {
        return { namespace, lease: await this.put(next, signal), renewedAt: this.now() };
      } catch (e) {
        if (isForbiddenOrAbsent(e)) return { namespace, reason: errorMessage(e) };
        if (isClusterError(e) && (e.kind === 'conflict' || e.kind === 'notFound')) continue;
        if (!(isAmbiguous(e) && attempt < 3)) throw e;
      }
    }
  }

  /** Takes every namespace's lock, or none: on a refusal the ones taken are released and the refusal thrown. */
  async acquire(namespaces: readonly string[], signal?: AbortSignal): Promise<HeldLocks> {
    const results: (Held | DegradedLock | Error)[] = [];
    const abort = new AbortController();
    const stop = signal ? AbortSignal.any([signal, abort.signal]) : abort.signal;
    await runPool([...new Set(namespaces)], this.config.concurrency ?? 8, async (ns, i) => {
      try {
        results[i] = await this.acquireOne(ns, stop);
      } catch (e) {
        results[i] = e instanceof Error ? e : new Error(String(e));
        abort.abort();
      }
    }, () => abort.signal.aborted);
    const held = results.filter((r): r is Held => !!r && 'lease' in r);
    const failures = results.filter((r): r is Error => r instanceof Error);
    if (failures.length) {
      await this.releaseAll(held);
      const refusals = failures.filter((f) => f instanceof UpgradeError && f.kind === 'locked');
      throw refusals.length ? new UpgradeError('locked', refusals.map((r) => r.message).join('; ')) : failures[0];
    }
    return this.keep(held, results.filter((r): r is DegradedLock => !!r && 'reason' in r));
  }

  private keep(held: Held[], degraded: DegradedLock[]): HeldLocks {
    const lost = new AbortController();
    const done = new AbortController();
    const every = this.config.renewEveryMs ?? (this.duration * 1000) / 3;
    const loop = (async () => {
      while (!done.signal.aborted && held.length) {
        await pause(every, done.signal);
        if (done.signal.aborted) break;
        await runPool(held, this.config.concurrency ?? 8, async (h) => {
          const why = await this.renew(h);
          if (why && !lost.signal.aborted) lost.abort(new UpgradeError('locked', why));
        }, () => done.signal.aborted);
      }
    })();
    return {
      namespaces: held.map((h) => h.namespace),
      degraded,
      lost: lost.signal,
      release: async () => {
        done.abort();
        await loop;
        await this.releaseAll(held);
      },
    };
  }

  /** The lease now, when someone else wrote it since our last write (a 409); undefined when it is gone. */
  private async reread(h: Held): Promise<KLease | undefined> {
    try {
      return await this.client.get('leases', LOCK_LEASE_NAME, h.namespace);
    } catch (e) {
      if (isClusterError(e) && e.kind === 'notFound') return undefined;
      throw e;
    }
  }

  /** Renews one lease (one PUT with the resourceVersion we wrote; a 409 re-reads); returns why it is lost, if it is. */
  private async renew(h: Held): Promise<string | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        h.lease = await this.put({ ...h.lease, spec: { ...h.lease.spec, renewTime: micro(Date.now()) } });
        h.renewedAt = this.now();
        return undefined;
      } catch (e) {
        if (!(isClusterError(e) && (e.kind === 'conflict' || e.kind === 'notFound'))) break;
        const current = await this.reread(h).catch(() => null);
        if (current === null) break;
        if (!current) return `lost the lock of ${h.namespace}: its Lease was deleted`;
        if (current.spec?.holderIdentity !== this.identity) return `lost the lock of ${h.namespace}: ${lockedMessage(current)}`;
        h.lease = current;
      }
    }
    const silent = this.now() - h.renewedAt;
    return silent >= this.duration * 1000 ? `could not renew the lock of ${h.namespace} for ${Math.round(silent / 1000)} s: another operator may have taken it over` : undefined;
  }

  private async releaseAll(held: readonly Held[]): Promise<void> {
    await runPool([...held], this.config.concurrency ?? 8, async (h) => {
      let current: KLease | undefined = h.lease;
      for (let attempt = 0; attempt < 3 && current?.spec?.holderIdentity === this.identity; attempt++) {
        const spec = { leaseDurationSeconds: 1, acquireTime: current.spec?.acquireTime, renewTime: micro(Date.now()), leaseTransitions: current.spec?.leaseTransitions ?? 0 };
        try {
          await this.put({ ...current, spec });
          return;
        } catch (e) {
          // Best effort: a lease we cannot release expires by itself.
          if (!(isClusterError(e) && e.kind === 'conflict')) return;
          current = await this.reread(h).catch(() => undefined);
        }
      }
    }, () => false);
  }
}
