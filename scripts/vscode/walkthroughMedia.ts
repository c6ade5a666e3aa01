/**
 * Takes the Get Started walkthrough's images (media/walkthrough/*.png) from a real VS Code: code-server with the
 * extension installed and no kubeconfig, driven like a user through the walkthrough's own story — Try the Demo
 * Mesh, Precheck, Install New Revision, the revision menu (tags), Migrate, the Proxy versions panel, a gateway's
 * menu on a second demo mesh, and Remove Old Revision refused. Each image is cropped to the part of the window the
 * step is about; one wider than MAX_WIDTH is scaled down in the browser.
 *
 * Run after `npm run build`: node_modules/.bin/tsx scripts/vscode/walkthroughMedia.ts [outDir]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { startCodeServer, type CodeServer } from './codeServer';
import { collapseAll, expandTreeItem, launchBrowser, openWorkbench, revisionsView, settle, treeRows, widenSidebar, type RigBrowser } from './browser';
import { pollUntil } from './poll';
import {
  acceptQuickPickItem, clickDialogButton, clickMenuItem, dialog, openContextMenu, quickInput, quickPickRows, runCommandFromPalette,
  typeInQuickInput, waitForDialog, waitForNotification, waitForQuickPick, waitForWebviewText,
} from './workbenchUi';

const REPO = path.resolve(__dirname, '..', '..');
const OUT = path.resolve(process.argv[2] ?? path.join(REPO, 'media', 'walkthrough'));
const VIEWPORT = { width: 1400, height: 900 };
const MAX_WIDTH = 1000;
const TAGS = 'sim-tags-prod-canary';
const GATEWAYS = 'sim-blue-green-gateways';

interface Box { x: number; y: number; width: number; height: number }

const log = (m: string): void => console.log(`[media] ${m}`);

async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`no box for ${selector}`);
  return b;
}

/** Saves `clip` of the page as <name>.png, scaled down to MAX_WIDTH when wider (rendered in a page of its own). */
async function shoot(page: Page, browser: RigBrowser, name: string, clip: Box): Promise<void> {
  await settle(page);
  const c = { x: Math.max(0, Math.round(clip.x)), y: Math.max(0, Math.round(clip.y)), width: Math.round(clip.width), height: Math.round(clip.height) };
  const png = await page.screenshot({ clip: c });
  const file = path.join(OUT, `${name}.png`);
  if (c.width <= MAX_WIDTH) {
    fs.writeFileSync(file, png);
  } else {
    const height = Math.round(c.height * MAX_WIDTH / c.width);
    const scaler = await browser.context.newPage();
    await scaler.setViewportSize({ width: MAX_WIDTH, height });
    await scaler.setContent(`<body style="margin:0"><img style="display:block;width:${MAX_WIDTH}px;height:${height}px" src="data:image/png;base64,${png.toString('base64')}"></body>`);
    await scaler.locator('img').evaluate((img) => (img as unknown as { decode(): Promise<void> }).decode());
    fs.writeFileSync(file, await scaler.screenshot({ clip: { x: 0, y: 0, width: MAX_WIDTH, height } }));
    await scaler.close();
  }
  log(`${path.relative(REPO, file)}: ${(fs.statSync(file).size / 1024).toFixed(0)} KiB`);
}

/** The sidebar (activity bar included), `height` tall. */
const sidebarClip = async (page: Page, height: number, extraWidth = 0): Promise<Box> => {
  const s = await box(page, '.part.sidebar');
  return { x: 0, y: 0, width: s.x + s.width + extraWidth, height };
};

const editorClip = async (page: Page, height?: number): Promise<Box> => {
  const e = await box(page, '.part.editor');
  return { x: e.x, y: e.y, width: e.width, height: height ?? e.height };
};

async function rowByAria(page: Page, prefix: string) {
  return (await revisionsView(page)).locator(`.monaco-list-row[aria-label^="${prefix}"]`).first();
}

/** Right-clicks a tree row near its right end, so the menu covers the row's description rather than the rows below. */
async function rowMenu(page: Page, ariaPrefix: string): Promise<void> {
  const row = await rowByAria(page, ariaPrefix);
  const b = await row.boundingBox();
  if (!b) throw new Error(`row ${ariaPrefix} not shown`);
  await page.mouse.click(b.x + b.width - 230, b.y + b.height / 2, { button: 'right' });
  await page.getByRole('menu').first().waitFor({ state: 'visible', timeout: 10_000 });
}

async function startDemo(page: Page, scenario: string): Promise<void> {
  await runCommandFromPalette(page, 'Istio: Try the Demo Mesh', 15_000, { then: /demo mesh/i });
  await typeInQuickInput(page, scenario);
  await acceptQuickPickItem(page, new RegExp(scenario));
  await pollUntil(async () => (await treeRows(page)).some((r) => r.level === 1 && r.label === `sim-${scenario}` && /revisions/.test(r.description)),
    { timeoutMs: 60_000, what: `demo mesh ${scenario} loaded` });
}

/** Runs a palette command that opens an input box (the quick input stays open, so runCommandFromPalette would wait). */
async function startInputCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await typeInQuickInput(page, `>${title}`);
  await pollUntil(async () => (await quickPickRows(page)).some((r) => r.focused && r.text.includes(title)), { timeoutMs: 15_000, what: `palette entry ${title}` });
  await quickInput(page).locator('input').first().press('Enter');
}

async function acceptInput(page: Page, title: RegExp): Promise<void> {
  await pollUntil(async () => title.test(await quickInput(page).locator('.quick-input-title').innerText().catch(() => '')), { timeoutMs: 15_000, what: `input ${title}` });
  await quickInput(page).locator('input').first().press('Enter');
}

async function run(page: Page, browser: RigBrowser): Promise<void> {
  const entry = page.locator('.part.activitybar [aria-label*="Istio Upgrades"]').first();
  await entry.click();
  await page.getByText('No kubeconfig found').first().waitFor({ timeout: 60_000 });
  await widenSidebar(page, 640);

  log('demo');
  await startDemo(page, 'tags-prod-canary');
  await page.keyboard.press('Escape');
  await shoot(page, browser, 'demo', await sidebarClip(page, 330));

  log('precheck');
  await runCommandFromPalette(page, 'Istio: Precheck Cluster');
  await waitForWebviewText(page, `Precheck — ${TAGS}`);
  await shoot(page, browser, 'precheck', await editorClip(page, 640));

  log('install');
  await startInputCommand(page, 'Istio: Install New Revision (istioctl / IstioOperator)…');
  await acceptInput(page, /Install a new Istio revision/);
  await acceptInput(page, /Revision name/);
  await waitForNotification(page, /^Install Istio /);
  await shoot(page, browser, 'install', await editorClip(page));
  await runCommandFromPalette(page, 'Notifications: Clear All Notifications');

  log('tag');
  await collapseAll(page);
  await expandTreeItem(page, TAGS, { level: 1 });
  for (const rev of ['1-7-6', '1-8-0']) await expandTreeItem(page, rev, { under: TAGS, level: 2 });
  await rowMenu(page, 'revision 1-8-0,');
  await shoot(page, browser, 'tag', await sidebarClip(page, 420, 40));
  await page.keyboard.press('Escape');

  log('migrate');
  await openContextMenu(page, await rowByAria(page, 'namespace a,'));
  await clickMenuItem(page, 'Migrate to Revision or Tag…');
  await waitForQuickPick(page);
  await typeInQuickInput(page, 'canary');
  await acceptQuickPickItem(page, /canary → 1-8-0/);
  await waitForDialog(page, /^Migrate: 1 namespace in /);
  await waitForWebviewText(page, 'Migrate 1 namespace to canary');
  const confirm = await dialog(page).boundingBox();
  if (!confirm) throw new Error('no dialog box');
  // The dialog and the plan beside it, readable at the walkthrough's media width.
  await shoot(page, browser, 'migrate', { x: confirm.x - 80, y: 0, width: VIEWPORT.width - confirm.x + 80, height: confirm.y + confirm.height + 140 });
  await clickDialogButton(page, 'Migrate');
  await waitForNotification(page, /1\/1 namespace done and verified/, { timeoutMs: 60_000 });

  log('verify');
  await waitForWebviewText(page, /Proxy versions/);
  await page.keyboard.press('Escape');
  await shoot(page, browser, 'verify', await editorClip(page, 640));

  log('gateways');
  await startDemo(page, 'blue-green-gateways');
  await collapseAll(page);
  await expandTreeItem(page, GATEWAYS, { level: 1 });
  await expandTreeItem(page, 'Gateways', { under: GATEWAYS, level: 2 });
  await rowMenu(page, 'gateway ');
  await shoot(page, browser, 'gateways', await sidebarClip(page, 420, 40));
  await page.keyboard.press('Escape');

  log('remove');
  await collapseAll(page);
  await expandTreeItem(page, TAGS, { level: 1 });
  await openContextMenu(page, await rowByAria(page, 'revision 1-7-6,'));
  await clickMenuItem(page, 'Remove Old Revision…');
  await waitForDialog(page, /cannot be removed/);
  const d = await dialog(page).boundingBox();
  if (!d) throw new Error('no dialog box');
  await shoot(page, browser, 'remove', { x: d.x - 40, y: d.y - 40, width: d.width + 80, height: d.height + 80 });
  await clickDialogButton(page, 'OK');
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-canary-media-'));
  let server: CodeServer | undefined;
  const browser = await launchBrowser(VIEWPORT);
  try {
    server = await startCodeServer({
      extensionDevelopmentPath: REPO, linkExtension: true, smokeTestDriver: false,
      env: { KUBECONFIG: path.join(scratch, 'no-kubeconfig') },
      logPath: path.join(scratch, 'code-server.log'),
    });
    const folder = path.join(server.scratchDir, 'workspace');
    const wb = await openWorkbench(`${server.url}/?folder=${encodeURIComponent(folder)}`, { browser });
    await run(wb.page, browser).catch(async (e: unknown) => {
      await wb.page.screenshot({ path: path.join(scratch, 'failed.png') });
      throw new Error(`${e instanceof Error ? e.message : String(e)} (screenshot: ${path.join(scratch, 'failed.png')})`);
    });
    await wb.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  } finally {
    await browser.close();
    await server?.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
