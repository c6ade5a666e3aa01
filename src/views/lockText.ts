/** How a namespace another run has locked reads in the tree (pure): "🔒 migrating by ana@laptop (run …, 2 min)". */
import * as l10n from '@vscode/l10n';
import { lockAge, lockText, type NamespaceLock } from '../mesh/leaseObject';
import { md } from './nodeText';

export function lockDescription(lock: NamespaceLock, now = Date.now()): string {
  return `🔒 ${lockText(lock, now)}`;
}

export function lockTooltip(lock: NamespaceLock, now = Date.now()): string {
  const h = lock.holder;
  const lines = [`🔒 ${l10n.t('**Being changed by {0}**', md(h?.operator ?? lock.holderIdentity))}`];
  if (h) lines.push(l10n.t('Run {0} ({1}), process {2} on {3}', md(h.runId), `${md(h.command)}${h.target ? ` → ${md(h.target)}` : ''}`, h.pid, md(h.host)));
  const age = lockAge(lock, now);
  if (lock.acquireTime) {
    const since = age ? l10n.t('Since {0} ({1} ago)', md(lock.acquireTime), age) : l10n.t('Since {0}', md(lock.acquireTime));
    const renewed = lock.renewTime ? l10n.t(', last renewed {0}', md(lock.renewTime)) : '';
    lines.push(l10n.t('{0}{1} — its clock.', since, renewed));
  }
  lines.push(l10n.t('Another run on this namespace is refused while the lock is renewed; it expires {0} s after its holder stops renewing it.', lock.durationSeconds));
  return lines.join('\n\n');
}

export function locksByNamespace(locks: readonly NamespaceLock[] | undefined): ReadonlyMap<string, NamespaceLock> {
  return new Map((locks ?? []).map((l) => [l.namespace, l]));
}
