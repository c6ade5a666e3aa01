/**
 * Tree, menu, notification and report helpers shared by the operations phase's steps (test/e2e/operationsUi.ts,
 * test/e2e/rollbackWaveUi.ts): rows of one context's subtree, a right-click command, cleared toasts and editors
 * between steps, and the text of a Markdown report rendered in a webview.
 */
import type { Page } from 'playwright-core';
import { collapseAll, expandTreeItem, revisionsView, screenshot, treeRows, type TreeRow } from '../../scripts/vscode/browser';
import { pollUntil } from '../../scripts/vscode/poll';
import {
  clickMenuItem, closeQuickInput, editorTabTitles, menuItemLabels, notificationTexts, openContextMenu, quickInput, quickInputHeading, quickPickRows,
  runCommandFromPalette, waitForQuickPick, waitForWebviewText,
} from '../../scripts/vscode/workbenchUi';

export interface OpsTarget {
  context: string;
  kubeconfigPath: string;
}

export type Log = (msg: string) => void;

export const rowsText = (rows: TreeRow[]): string => rows.map((r) => `${'·'.repeat(r.level)}${r.text}`).join(' | ');

export const shot = async (page: Page, name: string, log: Log): Promise<void> =>
  log(`screenshot test-output/screenshots/${(await screenshot(page, name)).split('/screenshots/')[1]}`);

/** After a failed step: no quick input, menu or modal left open, and a screenshot of what it left. */
export const failShot = (page: Page, name: string) => async (): Promise<unknown> => {
  await closeQuickInput(page);
  await page.keyboard.press('Escape');
  return screenshot(page, name);
};

/** Rows of `context`'s subtree (the cluster row excluded). */
export function subtreeOf(rows: TreeRow[], context: string): TreeRow[] {
  const root = rows.find((r) => r.level === 1 && r.label === context);
  if (!root) return [];
  const after = rows.filter((r) => r.index > root.index);
  const end = after.findIndex((r) => r.level <= root.level);
  return end < 0 ? after : after.slice(0, end);
}

export function parentOf(rows: TreeRow[], row: TreeRow): TreeRow | undefined {
  return rows.filter((r) => r.index < row.index && r.level === row.level - 1).sort((a, b) => b.index - a.index)[0];
}

export const namespaceRow = (rows: TreeRow[], name: string): TreeRow | undefined => rows.find((r) => r.ariaLabel.startsWith(`namespace ${name},`));
export const revisionRow = (rows: TreeRow[], name: string): TreeRow | undefined => rows.find((r) => r.level === 2 && r.ariaLabel.startsWith(`revision ${name},`));

/** Collapses the tree and expands `context` and the given revisions (namespaces show under their revision). */
export async function showRevisions(page: Page, context: string, revisions: string[]): Promise<void> {
  await collapseAll(page);
  await expandTreeItem(page, context, { level: 1 });
  for (const rev of revisions) await expandTreeItem(page, `revision ${rev},`, { under: context, level: 2 });
}

/**
 * Polls `context`'s subtree until `test` returns a row, re-expanding `revisions` each time (a namespace that
 * moves lands under a revision row that may be collapsed); the error lists the rows last seen.
 */
export async function waitForRow(page: Page, context: string, revisions: string[], what: string, test: (rows: TreeRow[]) => TreeRow | undefined, timeoutMs = 20_000): Promise<TreeRow> {
  let last: TreeRow[] = [];
  return pollUntil(async () => {
    last = subtreeOf(await treeRows(page), context);
    for (const rev of revisions) {
      if (revisionRow(last, rev)?.expanded === 'false') {
        await expandTreeItem(page, `revision ${rev},`, { under: context, level: 2 }, 5000);
        last = subtreeOf(await treeRows(page), context);
      }
    }
    return test(last);
  }, { timeoutMs, intervalMs: 300, what }).catch((e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : e}; rows: ${rowsText(last)}`);
  });
}

/** Right-clicks `row` and clicks `item` in its context menu (which must list it). */
export async function runFromMenu(page: Page, row: TreeRow, item: string): Promise<void> {
  const el = (await revisionsView(page)).locator(`.monaco-list-row[data-index="${row.index}"]`);
  await openContextMenu(page, el);
  const labels = await menuItemLabels(page);
  if (!labels.some((l) => l.startsWith(item))) throw new Error(`no "${item}" in the menu of "${row.text}": ${labels.join(' | ')}`);
  await clickMenuItem(page, item);
}

/**
 * From a fresh screen: right-click revision `to` → "Upgrade Wave…" → "All namespaces on `from`" (2 of them); resolves
 * once the concurrency input box ("How many namespaces at once?") is open.
 */
export async function startWaveFrom(page: Page, context: string, to: string, from: string): Promise<void> {
  await freshScreen(page);
  await showRevisions(page, context, [to, from]);
  const row = await waitForRow(page, context, [], `revision row ${to}`, (rows) => revisionRow(rows, to));
  await runFromMenu(page, row, 'Upgrade Wave…');
  await waitForQuickPick(page, { title: new RegExp(`Upgrade wave → ${to}: which namespaces\\?`) });
  const fromOld = new RegExp(`All namespaces on ${from}\\b.*\\b2 namespaces`);
  await pollUntil(async () => (await quickPickRows(page)).some((r) => r.focused && fromOld.test(`${r.ariaLabel} ${r.text}`)), { timeoutMs: 10_000, what: `the focused item "All namespaces on ${from}"` });
  await quickInput(page).locator('input').first().press('Enter');
  // the concurrency input box reuses the quick input widget: its title names the wave
  await pollUntil(async () => new RegExp(`Upgrade wave: 2 namespaces → ${to}`).test(await quickInputHeading(page)),
    { timeoutMs: 10_000, what: 'the input box "How many namespaces at once?"' });
}

/** Clears every toast (an earlier step's "1/1 namespace done…" must not satisfy the next wait) and closes the editors. */
export async function freshScreen(page: Page): Promise<void> {
  await runCommandFromPalette(page, 'Notifications: Clear All Notifications');
  await runCommandFromPalette(page, 'View: Close All Editors');
  await pollUntil(async () => (await notificationTexts(page)).length === 0 && (await editorTabTitles(page)).length === 0,
    { timeoutMs: 5000, what: 'no toast and no editor left' });
}

/** Waits for an editor tab whose title matches `title`; returns every tab title. */
export async function waitForTab(page: Page, title: RegExp): Promise<string[]> {
  let tabs: string[] = [];
  await pollUntil(async () => (tabs = await editorTabTitles(page)).some((t) => title.test(t)), { timeoutMs: 15_000, what: `an editor tab titled ${title}` })
    .catch((e: unknown) => { throw new Error(`${e instanceof Error ? e.message : e}; tabs: ${tabs.join(', ') || 'none'}`); });
  return tabs;
}

/** The whole visible text of the webview that shows `heading` (e.g. a rendered Markdown report). */
export async function webviewTextWith(page: Page, heading: string | RegExp): Promise<string> {
  const frame = await waitForWebviewText(page, heading);
  return (await frame.locator('body').innerText()).replace(/[ \t]+/g, ' ');
}
