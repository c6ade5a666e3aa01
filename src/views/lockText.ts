/** How a namespace another run has locked reads in the tree (pure): "🔒 migrating by ana@laptop (run …, 2 min)". */
import { lockAge, lockText, type NamespaceLock } from '../mesh/leaseObject';
import { md } from './nodeText';

export function lockDescription(lock: NamespaceLock, now = Date.now()): string {
  return `🔒 ${lockText(lock, now)}`;
}

export function lockTooltip(lock: NamespaceLock, now = Date.now()): string {
  const h = lock.holder;
  const lines = [`🔒 **Being changed by ${md(h?.operator ?? lock.holderIdentity)}**`];
  if (h) lines.push(`Run ${md(h.runId)} (${md(h.command)}${h.target ? ` → ${md(h.target)}` : ''}), process ${h.pid} on ${md(h.host)}`);
  const age = lockAge(lock, now);
  if (lock.acquireTime) lines.push(`Since ${md(lock.acquireTime)}${age ? ` (${age} ago)` : ''}${lock.renewTime ? `, last renewed ${md(lock.renewTime)}` : ''} — its clock.`);
  lines.push(`Another run on this namespace is refused while the lock is renewed; it expires ${lock.durationSeconds} s after its holder stops renewing it.`);
  return lines.join('\n\n');
}

export function locksByNamespace(locks: readonly NamespaceLock[] | undefined): ReadonlyMap<string, NamespaceLock> {
  return new Map((locks ?? []).map((l) => [l.namespace, l]));
}
