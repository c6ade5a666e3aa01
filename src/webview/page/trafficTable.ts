/**
 * The panel's traffic table: what the run's traffic gate measured for each workload — 5xx rate and p99 before and
 * after, requests, and the verdict with its reasons. Rendered with textContent only.
 */
import { errorPercent, formatCount, formatMs, formatPercent, type WorkloadTraffic } from '../../mesh/trafficGate';
import { el, icon } from './dom';

const VERDICT: Record<WorkloadTraffic['verdict'], { label: string; icon: string; cls: string }> = {
  pass: { label: 'pass', icon: 'pass', cls: 'good' },
  breach: { label: 'regression', icon: 'error', cls: 'bad' },
  insufficient: { label: 'not enough traffic', icon: 'question', cls: 'warn' },
};

export function trafficSection(traffic: readonly WorkloadTraffic[]): HTMLElement {
  const section = el('section', { class: 'traffic', 'aria-label': 'Traffic before and after (traffic gate)' });
  const breaches = traffic.filter((t) => t.verdict === 'breach').length;
  section.append(el('h2', {}, 'Traffic (traffic gate)'), el('p', { class: 'muted' },
    `${traffic.length} workload${traffic.length === 1 ? '' : 's'} judged from Prometheus${breaches ? `; ${breaches} regressed` : ''}. Before: the window before the restart; after: the soak after the verified rollout.`));
  const table = el('table', { id: 'traffic', 'aria-label': 'Traffic per workload, before and after' });
  const hr = el('tr');
  for (const h of ['Workload', '5xx before', '5xx after', 'p99 before', 'p99 after', 'Requests', 'Verdict']) hr.append(el('th', { scope: 'col' }, h));
  const head = el('thead');
  head.append(hr);
  const body = el('tbody');
  for (const t of traffic) {
    const v = VERDICT[t.verdict];
    const tr = el('tr', { class: `change-${v.cls}`, 'data-traffic': `${t.namespace}/${t.name}` });
    const who = el('th', { scope: 'row' });
    who.append(el('span', { class: 'wl' }, `${t.kind} ${t.name}`), el('br'), el('span', { class: 'muted' }, t.namespace));
    const verdict = el('td', { class: 'change', title: t.reasons.join('\n') });
    verdict.append(icon(v.icon), el('span', {}, ` ${v.label}`));
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
