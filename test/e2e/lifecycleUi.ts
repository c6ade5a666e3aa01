/**
 * The tag and gateway steps of the lifecycle phase (test/e2e/lifecyclePhase.ts), each a right-click in the tree,
 * the command's quick input / modal, its notification, the tree afterwards and the cluster read from this process.
 * tags-prod-canary: revisions 1-7-6 (tag prod: namespaces a, b) and 1-8-0 (tag canary: c).
 * blue-green-gateways: istio-ingressgateway-1-9-7 / -1-10-4 in istio-gateways; Service istio-ingressgateway on 1-9-7.
 */
import type { Page } from 'playwright-core';
import { collapseAll, expandTreeItem, revisionsView, screenshot, treeRows, type TreeRow } from '../../scripts/vscode/browser';
import { pollUntil } from '../../scripts/vscode/poll';
import {
  acceptQuickPickItem, clickDialogButton, clickMenuItem, clickNotificationAction, closeQuickInput, dialog, menuItemLabels, openContextMenu,
  quickInput, quickInputHeading, typeInQuickInput, waitForDialog, waitForNotification, waitForQuickPick,
} from '../../scripts/vscode/workbenchUi';
import { skippedCheck, uiCheck, type Check } from './checks';
import { withClient } from './clusterWrites';

export interface LifecycleTarget {
  context: string;
  kubeconfigPath: string;
}

type Log = (msg: string) => void;

export const FAILED = /failed|cancelled|error/i;
const rowsText = (rows: TreeRow[]): string => rows.map((r) => `${'·'.repeat(r.level)}${r.text}`).join(' | ');
export const shot = async (page: Page, name: string, log: Log): Promise<void> =>
  log(`screenshot test-output/screenshots/${(await screenshot(page, name)).split('/screenshots/')[1]}`);

/** Rows of `context`'s subtree (the cluster row excluded). */
function subtreeOf(rows: TreeRow[], context: string): TreeRow[] {
  const root = rows.find((r) => r.level === 1 && r.label === context);
  if (!root) return [];
  const after = rows.filter((r) => r.index > root.index);
  const end = after.findIndex((r) => r.level <= root.level);
  return end < 0 ? after : after.slice(0, end);
}

function parentOf(rows: TreeRow[], row: TreeRow): TreeRow | undefined {
  return rows.filter((r) => r.index < row.index && r.level === row.level - 1).sort((a, b) => b.index - a.index)[0];
}

export const tagRow = (rows: TreeRow[], tag: string): TreeRow | undefined => rows.find((r) => r.ariaLabel.startsWith(`tag ${tag} pointing at revision `));

/** Polls `context`'s subtree until `test` returns a row; the error lists the rows last seen. */
export async function waitForRow(page: Page, context: string, what: string, test: (rows: TreeRow[]) => TreeRow | undefined, timeoutMs = 20_000): Promise<TreeRow> {
  let last: TreeRow[] = [];
  return pollUntil(async () => {
    await expandRevisions(page, context);
    last = subtreeOf(await treeRows(page), context);
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

/** Expands every collapsed revision row of `context` (tags are shown under the revision they point at). */
async function expandRevisions(page: Page, context: string): Promise<void> {
  const rows = subtreeOf(await treeRows(page), context);
  for (const r of rows.filter((x) => x.level === 2 && x.expanded === 'false' && /^revision /.test(x.ariaLabel))) {
    await expandTreeItem(page, r.label, { under: context, level: 2 }, 5000);
  }
}

export async function showCluster(page: Page, context: string): Promise<void> {
  await collapseAll(page);
  await expandTreeItem(page, context, { level: 1 });
}

async function tagWebhookLabels(t: LifecycleTarget, tag: string): Promise<Record<string, string> | undefined> {
  return webhookLabels(t, `istio-revision-tag-${tag}`);
}

async function webhookLabels(t: LifecycleTarget, name: string): Promise<Record<string, string> | undefined> {
  return withClient(t.kubeconfigPath, t.context, async (client) => {
    const mwc = await client.get('mutatingwebhookconfigurations', name).catch((e: unknown) => {
      if (/not ?found|404/i.test(e instanceof Error ? e.message : String(e))) return undefined;
      throw e;
    });
    return mwc ? mwc.metadata.labels ?? {} : undefined;
  });
}

export async function driveTags(page: Page, t: LifecycleTarget, checks: Check[], log: Log): Promise<void> {
  const { context } = t;
  const fail = (name: string) => (): Promise<unknown> => closeQuickInput(page).then(() => page.keyboard.press('Escape')).then(() => screenshot(page, name));

  const set = await uiCheck(checks, 'UI tags: right-click 1-8-0 → "Set Revision Tag…" → qa → "Create Tag" → the tree shows qa → 1-8-0 under 1-8-0', async () => {
    await showCluster(page, context);
    const rev = await waitForRow(page, context, 'revision row 1-8-0', (rows) => rows.find((r) => r.level === 2 && r.label === '1-8-0'));
    await runFromMenu(page, rev, 'Set Revision Tag…');
    await pollUntil(async () => (await quickInput(page).isVisible().catch(() => false)) && /New revision tag for 1-8-0/.test(await quickInputHeading(page)),
      { timeoutMs: 10_000, what: 'the input box "New revision tag for 1-8-0"' });
    await typeInQuickInput(page, 'qa');
    await quickInput(page).locator('input').first().press('Enter');
    const info = await waitForDialog(page, /^Create tag qa → 1-8-0\?$/);
    if (!info.buttons.includes('Create Tag')) throw new Error(`dialog buttons: ${info.buttons.join(', ')}`);
    await clickDialogButton(page, 'Create Tag');
    await waitForNotification(page, /Revision tag "qa" created, referencing control plane revision "1-8-0"/, { fail: FAILED });
    await waitForRow(page, context, 'tag row "qa → 1-8-0" under revision 1-8-0', (rows) => {
      const row = tagRow(rows, 'qa');
      return row && row.label === 'qa → 1-8-0' && parentOf(rows, row)?.label === '1-8-0' ? row : undefined;
    });
    await shot(page, 'tag-set', log);
  }, fail('failed-tag-set'));

  await uiCheck(checks, 'cluster: MutatingWebhookConfiguration istio-revision-tag-qa exists with istio.io/tag=qa, istio.io/rev=1-8-0', async () => {
    const labels = await tagWebhookLabels(t, 'qa');
    if (!labels) throw new Error('istio-revision-tag-qa not found');
    if (labels['istio.io/tag'] !== 'qa' || labels['istio.io/rev'] !== '1-8-0') throw new Error(`labels ${JSON.stringify(labels)}`);
    log(`cluster: istio-revision-tag-qa labels ${JSON.stringify(labels)}`);
  });

  await uiCheck(checks, 'UI tags: "Set Revision Tag…" → qa2 → "Advanced Options…" → custom webhook name qa2-injector → "Create Tag" → the cluster has qa2-injector (no istio-revision-tag-qa2); "Remove Revision Tag…" on qa2 deletes it', async () => {
    await showCluster(page, context);
    const rev = await waitForRow(page, context, 'revision row 1-8-0', (rows) => rows.find((r) => r.level === 2 && r.label === '1-8-0'));
    await runFromMenu(page, rev, 'Set Revision Tag…');
    await pollUntil(async () => (await quickInput(page).isVisible().catch(() => false)) && /New revision tag for 1-8-0/.test(await quickInputHeading(page)),
      { timeoutMs: 10_000, what: 'the input box "New revision tag for 1-8-0"' });
    await typeInQuickInput(page, 'qa2');
    await quickInput(page).locator('input').first().press('Enter');
    const plain = await waitForDialog(page, /^Create tag qa2 → 1-8-0\?$/);
    if (!plain.buttons.includes('Advanced Options…')) throw new Error(`dialog buttons: ${plain.buttons.join(', ')}`);
    await clickDialogButton(page, 'Advanced Options…');
    await waitForQuickPick(page, { title: /Advanced options for tag qa2/ });
    const option = quickInput(page).locator('.monaco-list-row', { hasText: 'Custom webhook name' }).first();
    await option.click();
    await pollUntil(async () => (await option.getAttribute('aria-checked')) === 'true', { timeoutMs: 5000, what: 'the "Custom webhook name" option to be checked' });
    await quickInput(page).locator('input').first().press('Enter');
    await pollUntil(async () => (await quickInput(page).isVisible().catch(() => false)) && /Webhook name for tag qa2/.test(await quickInputHeading(page)),
      { timeoutMs: 10_000, what: 'the input box "Webhook name for tag qa2"' });
    await typeInQuickInput(page, 'qa2-injector');
    await quickInput(page).locator('input').first().press('Enter');
    const info = await waitForDialog(page, /^Create tag qa2 → 1-8-0\?$/);
    if (!info.detail.includes('Webhook name: qa2-injector (--webhook-name)')) throw new Error(`the dialog does not show the webhook name: ${info.detail}`);
    log(`advanced set modal: ${info.detail.split('\n').slice(0, 3).join(' / ')}`);
    await clickDialogButton(page, 'Create Tag');
    await waitForNotification(page, /Revision tag "qa2" created, referencing control plane revision "1-8-0"/, { fail: FAILED });
    const labels = await webhookLabels(t, 'qa2-injector');
    if (labels?.['istio.io/tag'] !== 'qa2' || labels['istio.io/rev'] !== '1-8-0') throw new Error(`cluster: qa2-injector labels ${JSON.stringify(labels)}`);
    if (await tagWebhookLabels(t, 'qa2')) throw new Error('cluster: istio-revision-tag-qa2 exists too');
    const qa2 = await waitForRow(page, context, 'tag row "qa2 → 1-8-0"', (rows) => {
      const row = tagRow(rows, 'qa2');
      return row && row.label === 'qa2 → 1-8-0' ? row : undefined;
    });
    await shot(page, 'tag-set-advanced', log);
    await runFromMenu(page, qa2, 'Remove Revision Tag…');
    await waitForDialog(page, /^Remove tag qa2 \(→ 1-8-0\)\?$/);
    await clickDialogButton(page, 'Remove Tag');
    await waitForNotification(page, /Revision tag qa2 removed\./, { fail: FAILED });
    if (await webhookLabels(t, 'qa2-injector')) throw new Error('cluster: qa2-injector still exists');
    await waitForRow(page, context, 'no tag row qa2', (rows) => !tagRow(rows, 'qa2') && tagRow(rows, 'qa') ? rows[0] : undefined);
  }, fail('failed-tag-set-advanced'));

  await uiCheck(checks, 'UI tags: right-click prod → "Move Tag to Another Revision…" → 1-8-0 → the modal names a, b → "Move Tag" → the tree shows prod → 1-8-0 (restart declined)', async () => {
    await showCluster(page, context);
    const prod = await waitForRow(page, context, 'tag row prod', (rows) => tagRow(rows, 'prod'));
    await runFromMenu(page, prod, 'Move Tag to Another Revision…');
    await pollUntil(async () => (await quickInput(page).isVisible().catch(() => false)) && /Move tag prod/.test(await quickInputHeading(page)),
      { timeoutMs: 10_000, what: 'the quick pick "Move tag prod … to…"' });
    await acceptQuickPickItem(page, /\b1-8-0\b/);
    const info = await waitForDialog(page, /^Move tag prod to 1-8-0\?$/);
    if (!/Namespaces this moves: a, b\b/.test(info.detail)) throw new Error(`the modal does not list namespaces a, b: ${info.detail}`);
    if (!info.buttons.includes('Move Tag')) throw new Error(`dialog buttons: ${info.buttons.join(', ')}`);
    log(`move modal: "${info.message}" — ${info.detail.split('\n').slice(0, 3).join(' / ')}`);
    await clickDialogButton(page, 'Move Tag');
    // The restart offer is declined by not answering it: the move alone must show in the tree.
    const toast = await waitForNotification(page, /Tag prod now points at 1-8-0\./, { fail: FAILED });
    log(`move notification: "${toast}"`);
    await waitForRow(page, context, 'tag row "prod → 1-8-0" under revision 1-8-0', (rows) => {
      const row = tagRow(rows, 'prod');
      return row && row.label === 'prod → 1-8-0' && parentOf(rows, row)?.label === '1-8-0' ? row : undefined;
    });
    const labels = await tagWebhookLabels(t, 'prod');
    if (labels?.['istio.io/rev'] !== '1-8-0') throw new Error(`cluster: istio-revision-tag-prod labels ${JSON.stringify(labels)}`);
    await shot(page, 'tag-moved', log);
  }, fail('failed-tag-move'));

  const removeTitle = 'UI tags: right-click qa → "Remove Revision Tag…" → "Remove Tag" → qa is gone from the tree and the cluster';
  if (!set) return skippedCheck(checks, removeTitle, 'tag qa was not created');
  await uiCheck(checks, removeTitle, async () => {
    await showCluster(page, context);
    const qa = await waitForRow(page, context, 'tag row qa', (rows) => tagRow(rows, 'qa'));
    await runFromMenu(page, qa, 'Remove Revision Tag…');
    const info = await waitForDialog(page, /^Remove tag qa \(→ 1-8-0\)\?$/);
    if (!info.buttons.includes('Remove Tag')) throw new Error(`dialog buttons: ${info.buttons.join(', ')}`);
    await clickDialogButton(page, 'Remove Tag');
    await waitForNotification(page, /Revision tag qa removed\./, { fail: FAILED });
    await waitForRow(page, context, 'no tag row qa (and prod still shown)', (rows) => !tagRow(rows, 'qa') && tagRow(rows, 'prod') ? rows[0] : undefined);
    const labels = await tagWebhookLabels(t, 'qa');
    if (labels) throw new Error(`istio-revision-tag-qa still exists: ${JSON.stringify(labels)}`);
  }, fail('failed-tag-remove'));
}

async function serviceSelector(t: LifecycleTarget): Promise<Record<string, string>> {
  return withClient(t.kubeconfigPath, t.context, async (client) =>
    (await client.get('services', 'istio-ingressgateway', 'istio-gateways')).spec?.selector ?? {});
}

async function waitForSelectorVersion(t: LifecycleTarget, version: string): Promise<Record<string, string>> {
  let last: Record<string, string> = {};
  return pollUntil(async () => {
    last = await serviceSelector(t);
    return last.version === version ? last : undefined;
  }, { timeoutMs: 10_000, what: `Service istio-gateways/istio-ingressgateway to select version=${version}` }).catch((e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : e}; selector ${JSON.stringify(last)}`);
  });
}

export async function driveGatewaySwitch(page: Page, t: LifecycleTarget, checks: Check[], log: Log): Promise<void> {
  const { context } = t;
  const from = 'istio-ingressgateway-1-9-7';
  const to = 'istio-ingressgateway-1-10-4';
  const TOAST = new RegExp(`istio-ingressgateway now sends traffic to ${to} \\(1-10-4\\)`);
  const switched = await uiCheck(checks, `UI gateway: right-click ${to} → "Switch Gateway Service (Blue/Green)…" → "Switch" → the notification offers "Switch Back"`, async () => {
    await showCluster(page, context);
    await expandTreeItem(page, 'Gateways', { under: context, level: 2 });
    const gw = await waitForRow(page, context, `gateway row ${to}`, (rows) => rows.find((r) => r.ariaLabel.startsWith(`gateway ${to},`)));
    await runFromMenu(page, gw, 'Switch Gateway Service (Blue/Green)…');
    // With one Service in the namespace the command may ask for it or go straight to the modal.
    const next = await pollUntil(async () => {
      if (await dialog(page).isVisible().catch(() => false)) return 'dialog';
      if ((await quickInput(page).isVisible().catch(() => false)) && /Switch which Service/.test(await quickInputHeading(page))) return 'service';
      return undefined;
    }, { timeoutMs: 15_000, what: 'the Service quick pick or the confirm modal' });
    if (next === 'service') await acceptQuickPickItem(page, /istio-gateways\/istio-ingressgateway\b/);
    const info = await waitForDialog(page, new RegExp(`^Send istio-gateways/istio-ingressgateway traffic from ${from} to ${to}\\?$`));
    log(`gateway modal: "${info.message}" — ${info.detail.replace(/\n/g, ' / ')} (Service quick pick: ${next === 'service' ? 'yes' : 'no'})`);
    await clickDialogButton(page, 'Switch');
    const text = await waitForNotification(page, TOAST, { fail: FAILED });
    const back = page.locator('.notifications-toasts .notification-toast', { hasText: TOAST }).getByRole('button', { name: 'Switch Back', exact: true });
    await pollUntil(() => back.first().isVisible().catch(() => false), { timeoutMs: 5000, what: `a "Switch Back" button on "${text}"` });
    await shot(page, 'gateway-switched', log);
  }, () => closeQuickInput(page).then(() => screenshot(page, 'failed-gateway-switch')));

  const afterTitle = 'cluster: Service istio-gateways/istio-ingressgateway selects version=1-10-4 after the switch';
  const backTitle = 'UI gateway: "Switch Back" on the notification → the Service selects version=1-9-7 again';
  if (!switched) {
    skippedCheck(checks, afterTitle, 'the switch did not complete');
    return skippedCheck(checks, backTitle, 'the switch did not complete');
  }
  await uiCheck(checks, afterTitle, async () => {
    const selector = await waitForSelectorVersion(t, '1-10-4');
    log(`cluster: selector after the switch ${JSON.stringify(selector)}`);
  });
  await uiCheck(checks, backTitle, async () => {
    await clickNotificationAction(page, TOAST, 'Switch Back');
    await waitForNotification(page, /istio-ingressgateway selects .* again\./, { fail: FAILED });
    const selector = await waitForSelectorVersion(t, '1-9-7');
    log(`cluster: selector after Switch Back ${JSON.stringify(selector)}`);
  }, () => screenshot(page, 'failed-gateway-back'));
}
