/**
 * Headless Debian chromium driven by playwright-core, pointed at a code-server workbench, plus helpers
 * to read and drive the "Istio Upgrades" sidebar. Never `playwright install` (it downloads a browser).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { pollUntil } from './poll';
import { trackScratchDir } from './processCleanup';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-output', 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

export interface RigBrowser {
  context: BrowserContext;
  profileDir: string;
  close(): Promise<void>;
}

export async function launchBrowser(viewport = { width: 1600, height: 1400 }): Promise<RigBrowser> {
  const executablePath = process.env.RIG_CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(`${executablePath} missing: run scripts/vscode/ensureCodeServer.sh (installs Debian chromium)`);
  }
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-canary-chromium-'));
  const untrackProfile = trackScratchDir(profileDir);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath, headless: true, args: CHROMIUM_ARGS, viewport,
  });
  return {
    context,
    profileDir,
    close: async () => {
      await context.close().catch(() => undefined);
      untrackProfile();
      fs.rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

export interface WorkbenchHooks {
  /** The extension host's console, forwarded by the smoke-test driver. */
  onLog?: (type: string, args: unknown[]) => void;
  /** Called by the workbench when the extension tests end (the code is their result). */
  onExit?: (code: number) => void;
  /** Reuse a browser; default: launch one (closed by close()). */
  browser?: RigBrowser;
  timeoutMs?: number;
}

export interface Workbench {
  page: Page;
  browser: RigBrowser;
  /** ms from goto to a usable workbench (activity bar shown). */
  loadMs: number;
  close(): Promise<void>;
}

export async function openWorkbench(url: string, hooks: WorkbenchHooks = {}): Promise<Workbench> {
  const browser = hooks.browser ?? await launchBrowser();
  const page = await browser.context.newPage();
  // Both callbacks must exist before the workbench boots: it looks them up once.
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => hooks.onLog?.(type, args));
  await page.exposeFunction('codeAutomationExit', (code: number) => hooks.onExit?.(code));
  const started = Date.now();
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: hooks.timeoutMs ?? 60_000 });
  await page.locator('.monaco-workbench .part.activitybar').first().waitFor({ state: 'visible', timeout: hooks.timeoutMs ?? 60_000 });
  const loadMs = Date.now() - started;
  return {
    page, browser, loadMs,
    close: async () => {
      await page.close().catch(() => undefined);
      if (!hooks.browser) await browser.close();
    },
  };
}

/** Click the activity-bar entry of the extension's view container and wait for its tree. */
export async function openIstioSidebar(page: Page, timeoutMs = 30_000): Promise<void> {
  const entry = page.locator('.part.activitybar [aria-label*="Istio Upgrades"]').first();
  await entry.waitFor({ state: 'visible', timeout: timeoutMs });
  const isOpen = () => page.locator('.part.sidebar .composite.title', { hasText: /Istio Upgrades/i }).isVisible().catch(() => false);
  // A click while the workbench is still restoring its layout can be lost (or close the restored sidebar):
  // click again until the container shows, at most every 2 s.
  let clickedAt = 0;
  await pollUntil(async () => {
    if (await isOpen()) return true;
    if (Date.now() - clickedAt > 2000) {
      clickedAt = Date.now();
      await entry.click();
    }
    return false;
  }, { timeoutMs, what: 'the Istio Upgrades sidebar to open' });
  await widenSidebar(page);
  await pollUntil(async () => (await (await revisionsView(page)).locator('.monaco-list-row').count()) > 0,
    { timeoutMs, what: 'rows in the Istio Upgrades sidebar' });
}

/** Drag the sidebar's sash so descriptions are not cut off in screenshots. */
export async function widenSidebar(page: Page, width = 760): Promise<void> {
  const box = await page.locator('.part.sidebar').first().boundingBox();
  if (!box || box.width >= width) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
  await pollUntil(async () => ((await page.locator('.part.sidebar').first().boundingBox())?.width ?? 0) > box.width + 50,
    { timeoutMs: 5000, what: 'the sidebar to widen' }).catch(() => undefined);
}

/**
 * The sidebar pane of the Revisions view, or of another view by its title (falls back to the whole sidebar when
 * titles change). Only a shown pane counts: a view container that was open before stays in the DOM, hidden.
 */
export async function revisionsView(page: Page, viewTitle = 'Revisions'): Promise<Locator> {
  const title = page.locator('.pane-header .title', { hasText: new RegExp(`^\\s*${viewTitle}\\s*$`, 'i') });
  const byTitle = page.locator('.part.sidebar .pane').filter({ has: title, visible: true });
  return (await byTitle.count()) > 0 ? byTitle.first() : page.locator('.part.sidebar');
}

export interface TreeRow {
  index: number;
  level: number;
  /** 'true' | 'false' | null (leaf) */
  expanded: string | null;
  ariaLabel: string;
  label: string;
  description: string;
  text: string;
}

/** Rows rendered in the Revisions view (or the view titled `viewTitle`), in visual order (the list is virtualised: only visible rows). */
export async function treeRows(page: Page, viewTitle?: string): Promise<TreeRow[]> {
  const rows = await (await revisionsView(page, viewTitle)).locator('.monaco-list-row').evaluateAll((els) => els.map((el) => ({
    index: Number(el.getAttribute('data-index') ?? -1),
    level: Number(el.getAttribute('aria-level') ?? 0),
    expanded: el.getAttribute('aria-expanded'),
    ariaLabel: el.getAttribute('aria-label') ?? '',
    label: el.querySelector('.label-name')?.textContent?.trim() ?? '',
    description: el.querySelector('.label-description')?.textContent?.trim() ?? '',
    text: ((el as unknown as { innerText?: string }).innerText ?? el.textContent ?? '').replace(/\s+/g, ' ').trim(),
  })));
  return rows.sort((a, b) => a.index - b.index);
}

function rowMatches(row: TreeRow, labelText: string): boolean {
  return row.label.includes(labelText) || row.ariaLabel.includes(labelText) || row.text.includes(labelText);
}

export interface RowQuery {
  /** Only rows after the first row whose label contains this (e.g. the cluster), inside its subtree. */
  under?: string;
  level?: number;
  /** The title of the view holding the row; default Revisions. */
  view?: string;
}

async function findRow(page: Page, labelText: string, q: RowQuery = {}): Promise<TreeRow | undefined> {
  let rows = await treeRows(page, q.view);
  if (q.under) {
    const parent = rows.find((r) => rowMatches(r, q.under!));
    if (!parent) return undefined;
    const after = rows.filter((r) => r.index > parent.index);
    const end = after.findIndex((r) => r.level <= parent.level);
    rows = end < 0 ? after : after.slice(0, end);
  }
  const candidates = rows.filter((r) => q.level === undefined || r.level === q.level);
  return candidates.find((r) => r.label === labelText) ?? candidates.find((r) => rowMatches(r, labelText));
}

async function clickTwistie(page: Page, row: TreeRow, viewTitle?: string): Promise<void> {
  const el = (await revisionsView(page, viewTitle)).locator(`.monaco-list-row[data-index="${row.index}"]`);
  await el.scrollIntoViewIfNeeded().catch(() => undefined);
  await el.locator('.monaco-tl-twistie').click();
}

/**
 * Click a row's twistie until it shows as expanded. A click can land while the list re-renders under a watch event
 * (the row re-created, the click lost), so an unexpanded row is clicked again, a few times, within `timeoutMs`.
 */
async function expandRow(page: Page, row: TreeRow, current: () => Promise<TreeRow | undefined>, viewTitle: string | undefined, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let target = row;
  for (let attempt = 1; ; attempt++) {
    await clickTwistie(page, target, viewTitle);
    const left = deadline - Date.now();
    try {
      await pollUntil(async () => (await current())?.expanded === 'true', { timeoutMs: Math.max(500, Math.min(3_500, left)), what: `row ${target.index} ("${target.label}") to expand` });
      return;
    } catch (e) {
      const now = await current();
      if (Date.now() >= deadline || attempt >= 4 || !now) throw e;
      if (now.expanded === 'true') return;
      target = now;
    }
  }
}

/** Expand the first row whose label/aria-label contains `labelText` and wait until it shows as expanded. */
export async function expandTreeItem(page: Page, labelText: string, q: RowQuery = {}, timeoutMs = 15_000): Promise<TreeRow> {
  const row = await pollUntil(() => findRow(page, labelText, q), { timeoutMs, what: `tree row "${labelText}"` });
  if (row.expanded === 'false') {
    await expandRow(page, row, () => findRow(page, labelText, q), q.view, timeoutMs);
    await settle(page);
  }
  return (await findRow(page, labelText, q)) ?? row;
}

/** Expand `labelText` and its descendants down to `levels` levels below it (1 = just the row). */
export async function expandSubtree(page: Page, labelText: string, levels: number, q: RowQuery = {}, timeoutMs = 30_000): Promise<void> {
  const root = await expandTreeItem(page, labelText, q, timeoutMs);
  const deadline = Date.now() + timeoutMs;
  for (let depth = 1; depth < levels; depth++) {
    for (;;) {
      if (Date.now() > deadline) throw new Error(`timed out expanding the subtree of "${labelText}"`);
      const rows = await treeRows(page);
      const start = rows.findIndex((r) => r.index === root.index);
      const sub: TreeRow[] = [];
      for (const r of rows.slice(start + 1)) {
        if (r.level <= root.level) break;
        sub.push(r);
      }
      const next = sub.find((r) => r.level === root.level + depth && r.expanded === 'false');
      if (!next) break;
      await expandRow(page, next, async () => {
        const now = await treeRows(page);
        return now.find((r) => r.index === next.index && r.label === next.label) ?? now.find((r) => r.level === next.level && r.label === next.label);
      }, undefined);
      await settle(page);
    }
  }
}

/** Collapse every row (the view's "Collapse All" action, else one by one). */
export async function collapseAll(page: Page): Promise<void> {
  const button = page.locator('.part.sidebar [aria-label^="Collapse All"]').first();
  if (await button.isVisible().catch(() => false)) {
    await button.click();
  } else {
    for (let i = 0; i < 50; i++) {
      const open = (await treeRows(page)).filter((r) => r.expanded === 'true').sort((a, b) => b.level - a.level)[0];
      if (!open) break;
      await clickTwistie(page, open);
    }
  }
  await pollUntil(async () => (await treeRows(page)).every((r) => r.expanded !== 'true'), { timeoutMs: 10_000, what: 'tree to collapse' });
}

/** Let the workbench paint what the DOM already says (aria state can lead the rendering by a frame). */
export async function settle(page: Page): Promise<void> {
  // runs in the page (tsconfig has no DOM lib, hence the cast)
  await page.evaluate(() => new Promise<void>((r) => {
    const raf = (globalThis as unknown as { requestAnimationFrame(cb: () => void): number }).requestAnimationFrame;
    raf(() => raf(() => r()));
  }));
  await page.waitForTimeout(150);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await settle(page);
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
