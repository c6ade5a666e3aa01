/**
 * The Proxy versions page (runs in the webview). Every cluster-provided string goes through textContent or
 * setAttribute — never innerHTML — so names like `<script>` render as text. Colours come only from
 * --vscode-* variables (see media/proxyVersions.css).
 */
import * as l10n from '@vscode/l10n';
import type { InboundMessage, OutboundMessage, PanelState } from '../protocol';
import type { ChangeKind, DiffRow, ProxyDiff, ProxyState } from '../../mesh/proxyDiff';
import { el, icon } from './dom';
import { trafficSection } from './trafficTable';

interface VsCodeApi {
  postMessage(message: InboundMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface UiState {
  filter: string;
  onlyChanged: boolean;
  onlyStale: boolean;
  sort: 'namespace' | 'change';
  collapsed: string[];
}

interface SavedState {
  panel?: PanelState;
  ui: UiState;
}

const vscode = acquireVsCodeApi();
const saved = (vscode.getState() as SavedState | undefined) ?? { ui: { filter: '', onlyChanged: false, onlyStale: false, sort: 'namespace', collapsed: [] } };
let last: Extract<OutboundMessage, { type: 'render' }> | undefined;

/** Labels are read when rendering: the translation bundle arrives with the first render message. */
const CHANGE: Record<ChangeKind, { label: () => string; icon: string; cls: string }> = {
  upgraded: { label: () => l10n.t('upgraded'), icon: 'arrow-up', cls: 'good' },
  downgraded: { label: () => l10n.t('downgraded'), icon: 'arrow-down', cls: 'warn' },
  'revision-changed': { label: () => l10n.t('revision changed'), icon: 'arrow-swap', cls: 'good' },
  unchanged: { label: () => l10n.t('unchanged'), icon: 'dash', cls: 'plain' },
  stale: { label: () => l10n.t('still stale'), icon: 'warning', cls: 'warn' },
  'lost-sidecar': { label: () => l10n.t('lost its sidecar'), icon: 'circle-slash', cls: 'bad' },
  'gained-sidecar': { label: () => l10n.t('gained a sidecar'), icon: 'add', cls: 'good' },
  new: { label: () => l10n.t('new'), icon: 'add', cls: 'plain' },
  removed: { label: () => l10n.t('removed'), icon: 'trash', cls: 'plain' },
};
const ORDER: ChangeKind[] = ['stale', 'lost-sidecar', 'downgraded', 'upgraded', 'revision-changed', 'gained-sidecar', 'new', 'removed', 'unchanged'];

function persist(): void {
  vscode.setState(saved);
}

function side(s: ProxyState | undefined): string {
  if (!s) return '—';
  if (!s.injected) return l10n.t('no proxy');
  return `${s.revision ?? '?'} · ${s.version ?? '?'}`;
}

function visibleRows(diff: ProxyDiff): DiffRow[] {
  const f = saved.ui.filter.trim().toLowerCase();
  let rows = diff.rows.filter((r) => {
    if (saved.ui.onlyChanged && r.change === 'unchanged') return false;
    if (saved.ui.onlyStale && !(r.after?.stale)) return false;
    if (!f) return true;
    return [r.namespace, r.workload, r.before?.pod, r.after?.pod, r.before?.version, r.after?.version, r.change].some((x) => x?.toLowerCase().includes(f));
  });
  if (saved.ui.sort === 'change') rows = [...rows].sort((a, b) => ORDER.indexOf(a.change) - ORDER.indexOf(b.change) || a.namespace.localeCompare(b.namespace));
  return rows;
}

function chart(diff: ProxyDiff): SVGSVGElement {
  const NS = 'http://www.w3.org/2000/svg';
  const versions = [...new Set([...Object.keys(diff.summary.before), ...Object.keys(diff.summary.after)])].sort();
  const max = Math.max(1, ...Object.values(diff.summary.before), ...Object.values(diff.summary.after));
  const rowH = 22;
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('width', '640');
  svg.setAttribute('height', String(versions.length * rowH * 2 + 8));
  svg.setAttribute('aria-label', l10n.t('Proxies per version, before and after: {0}', versions.map((v) => `${v} ${diff.summary.before[v] ?? 0} → ${diff.summary.after[v] ?? 0}`).join('; ')));
  versions.forEach((v, i) => {
    for (const [j, which] of (['before', 'after'] as const).entries()) {
      const n = diff.summary[which][v] ?? 0;
      const y = (i * 2 + j) * rowH + 4;
      const label = document.createElementNS(NS, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', String(y + 14));
      label.setAttribute('class', 'chart-label');
      label.textContent = which === 'before' ? l10n.t('{0} before', v) : l10n.t('{0} after', v);
      const bar = document.createElementNS(NS, 'rect');
      bar.setAttribute('x', '150');
      bar.setAttribute('y', String(y));
      bar.setAttribute('height', String(rowH - 6));
      bar.setAttribute('width', String(Math.round((n / max) * 400)));
      bar.setAttribute('class', `bar bar-${which}`);
      const count = document.createElementNS(NS, 'text');
      count.setAttribute('x', String(156 + Math.round((n / max) * 400)));
      count.setAttribute('y', String(y + 14));
      count.setAttribute('class', 'chart-label');
      count.textContent = String(n);
      svg.append(label, bar, count);
    }
  });
  return svg;
}

function summaryText(diff: ProxyDiff): string {
  const s = diff.summary;
  const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
  return l10n.t('{0} proxies before, {1} after; {2} upgraded, {3} downgraded, {4} still need a restart, {5} lost their sidecar.',
    total(s.before), total(s.after), s.changes.upgraded, s.changes.downgraded, s.stillStale, s.changes['lost-sidecar']);
}

function namespaceGroup(ns: string, rows: DiffRow[]): HTMLTableSectionElement {
  const body = el('tbody');
  const collapsed = saved.ui.collapsed.includes(ns);
  const head = el('tr', { class: 'ns-row', tabindex: '-1', 'data-nav': '1' });
  const th = el('th', { scope: 'rowgroup', colspan: '5' });
  const toggle = el('button', { class: 'toggle', 'aria-expanded': String(!collapsed), 'aria-label': collapsed ? l10n.t('Expand namespace {0}', ns) : l10n.t('Collapse namespace {0}', ns) });
  toggle.append(icon(collapsed ? 'chevron-right' : 'chevron-down'));
  toggle.addEventListener('click', () => {
    saved.ui.collapsed = collapsed ? saved.ui.collapsed.filter((c) => c !== ns) : [...saved.ui.collapsed, ns];
    persist();
    render();
  });
  const stale = rows.filter((r) => r.after?.stale).length;
  const pods = rows.length === 1 ? l10n.t('1 pod') : l10n.t('{0} pods', rows.length.toLocaleString('en-US'));
  th.append(toggle, el('span', { class: 'ns-name' }, ns), el('span', { class: 'muted' }, ` ${stale ? l10n.t('{0} · {1} stale', pods, stale) : pods} `));
  const verify = el('button', { class: 'link', 'aria-label': l10n.t('Verify namespace {0}', ns) }, l10n.t('Verify'));
  verify.addEventListener('click', () => vscode.postMessage({ type: 'verifyNamespace', namespace: ns }));
  const reveal = el('button', { class: 'link', 'aria-label': l10n.t('Reveal namespace {0} in the tree', ns) }, l10n.t('Reveal'));
  reveal.addEventListener('click', () => vscode.postMessage({ type: 'revealNamespace', namespace: ns }));
  th.append(verify, reveal);
  head.append(th);
  body.append(head);
  if (collapsed) return body;
  for (const r of rows) {
    const tr = el('tr', { tabindex: '-1', 'data-nav': '1', class: `change-${CHANGE[r.change].cls}` });
    const who = el('th', { scope: 'row' });
    who.append(el('span', { class: 'wl' }, `${r.kind} ${r.workload}`), el('br'), el('span', { class: 'muted' }, r.after?.pod ?? r.before?.pod ?? ''));
    const change = el('td', { class: 'change' });
    change.append(icon(CHANGE[r.change].icon), el('span', {}, ` ${CHANGE[r.change].label()}`));
    const actions = el('td');
    if (r.after?.stale && r.restartable && (r.kind === 'Deployment' || r.kind === 'StatefulSet' || r.kind === 'DaemonSet')) {
      const b = el('button', { 'aria-label': l10n.t('Restart {0} {1} in {2}', r.kind, r.workload, r.namespace) }, l10n.t('Restart'));
      const kind = r.kind;
      b.addEventListener('click', () => vscode.postMessage({ type: 'restartWorkload', namespace: r.namespace, kind, name: r.workload }));
      actions.append(b);
    }
    tr.append(who, el('td', {}, side(r.before)), el('td', {}, side(r.after)), change, actions);
    body.append(tr);
  }
  return body;
}

function render(): void {
  const root = document.getElementById('root');
  if (!root || !last) return;
  const { diff } = last;
  const rows = visibleRows(diff);
  const h1 = el('h1', {}, last.title);
  const before = new Date(diff.baselineAt).toLocaleTimeString();
  const updated = new Date(last.updatedAt).toLocaleTimeString();
  const meta = el('p', { class: 'muted' }, last.live
    ? l10n.t('Cluster {0} · before: {1} · after: live (updated {2})', diff.context, before, updated)
    : l10n.t('Cluster {0} · before: {1} · after: snapshot (updated {2})', diff.context, before, updated));
  const summary = el('p', { id: 'summary', 'aria-live': 'polite' }, summaryText(diff));
  const warnings = el('ul', { class: 'warnings' });
  for (const w of diff.summary.skew) warnings.append(el('li', {}, w));
  const cps = el('p', { class: 'muted' }, l10n.t('Control planes: {0}', diff.summary.revisions.map((r) => (r.isDefault ? l10n.t('{0} {1} (default)', r.name, r.version ?? '?') : `${r.name} ${r.version ?? '?'}`)).join(', ')));
  const table = el('table', { 'aria-label': l10n.t('Proxy versions per workload, before and after') });
  const shown = rows.length.toLocaleString('en-US');
  table.append(el('caption', { class: 'muted' }, diff.rows.length === 1 ? l10n.t('{0} of 1 pod shown', shown) : l10n.t('{0} of {1} pods shown', shown, diff.rows.length.toLocaleString('en-US'))));
  const head = el('thead');
  const hr = el('tr');
  for (const h of [l10n.t('Workload / pod'), l10n.t('Before'), l10n.t('After'), l10n.t('Change'), '']) hr.append(el('th', { scope: 'col' }, h));
  head.append(hr);
  table.append(head);
  const byNs = new Map<string, DiffRow[]>();
  for (const r of rows) byNs.set(r.namespace, [...(byNs.get(r.namespace) ?? []), r]);
  for (const [ns, list] of byNs) table.append(namespaceGroup(ns, list));
  root.replaceChildren(h1, meta, summary, chart(diff), cps, warnings, ...(last.traffic?.length ? [trafficSection(last.traffic)] : []), table);
  const first = root.querySelector<HTMLElement>('[data-nav]');
  if (first) first.tabIndex = 0;
}

function wireToolbar(): void {
  const filter = document.getElementById('filter') as HTMLInputElement;
  const onlyChanged = document.getElementById('onlyChanged') as HTMLInputElement;
  const onlyStale = document.getElementById('onlyStale') as HTMLInputElement;
  const sort = document.getElementById('sort') as HTMLSelectElement;
  filter.value = saved.ui.filter;
  onlyChanged.checked = saved.ui.onlyChanged;
  onlyStale.checked = saved.ui.onlyStale;
  sort.value = saved.ui.sort;
  const update = () => {
    saved.ui = { ...saved.ui, filter: filter.value, onlyChanged: onlyChanged.checked, onlyStale: onlyStale.checked, sort: sort.value === 'change' ? 'change' : 'namespace' };
    persist();
    render();
  };
  for (const e of [filter, onlyChanged, onlyStale, sort]) e.addEventListener('input', update);
  document.getElementById('copy')?.addEventListener('click', () => vscode.postMessage({ type: 'copyMarkdown' }));
  document.getElementById('saveMd')?.addEventListener('click', () => vscode.postMessage({ type: 'saveReport', format: 'markdown' }));
  document.getElementById('saveYaml')?.addEventListener('click', () => vscode.postMessage({ type: 'saveReport', format: 'yaml' }));
  document.getElementById('reset')?.addEventListener('click', () => vscode.postMessage({ type: 'resetBaseline' }));
}

/** Arrow keys move through rows (roving tabindex); Home/End jump. */
document.addEventListener('keydown', (e) => {
  const target = e.target as HTMLElement | null;
  if (!target?.matches('[data-nav]')) return;
  const rows = [...document.querySelectorAll<HTMLElement>('[data-nav]')];
  const i = rows.indexOf(target);
  const next = e.key === 'ArrowDown' ? rows[i + 1] : e.key === 'ArrowUp' ? rows[i - 1] : e.key === 'Home' ? rows[0] : e.key === 'End' ? rows[rows.length - 1] : undefined;
  if (!next) return;
  e.preventDefault();
  target.tabIndex = -1;
  next.tabIndex = 0;
  next.focus();
});

window.addEventListener('message', (event: MessageEvent<OutboundMessage>) => {
  const msg = event.data;
  if (msg.type === 'render') {
    if (msg.l10n) l10n.config({ contents: msg.l10n });
    last = msg;
    if (msg.state) {
      saved.panel = msg.state;
      persist();
    }
    render();
  } else if (msg.type === 'notice') {
    const n = document.getElementById('notice');
    if (n) n.textContent = msg.text;
  }
});

wireToolbar();
vscode.postMessage({ type: 'ready' });
