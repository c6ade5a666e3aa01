/**
 * A namespace migration driven through the real UI, as a user does it: tree → right-click namespace `a` →
 * "Migrate to Revision or Tag…" → pick the canary tag → preview + modal confirm → Migrate → notification →
 * tree moves `a` under 1-8-0 → the cluster agrees (read from this process) → "Istio: Show Journal".
 * Scenario tags-prod-canary: a, b on tag prod (1-7-6, 1.7.6); c on tag canary (1-8-0, 1.8.0).
 */
import type { Page } from 'playwright-core';
import { collapseAll, expandTreeItem, revisionsView, screenshot, settle, treeRows, type TreeRow } from '../../scripts/vscode/browser';
import { pollUntil } from '../../scripts/vscode/poll';
import {
  acceptQuickPickItem, clickDialogButton, clickMenuItem, editorTabTitles, menuItemLabels, openContextMenu, quickPickRows,
  runCommandFromPalette, typeInQuickInput, waitForDialog, waitForNotification, waitForQuickPick, waitForWebviewText,
} from '../../scripts/vscode/workbenchUi';
import { skippedCheck, uiCheck, type Check } from './checks';
import { injectedBy, migrationProblems, readNamespaceFacts } from './clusterFacts';

export interface MigrationTarget {
  context: string;
  kubeconfigPath: string;
}

const NS = 'a';
const FROM_REV = '1-7-6';
const TO_REV = '1-8-0';
const TAG = 'canary';
const TO_VERSION = '1.8.0';
const MENU_ITEM = 'Migrate to Revision or Tag…';
const DONE = /\b1\/1 namespace done and verified\b/;

type Log = (msg: string) => void;

/** The row's parent: the nearest row above it one level up. */
function parentOf(rows: TreeRow[], row: TreeRow): TreeRow | undefined {
  return rows.filter((r) => r.index < row.index && r.level === row.level - 1).sort((a, b) => b.index - a.index)[0];
}

const namespaceRow = (rows: TreeRow[], name: string): TreeRow | undefined => rows.find((r) => r.ariaLabel.startsWith(`namespace ${name},`));
const rowsText = (rows: TreeRow[]): string => rows.map((r) => `${'·'.repeat(r.level)}${r.text}`).join(' | ');

async function expandRevision(page: Page, context: string, revision: string): Promise<void> {
  await expandTreeItem(page, revision, { under: context, level: 2 });
}

export async function driveMigration(page: Page, target: MigrationTarget, checks: Check[], log: Log): Promise<void> {
  const { context } = target;
  const shot = async (name: string): Promise<void> => log(`screenshot test-output/screenshots/${(await screenshot(page, name)).split('/screenshots/')[1]}`);
  const steps = [
    'UI migrate: right-click namespace a → "Migrate to Revision or Tag…"',
    'UI migrate: the target quick pick lists tags first; the canary tag is picked',
    'UI migrate: the plan preview opens beside the tree with the modal confirm; "Migrate" is clicked',
    'UI migrate: the notification says "1/1 namespace done and verified"',
    `UI migrate: the tree shows ${NS} under ${TO_REV} "via tag ${TAG}" with no stale warning`,
    `cluster: namespace ${NS} is labelled istio.io/rev=${TAG} and its pods run ${TO_REV}'s proxyv2:${TO_VERSION}`,
  ];
  const skipRest = (from: number, because: string): void => steps.slice(from).forEach((t) => skippedCheck(checks, t, because));

  const before = await uiCheck(checks, `UI migrate: ${context} → ${FROM_REV} shows ${NS} via tag prod (before)`, async () => {
    await collapseAll(page);
    await expandTreeItem(page, context, { level: 1 });
    await expandRevision(page, context, FROM_REV);
    const rows = await pollUntil(async () => {
      const all = await treeRows(page);
      const row = namespaceRow(all, NS);
      return row && parentOf(all, row)?.label === FROM_REV ? all : undefined;
    }, { timeoutMs: 15_000, what: `namespace ${NS} under revision ${FROM_REV}` });
    const row = namespaceRow(rows, NS)!;
    if (!row.description.includes('via tag prod')) throw new Error(`namespace ${NS} should say "via tag prod": "${row.text}"`);
    await shot('migrate-before');
  });
  if (!before) return skipRest(0, 'the tree before the migration was not as expected');

  const menu = await uiCheck(checks, steps[0], async () => {
    const rowEl = (await revisionsView(page)).locator(`.monaco-list-row[aria-label^="namespace ${NS},"]`).first();
    await openContextMenu(page, rowEl);
    const labels = await menuItemLabels(page);
    if (!labels.some((l) => l.startsWith(MENU_ITEM))) throw new Error(`no "${MENU_ITEM}" in the menu: ${labels.join(' | ')}`);
    await shot('menu-namespace');
    await clickMenuItem(page, MENU_ITEM);
  });
  if (!menu) return skipRest(1, 'the context menu step failed');

  const picked = await uiCheck(checks, steps[1], async () => {
    await waitForQuickPick(page);
    const rows = (await quickPickRows(page)).filter((r) => !r.separator);
    const isTag = (r: { text: string; ariaLabel: string }): boolean => /→/.test(r.text || r.ariaLabel);
    const firstRevision = rows.findIndex((r) => !isTag(r));
    if (!rows.length || !isTag(rows[0]) || rows.slice(firstRevision < 0 ? rows.length : firstRevision).some(isTag)) {
      throw new Error(`tags should come first: ${rows.map((r) => r.text).join(' | ')}`);
    }
    if (!rows.some((r) => r.text.includes(`${TAG} → ${TO_REV}`))) throw new Error(`no "${TAG} → ${TO_REV}" item: ${rows.map((r) => r.text).join(' | ')}`);
    await shot('migrate-quickpick');
    await typeInQuickInput(page, TAG);
    await acceptQuickPickItem(page, new RegExp(`${TAG} → ${TO_REV}`));
  });
  if (!picked) return skipRest(2, 'the target was not picked');

  const confirmed = await uiCheck(checks, steps[2], async () => {
    const info = await waitForDialog(page, new RegExp(`^Migrate: 1 namespace in ${context} to ${TAG}\\?$`));
    const missing = ['Migrate', 'Relabel Only', 'Dry Run', 'Cancel'].filter((b) => !info.buttons.includes(b));
    if (missing.length) throw new Error(`dialog buttons ${info.buttons.join(', ')} lack ${missing.join(', ')}`);
    if (!info.detail.includes(`Namespaces: ${NS}`)) throw new Error(`dialog detail does not name namespace ${NS}: ${info.detail}`);
    await pollUntil(async () => (await editorTabTitles(page)).some((t) => /preview/i.test(t)), { timeoutMs: 10_000, what: 'a Markdown preview tab' })
      .catch(async (e: unknown) => { throw new Error(`${e instanceof Error ? e.message : e}; tabs: ${(await editorTabTitles(page)).join(', ') || 'none'}`); });
    await waitForWebviewText(page, `Migrate 1 namespace to ${TAG}`);
    await shot('migrate-preview');
    await clickDialogButton(page, 'Migrate');
  });
  if (!confirmed) return skipRest(3, 'the migration was not confirmed');

  const started = Date.now();
  const done = await uiCheck(checks, steps[3], async () => {
    const text = await waitForNotification(page, DONE, {
      timeoutMs: 45_000, fail: /failed:|not done:|0\/1 namespace/,
      onToast: (t) => { if (!DONE.test(t)) log(`  toast after ${((Date.now() - started) / 1000).toFixed(1)} s: "${t}"`); },
    });
    log(`notification after ${((Date.now() - started) / 1000).toFixed(1)} s: "${text}"`);
  });
  if (!done) await shot('migrate-failed').catch(() => undefined);

  await uiCheck(checks, steps[4], async () => {
    let last: TreeRow[] = [];
    await pollUntil(async () => {
      await expandRevision(page, context, TO_REV);
      last = await treeRows(page);
      const row = namespaceRow(last, NS);
      if (!row || parentOf(last, row)?.label !== TO_REV) return false;
      return row.description.includes(`via tag ${TAG}`) && !/⚠|stale|restart/i.test(row.text);
    }, { timeoutMs: 20_000, intervalMs: 300, what: `namespace ${NS} under ${TO_REV}, via tag ${TAG}, without a warning` })
      .catch((e: unknown) => { throw new Error(`${e instanceof Error ? e.message : e}; rows: ${rowsText(last)}`); });
    const under = namespaceRow(last, NS)!;
    const stillOld = last.filter((r) => r.ariaLabel.startsWith(`namespace ${NS},`) && r.index !== under.index);
    if (stillOld.length) throw new Error(`namespace ${NS} is shown twice: ${rowsText(last)}`);
    await expandTreeItem(page, `namespace ${NS},`, { under: TO_REV });
    await settle(page);
    await shot('migrate-after');
  });

  await uiCheck(checks, steps[5], async () => {
    const facts = await readNamespaceFacts(target.kubeconfigPath, context, NS);
    const problems = migrationProblems(facts, { revLabel: TAG, revision: TO_REV, version: TO_VERSION, pods: 3 });
    if (problems.length) throw new Error(problems.join('; '));
    const sources = [...new Set(facts.pods.map((p) => injectedBy(p)?.source))].join(', ');
    log(`cluster: ${NS} labels ${JSON.stringify(facts.namespace.metadata.labels)}; ${facts.pods.length} pod(s) injected by ${TO_REV} (read from ${sources})`);
  });
}

export async function showJournal(page: Page, checks: Check[], log: Log): Promise<void> {
  await uiCheck(checks, 'UI: "Istio: Show Journal" from the command palette shows the migrate run', async () => {
    await runCommandFromPalette(page, 'Istio: Show Journal');
    await waitForWebviewText(page, 'Istio upgrade journal');
    await waitForWebviewText(page, new RegExp(`migrate → ${TAG}`));
    log(`screenshot test-output/screenshots/${(await screenshot(page, 'journal')).split('/screenshots/')[1]}`);
  });
}
