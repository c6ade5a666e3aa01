/**
 * The owner's way in the real VS Code (issue 13), in the lifecycle phase's session on sim-helm-canary: tag prod is
 * rendered by Helm release istiod-1-24-3 (its revisionTags). Right-click prod → Move → 1-25-1: the modal offers
 * the helm commands instead of the write; "Edit Anyway…" leads only to a second confirmation, which is declined;
 * "Copy Commands" copies. The webhook's resourceVersion is read from this process before and after: untouched.
 */
import type { Page } from 'playwright-core';
import { pollUntil } from '../../scripts/vscode/poll';
import {
  acceptQuickPickItem, clickDialogButton, closeQuickInput, quickInput, quickInputHeading, waitForDialog, waitForNotification,
} from '../../scripts/vscode/workbenchUi';
import { screenshot } from '../../scripts/vscode/browser';
import { uiCheck, type Check } from './checks';
import { withClient } from './clusterWrites';
import { FAILED, runFromMenu, shot, showCluster, tagRow, waitForRow, type LifecycleTarget } from './lifecycleUi';

type Log = (msg: string) => void;

async function prodWebhookVersion(t: LifecycleTarget): Promise<string | undefined> {
  return withClient(t.kubeconfigPath, t.context, async (client) => (await client.get('mutatingwebhookconfigurations', 'istio-revision-tag-prod')).metadata.resourceVersion);
}

/** Right-click prod → "Move Tag to Another Revision…" → 1-25-1, up to the owner's modal; returns its text. */
async function openOwnerModal(page: Page, t: LifecycleTarget): Promise<{ detail: string; buttons: string[] }> {
  await showCluster(page, t.context);
  const prod = await waitForRow(page, t.context, 'tag row prod', (rows) => tagRow(rows, 'prod'));
  await runFromMenu(page, prod, 'Move Tag to Another Revision…');
  await pollUntil(async () => (await quickInput(page).isVisible().catch(() => false)) && /Move tag prod/.test(await quickInputHeading(page)),
    { timeoutMs: 10_000, what: 'the quick pick "Move tag prod … to…"' });
  await acceptQuickPickItem(page, /\b1-25-1\b/);
  return waitForDialog(page, /^Tag prod is kept by Helm release istiod-1-24-3 · istiod 1\.24\.3$/);
}

export async function driveHelmTagMove(page: Page, t: LifecycleTarget, checks: Check[], log: Log): Promise<void> {
  const fail = (name: string) => (): Promise<unknown> => closeQuickInput(page).then(() => page.keyboard.press('Escape')).then(() => screenshot(page, name));
  let before: string | undefined;
  await uiCheck(checks, 'UI owners: right-click the Helm-rendered tag prod → "Move Tag to Another Revision…" → 1-25-1 → the modal offers the helm commands (Copy / Run in Terminal), not the write', async () => {
    before = await prodWebhookVersion(t);
    const info = await openOwnerModal(page, t);
    const ctx = t.context;
    for (const line of [
      `helm upgrade istiod-1-24-3 istio/istiod --version 1.24.3 --namespace istio-system --kube-context ${ctx} --reuse-values --set 'revisionTags={default}'`,
      `helm upgrade istiod-1-25-1 istio/istiod --version 1.25.1 --namespace istio-system --kube-context ${ctx} --reuse-values --set 'revisionTags={canary,prod}'`,
    ]) if (!info.detail.includes(line)) throw new Error(`the modal lacks "${line}": ${info.detail}`);
    for (const b of ['Copy Commands', 'Run in Terminal', 'Edit Anyway…']) if (!info.buttons.includes(b)) throw new Error(`dialog buttons: ${info.buttons.join(', ')}`);
    if (info.buttons.some((b) => /^Move Tag$/.test(b))) throw new Error(`the first modal offers the direct write: ${info.buttons.join(', ')}`);
    log(`owner modal: buttons ${info.buttons.join(' | ')} — ${info.detail.split('\n').slice(1, 2).join('')}`);
    await shot(page, 'owner-helm-tag-move', log);
    // "Edit Anyway…" is one step more: the usual confirmation, now saying Helm will revert it — declined here.
    await clickDialogButton(page, 'Edit Anyway…');
    const second = await waitForDialog(page, /^Move tag prod to 1-25-1\?$/);
    if (!/Editing directly what Helm release istiod-1-24-3 · istiod 1\.24\.3 keeps/.test(second.detail)) throw new Error(`the second confirmation does not warn: ${second.detail}`);
    await shot(page, 'owner-helm-edit-anyway', log);
    await clickDialogButton(page, 'Cancel');
  }, fail('failed-owner-helm-modal'));

  await uiCheck(checks, 'UI owners: "Copy Commands" copies the helm lines; cluster: istio-revision-tag-prod has the same resourceVersion (no write was made)', async () => {
    await openOwnerModal(page, t);
    await clickDialogButton(page, 'Copy Commands');
    await waitForNotification(page, /Copied 2 commands to the clipboard\./, { fail: FAILED });
    const after = await prodWebhookVersion(t);
    if (!before || after !== before) throw new Error(`resourceVersion ${before} → ${after}`);
    log(`cluster: istio-revision-tag-prod resourceVersion ${after} (unchanged)`);
  }, fail('failed-owner-helm-copy'));
}
