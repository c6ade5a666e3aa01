/**
 * The cluster-health side of the UI: the Health group of mid-upgrade in the tree, "Istio: Precheck Cluster"
 * from the palette (a Markdown report), and "Remove Old Revision…" on a revision that is still in use (a
 * modal refusal listing what uses it).
 */
import type { Page } from 'playwright-core';
import { collapseAll, expandTreeItem, revisionsView, screenshot, treeRows, type TreeRow } from '../../scripts/vscode/browser';
import { pollUntil } from '../../scripts/vscode/poll';
import { acceptQuickPickItem, closeQuickInput, dialog, menuItemLabels, openContextMenu, runCommandFromPalette, typeInQuickInput, waitForDialog, waitForWebviewText } from '../../scripts/vscode/workbenchUi';
import { uiCheck, type Check } from './checks';
import { escapeRe, pickFromPalette } from './panelUi';

type Log = (msg: string) => void;
const shot = async (page: Page, name: string, log: Log): Promise<void> => log(`screenshot test-output/screenshots/${(await screenshot(page, name)).split('/screenshots/')[1]}`);

/** Rows below `parent` (its subtree, as rendered). */
function subtree(rows: TreeRow[], parent: TreeRow): TreeRow[] {
  const after = rows.filter((r) => r.index > parent.index);
  const end = after.findIndex((r) => r.level <= parent.level);
  return end < 0 ? after : after.slice(0, end);
}

export async function checkHealthAndPrecheck(page: Page, context: string, checks: Check[], log: Log): Promise<void> {
  await uiCheck(checks, `UI health: ${context}'s Health group lists its findings, errors first`, async () => {
    await collapseAll(page);
    await expandTreeItem(page, context, { level: 1 });
    const health = await expandTreeItem(page, 'Health', { under: context, level: 2 });
    if (!/\d+ errors?/.test(health.description)) throw new Error(`Health says "${health.text}", want an error count`);
    const findings = await pollUntil(async () => {
      const rows = await treeRows(page);
      const h = rows.find((r) => r.index === health.index);
      const sub = h ? subtree(rows, h) : [];
      return sub.length ? sub : undefined;
    }, { timeoutMs: 10_000, what: 'finding rows under Health' });
    if (!/^error:/.test(findings[0].ariaLabel)) throw new Error(`first finding is not an error: ${findings.map((f) => f.ariaLabel).join(' | ')}`);
    if (!findings.some((f) => /orphaned/.test(f.text))) throw new Error(`no finding about namespace orphaned: ${findings.map((f) => f.text).join(' | ')}`);
    log(`health: ${health.description}; ${findings.length} finding rows`);
    await shot(page, 'health-findings', log);
  }, () => screenshot(page, 'failed-health'));

  await uiCheck(checks, `UI precheck: "Istio: Precheck Cluster" from the palette shows ${context}'s Markdown report`, async () => {
    await pickFromPalette(page, 'Istio: Precheck Cluster', /Precheck cluster/i, context, new RegExp(`^${escapeRe(context)}(?![\\w.-])`));
    const frame = await waitForWebviewText(page, `Precheck — ${context}`, 20_000);
    const text = (await frame.locator('body').innerText()).replace(/\s+/g, ' ');
    const missing = ['orphaned', '1-24-2', 'conflict'].filter((w) => !text.includes(w));
    if (missing.length) throw new Error(`the report does not mention ${missing.join(', ')}: ${text.slice(0, 300)}`);
    await shot(page, 'precheck-report', log);
  }, () => screenshot(page, 'failed-precheck'));
}

/**
 * Right-click `revision` (in use) under `context`: the menu has no "Remove Old Revision…" (it is offered on unused
 * revisions only). The palette path keeps the refusal: "Istio: Remove Old Revision…" → cluster → revision → the
 * modal refuses; its detail must name `namespace` and `tag` as users of the revision. Dismissed with Escape.
 */
export async function checkRemovalRefused(page: Page, target: { context: string; revision: string; namespace: string; tag: string }, checks: Check[], log: Log): Promise<void> {
  const { context, revision, namespace, tag } = target;
  await uiCheck(checks, `UI remove: the menu of ${revision} (in use) has no "Remove Old Revision…"; from the palette it refuses in a modal naming namespace ${namespace} and tag ${tag}`, async () => {
    await collapseAll(page);
    await expandTreeItem(page, context, { level: 1 });
    const row = await pollUntil(async () => {
      const rows = await treeRows(page);
      const cluster = rows.find((r) => r.level === 1 && r.label === context);
      return cluster ? subtree(rows, cluster).find((r) => r.level === 2 && r.label.split(/\s+/).includes(revision)) : undefined;
    }, { timeoutMs: 10_000, what: `revision row ${revision} under ${context}` });
    const rowEl = (await revisionsView(page)).locator(`.monaco-list-row[data-index="${row.index}"]`);
    await openContextMenu(page, rowEl);
    const labels = await menuItemLabels(page);
    await page.keyboard.press('Escape');
    if (!labels.some((l) => l.startsWith('Migrate'))) throw new Error(`not the revision menu: ${labels.join(' | ')}`);
    if (labels.some((l) => l.startsWith('Remove Old Revision…'))) throw new Error(`"Remove Old Revision…" is offered on a revision in use: ${labels.join(' | ')}`);
    // Tried twice, as pickFromPalette does: a quick pick closes when the tree takes the focus back late.
    for (let attempt = 1; ; attempt++) {
      try {
        await runCommandFromPalette(page, 'Istio: Remove Old Revision…', 15_000, { then: /Remove an old revision/ });
        await typeInQuickInput(page, context, 5000);
        await acceptQuickPickItem(page, new RegExp(`^${escapeRe(context)}(?![\\w.-])`), 10_000, { then: /Remove which revision/ });
        await typeInQuickInput(page, revision, 5000);
        await acceptQuickPickItem(page, new RegExp(`^${escapeRe(revision)}\\b`));
        break;
      } catch (e) {
        await closeQuickInput(page);
        if (attempt >= 2) throw e;
        log(`(Remove Old Revision…: the quick pick went away, trying again: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]})`);
      }
    }
    const info = await waitForDialog(page, new RegExp(`^Revision ${revision} cannot be removed from ${context}: it is still in use\\.$`));
    const problems: string[] = [];
    if (!new RegExp(`\\bnamespace ${namespace}\\b`).test(info.detail)) problems.push(`does not name namespace ${namespace}`);
    if (!new RegExp(`\\btag ${tag}\\b`).test(info.detail)) problems.push(`does not name tag ${tag}`);
    log(`remove refused: "${info.message}" — ${info.detail.replace(/\n/g, ' ')} [buttons: ${info.buttons.join(', ')}]`);
    await shot(page, 'remove-refused', log);
    await page.keyboard.press('Escape');
    await pollUntil(async () => !(await dialog(page).isVisible().catch(() => false)), { timeoutMs: 5000, what: 'the dialog to close' });
    if (problems.length) throw new Error(`the refusal ${problems.join(' and ')}: ${info.detail}`);
  }, () => screenshot(page, 'failed-remove'));
}
