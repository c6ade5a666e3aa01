/**
 * The "Proxy versions" webview panel as the rig reads it: opened from the palette, its rows, its colours
 * against the theme, what a hostile string turned into, and how long a big render takes. The page scripts
 * are strings (evaluated in the panel's content frame; the rig's tsconfig has no DOM lib).
 */
import type { Frame, Page } from 'playwright-core';
import { pollUntil } from '../../scripts/vscode/poll';
import { evalInFrame, waitForWebviewFrame, webviewFrameTitled } from '../../scripts/vscode/webview';
import { acceptQuickPickItem, closeQuickInput, runCommandFromPalette, typeInQuickInput } from '../../scripts/vscode/workbenchUi';

export const panelTitle = (context: string): string => `Proxy versions — ${context}`;
export const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Palette command → the quick pick it opens (title/placeholder `pick`) → type `filter` → accept `item`.
 * Tried twice: a quick pick closes when something takes the focus (a webview or the tree getting it back
 * late after a modal dialog), and then the typing finds no input.
 */
export async function pickFromPalette(page: Page, command: string, pick: RegExp, filter: string, item: RegExp): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runCommandFromPalette(page, command, 15_000, { then: pick });
      await typeInQuickInput(page, filter, 5000);
      await acceptQuickPickItem(page, item);
      return;
    } catch (e) {
      await closeQuickInput(page);
      if (attempt >= 2) throw e;
      console.log(`  (${command}: the quick pick went away, trying again: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]})`);
    }
  }
}

/**
 * "Istio: Show Proxy Versions" → cluster quick pick (typing `filter`, default the context) → the panel.
 * Returns ms from accepting the cluster to the table caption being in the panel's DOM.
 */
export async function openPanelFromPalette(page: Page, context: string, filter = context, timeoutMs = 20_000): Promise<number> {
  await pickFromPalette(page, 'Istio: Show Proxy Versions', /Proxy versions/, filter, new RegExp(`^${escapeRe(context)}(?![\\w.-])`));
  const started = Date.now();
  await panelFrame(page, context, timeoutMs);
  return Date.now() - started;
}

/** The content frame of `context`'s panel once it shows its table (looked up afresh: hidden webviews are rebuilt). */
export async function panelFrame(page: Page, context: string, timeoutMs = 15_000): Promise<Frame> {
  await webviewFrameTitled(page, panelTitle(context), timeoutMs);
  const { frame } = await waitForWebviewFrame<boolean>(page,
    `document.title === ${JSON.stringify(panelTitle(context))} && !!document.querySelector('#root table caption')`,
    { timeoutMs, what: `the table of the panel "${panelTitle(context)}"` });
  return frame;
}

export interface PanelRow {
  namespace: string;
  workload: string;
  pod: string;
  before: string;
  after: string;
  change: string;
}

const ROWS_SCRIPT = `(() => {
  const text = (e) => (e ? e.textContent : '').replace(/\\s+/g, ' ').trim();
  return [...document.querySelectorAll('#root table:not(#traffic) tbody')].flatMap((tb) => {
    const ns = text(tb.querySelector('.ns-name'));
    return [...tb.querySelectorAll('tr:not(.ns-row)')].map((tr) => {
      const cells = [...tr.children];
      const muted = cells[0] ? cells[0].querySelector('.muted') : null;
      return { namespace: ns, workload: text(tr.querySelector('.wl')), pod: text(muted), before: text(cells[1]), after: text(cells[2]), change: text(cells[3]) };
    });
  });
})()`;

export async function panelRows(frame: Frame): Promise<PanelRow[]> {
  return (await evalInFrame<PanelRow[]>(frame, ROWS_SCRIPT)) ?? [];
}

export async function panelCaption(frame: Frame): Promise<string> {
  return (await evalInFrame<string>(frame, `(document.querySelector('#root table caption') || {}).textContent || ''`)) ?? '';
}

export const rowsText = (rows: PanelRow[]): string => rows.map((r) => `${r.namespace}/${r.workload} [${r.before} → ${r.after}: ${r.change}]`).join(' | ');

/** Polls `context`'s panel until `ok(rows)`; the error names the rows last seen. */
export async function waitForPanelRows(page: Page, context: string, ok: (rows: PanelRow[]) => boolean, what: string, timeoutMs = 20_000): Promise<PanelRow[]> {
  let last: PanelRow[] = [];
  return pollUntil(async () => {
    last = await panelRows(await panelFrame(page, context, 5000));
    return ok(last) ? last : undefined;
  }, { timeoutMs, intervalMs: 250, what }).catch((e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : String(e)}; rows: ${rowsText(last)}`);
  });
}

// ---- colours ------------------------------------------------------------------------------------------

export interface ContrastReport {
  bodyClass: string;
  /** Relative luminance of the page background (0 black … 1 white). */
  backgroundLuminance: number;
  bodyRatio: number;
  texts: number;
  min: { ratio: number; text: string; color: string; background: string };
  /** Text below 4.5:1 (WCAG AA for body text), worst first. */
  low: { ratio: number; text: string; color: string }[];
}

/** WCAG contrast of every text-bearing element (HTML colour or SVG fill) against its effective background. */
const CONTRAST_SCRIPT = `(() => {
  const parse = (s) => { const m = /rgba?\\(([^)]+)\\)/.exec(s || ''); if (!m) return null; const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
  const over = (top, under) => ({ r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1 });
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  const css = (c) => 'rgb(' + [c.r, c.g, c.b].map(Math.round).join(',') + ')';
  const bgOf = (el) => {
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
    let acc = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) acc = over(layers[i], acc);
    return acc;
  };
  const items = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('script,style,head')) continue;
    const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()).join(' ').trim();
    if (!own) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const cs = getComputedStyle(el);
    const fg0 = parse(el instanceof SVGElement ? cs.fill : cs.color);
    if (!fg0) continue;
    const bg = bgOf(el instanceof SVGElement ? document.body : el);
    const fg = over(fg0, bg);
    items.push({ ratio: Math.round(ratio(fg, bg) * 100) / 100, text: own.slice(0, 60), color: css(fg), background: css(bg) });
  }
  items.sort((a, b) => a.ratio - b.ratio);
  const bodyBg = bgOf(document.body);
  const bodyFg = over(parse(getComputedStyle(document.body).color), bodyBg);
  return {
    bodyClass: document.body.className, backgroundLuminance: Math.round(lum(bodyBg) * 1000) / 1000,
    bodyRatio: Math.round(ratio(bodyFg, bodyBg) * 100) / 100, texts: items.length,
    min: items[0] || { ratio: 0, text: '(no text)', color: '', background: '' },
    low: items.filter((i) => i.ratio < 4.5).slice(0, 8).map((i) => ({ ratio: i.ratio, text: i.text, color: i.color })),
  };
})()`;

export async function contrastReport(frame: Frame): Promise<ContrastReport> {
  const r = await evalInFrame<ContrastReport>(frame, CONTRAST_SCRIPT);
  if (!r) throw new Error('could not read the panel\'s colours (frame gone)');
  return r;
}

// ---- hostile strings ----------------------------------------------------------------------------------

export interface MarkupProbe {
  h1: string;
  title: string;
  /** Scripts other than the panel's own bundle and VS Code's acquireVsCodeApi shim. */
  foreignScripts: string[];
  /** Script elements whose markup mentions alert. */
  alertScripts: number;
  images: number;
  styles: number;
  /** Elements carrying an on* attribute. */
  handlers: string[];
  /** Cells whose text contains `needle`. */
  cellsWithNeedle: string[];
}

export async function probeMarkup(frame: Frame, needle: string): Promise<MarkupProbe> {
  const r = await evalInFrame<MarkupProbe>(frame, `(() => {
    const needle = ${JSON.stringify(needle)};
    return {
      h1: (document.querySelector('#root h1') || {}).textContent || '',
      title: document.title,
      foreignScripts: [...document.scripts]
        .filter((s) => s.id !== '_vscodeApiScript' && !/\\/dist\\/webview\\/proxyVersions\\.js$/.test(new URL(s.src || 'x:', location.href).pathname))
        .map((s) => s.outerHTML.slice(0, 120)),
      alertScripts: [...document.scripts].filter((s) => /alert/.test(s.outerHTML)).length,
      images: document.querySelectorAll('img, image').length,
      styles: document.querySelectorAll('body style').length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map((e) => e.tagName),
      cellsWithNeedle: [...document.querySelectorAll('#root td')].map((td) => td.textContent).filter((t) => t.includes(needle)),
    };
  })()`);
  if (!r) throw new Error('could not probe the panel (frame gone)');
  return r;
}

// ---- performance ----------------------------------------------------------------------------------------

export interface RenderTiming {
  /** The page's render() starts (it looks up #root first) → the table is in the DOM. */
  renderMs: number;
  /** Then: forced style and layout of the new table. */
  layoutMs: number;
  /** "Reset baseline" clicked → the table is in the DOM: the round trip through the extension (new baseline, diff, message). */
  roundTripMs: number;
  rows: number;
}

/**
 * Times a re-render of the panel asked for with "Reset baseline". The page's message listener runs before
 * any listener added now (VS Code's shim dispatches it), so the start is taken where render() begins: its
 * `document.getElementById('root')`; the end when the table is in #root (MutationObserver), then a forced
 * layout. Times are absolute (timeOrigin + now).
 */
export async function measureRerender(page: Page, context: string, timeoutMs = 30_000): Promise<RenderTiming> {
  const frame = await panelFrame(page, context);
  await frame.evaluate(`(() => {
    const now = () => performance.timeOrigin + performance.now();
    const t = (window.__renderTiming = { click: 0, start: 0, dom: 0, layout: 0, rows: 0 });
    const root = document.getElementById('root');
    const byId = document.getElementById.bind(document);
    document.getElementById = (id) => { if (id === 'root' && t.click && !t.start) t.start = now(); return byId(id); };
    document.getElementById('reset').addEventListener('click', () => { if (!t.click) t.click = now(); }, { capture: true });
    new MutationObserver(() => {
      if (!t.start || t.dom || !root.querySelector('table caption')) return;
      t.dom = now();
      t.rows = root.querySelectorAll('tbody tr:not(.ns-row)').length;
      void document.body.offsetHeight;
      t.layout = now();
    }).observe(root, { childList: true });
  })()`);
  await frame.locator('#reset').click();
  const t = await pollUntil(async () => {
    const v = await frame.evaluate(`window.__renderTiming`) as { click: number; start: number; dom: number; layout: number; rows: number };
    return v.layout ? v : undefined;
  }, { timeoutMs, intervalMs: 100, what: 'the re-render after "Reset baseline"' });
  return { renderMs: Math.round(t.dom - t.start), layoutMs: Math.round(t.layout - t.dom), roundTripMs: Math.round(t.dom - t.click), rows: t.rows };
}
