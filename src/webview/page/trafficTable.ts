/**
 * The panel's traffic table: what the run's traffic gate measured for each workload — 5xx rate and p99 before and
 * after, requests, and the verdict with its reasons. Rendered with textContent only.
 */
import * as l10n from '@vscode/l10n';
import { errorPercent, formatCount, formatMs, formatPercent, type WorkloadTraffic } from '../../mesh/trafficGate';
import { el, icon } from './dom';

const VERDICT: Record<WorkloadTraffic['verdict'], { label: () => string; icon: string; cls: string }> = {
  pass: { label: () => l10n.t('pass'), icon: 'pass', cls: 'good' },
  breach: { label: () => l10n.t('regression'), icon: 'error', cls: 'bad' },
  insufficient: { label: () => l10n.t('not enough traffic'), icon: 'question', cls: 'warn' },
};

export function trafficSection(traffic: readonly WorkloadTraffic[]): HTMLElement {
  const section = el('section', { class: 'traffic', 'aria-label': l10n.t('Traffic before and after (traffic gate)') });
  const breaches = traffic.filter((t) => t.verdict === 'breach').length;
  const judged = traffic.length === 1 ? l10n.t('1 workload judged from Prometheus') : l10n.t('{0} workloads judged from Prometheus', traffic.length);
  section.append(el('h2', {}, l10n.t('Traffic (traffic gate)')), el('p', { class: 'muted' },
    `${breaches ? l10n.t('{0}; {1} regressed.', judged, breaches) : `${judged}.`} ${l10n.t('Before: the window before the restart; after: the soak after the verified rollout.')}`));
  const table = el('table', { id: 'traffic', 'aria-label': l10n.t('Traffic per workload, before and after') });
  const hr = el('tr');
  for (const h of [l10n.t('Workload'), l10n.t('5xx before'), l10n.t('5xx after'), l10n.t('p99 before'), l10n.t('p99 after'), l10n.t('Requests'), l10n.t('Verdict')]) hr.append(el('th', { scope: 'col' }, h));
  const head = el('thead');
  head.append(hr);
  const body = el('tbody');
  for (const t of traffic) {
    const v = VERDICT[t.verdict];
    const tr = el('tr', { class: `change-${v.cls}`, 'data-traffic': `${t.namespace}/${t.name}` });
    const who = el('th', { scope: 'row' });
    who.append(el('span', { class: 'wl' }, `${t.kind} ${t.name}`), el('br'), el('span', { class: 'muted' }, t.namespace));
    const verdict = el('td', { class: 'change', title: t.reasons.join('\n') });
    verdict.append(icon(v.icon), el('span', {}, ` ${v.label()}`));
    if (t.verdict !== 'pass') verdict.append(el('br'), el('span', { class: 'muted' }, t.reasons.join('; ')));
    tr.append(
      who,
      el('td', {}, formatPercent(errorPercent(t.before))), el('td', {}, formatPercent(errorPercent(t.after))),
      el('td', {}, formatMs(t.before?.p99Ms)), el('td', {}, formatMs(t.after?.p99Ms)),
      el('td', {}, `${formatCount(t.before?.requests)} → ${formatCount(t.after?.requests)}`),
      verdict,
    );
    body.append(tr);
  }
  table.append(head, body);
  section.append(table);
  return section;
}
