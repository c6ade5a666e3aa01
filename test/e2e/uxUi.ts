/**
 * UX-guideline checks in the real VS Code (panel phase session): the badge on the Istio Upgrades icon, the Proxy
 * versions panel's editor-title actions, istioCanary.istioctlPath taken from the remote's Machine settings (where
 * code-server reads machine-scoped settings) and checked before a terminal runs it, and a welcome view with one button.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { openIstioSidebar, screenshot } from '../../scripts/vscode/browser';
import { pollUntil } from '../../scripts/vscode/poll';
import {
  acceptQuickPickItem, clickDialogButton, clickNotificationAction, closeQuickInput, quickInput, quickInputHeading, quickPickRows, runCommandFromPalette, typeInQuickInput,
  waitForDialog, waitForQuickPick,
} from '../../scripts/vscode/workbenchUi';
import { uiCheck, type Check } from './checks';
import { escapeRe, openPanelFromPalette } from './panelUi';

type Log = (msg: string) => void;
const shot = async (page: Page, name: string, log: Log): Promise<void> => log(`screenshot test-output/screenshots/${(await screenshot(page, name)).split('/screenshots/')[1]}`);

/** The badge on the activity-bar entry of Istio Upgrades: its number and the entry's label. */
async function activityBadge(page: Page): Promise<{ value: string; label: string }> {
  const item = page.locator('.part.activitybar li.action-item', { has: page.locator('[aria-label*="Istio Upgrades"]') }).first();
  const value = (await item.locator('.badge .badge-content').first().innerText().catch(() => '')).trim();
  const label = (await item.locator('[aria-label*="Istio Upgrades"]').first().getAttribute('aria-label').catch(() => null)) ?? '';
  return { value, label };
}

export async function checkStaleBadge(page: Page, checks: Check[], log: Log): Promise<void> {
  await uiCheck(checks, 'UI badge: the Istio Upgrades icon shows the number of proxies needing a restart (mid-upgrade has stale proxies)', async () => {
    await openIstioSidebar(page);
    const badge = await pollUntil(async () => {
      const b = await activityBadge(page);
      return /^\d+$/.test(b.value) && Number(b.value) > 0 ? b : undefined;
    }, { timeoutMs: 15_000, what: 'a number on the Istio Upgrades icon' });
    log(`badge: ${badge.value} — "${badge.label}"`);
    if (!/need(s)? a restart/.test(badge.label)) throw new Error(`the icon's label does not say what the number counts: "${badge.label}"`);
    await shot(page, 'badge', log);
  }, () => screenshot(page, 'failed-badge'));
}

export async function checkPanelTitleActions(page: Page, context: string, checks: Check[], log: Log): Promise<void> {
  await uiCheck(checks, 'UI panel: the Proxy versions panel has its actions in the editor title (Verify, New Baseline, Copy, Save)', async () => {
    await openPanelFromPalette(page, context);
    const want = ['Verify the Namespaces Shown', 'Take a New Baseline', 'Copy Proxy Versions as Markdown', 'Save Proxy Versions Report…'];
    const actions = page.locator('.editor-group-container.active .editor-actions .action-label');
    const labels = await pollUntil(async () => {
      const all = await actions.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      return want.every((w) => all.some((a) => a.startsWith(w))) ? all : undefined;
    }, { timeoutMs: 10_000, what: `editor-title actions ${want.join(', ')}` });
    log(`panel editor-title actions: ${labels.filter(Boolean).join(' | ')}`);
    await page.locator('.editor-group-container.active .editor-actions .action-label[aria-label^="Save Proxy Versions Report"]').first().click();
    await waitForQuickPick(page, { title: /Save the proxy versions report as/ });
    await closeQuickInput(page);
    await shot(page, 'panel-title-actions', log);
  }, () => screenshot(page, 'failed-panel-title-actions'));
}

/** Writes `settings` over the remote's Machine settings file (what a user sets in the Settings editor's Remote tab). */
function setMachineSettings(userData: string, settings: Record<string, unknown>): void {
  const file = path.join(userData, 'Machine', 'settings.json');
  const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(file, JSON.stringify({ ...current, ...settings }, null, 2));
}

/**
 * istioCanary.istioctlPath set in the Machine settings only → Install New Revision (istioctl way) → Run in Terminal:
 * the fake istioctl there prints another version, so a modal names its path and the version it would install.
 */
export async function checkIstioctlSetting(page: Page, t: { context: string; userData: string; scratch: string }, checks: Check[], log: Log): Promise<void> {
  await uiCheck(checks, 'UI tools: istioCanary.istioctlPath from the Machine (remote) settings is used — its version is checked and a mismatch is shown before any terminal runs', async () => {
    const fake = path.join(t.scratch, 'bin', 'istioctl');
    fs.mkdirSync(path.dirname(fake), { recursive: true });
    fs.writeFileSync(fake, '#!/bin/sh\necho "client version: 1.20.1"\n', { mode: 0o755 });
    setMachineSettings(t.userData, { 'istioCanary.istioctlPath': fake });
    await page.waitForTimeout(1500); // the settings file is watched; let the reload settle
    await runCommandFromPalette(page, 'Istio: Install New Revision (Helm / Sail / istioctl)…', 15_000, { then: /Install a new revision/ });
    await typeInQuickInput(page, t.context);
    await acceptQuickPickItem(page, new RegExp(`^${escapeRe(t.context)}(?![\\w.-])`), 10_000, { then: /Install a new Istio revision in .*: how\?/ });
    await typeInQuickInput(page, 'istioctl');
    await pollUntil(async () => (await quickPickRows(page)).some((r) => r.focused && /istioctl \/ IstioOperator/.test(`${r.ariaLabel} ${r.text}`)), { timeoutMs: 10_000, what: 'the istioctl way focused' });
    await quickInput(page).locator('input').first().press('Enter');
    for (const [heading, value] of [[/Install a new Istio revision/, '1.24.2'], [/Revision name for Istio/, '1-24-2']] as const) {
      await pollUntil(async () => (await quickInput(page).isVisible().catch(() => false)) && heading.test(await quickInputHeading(page)), { timeoutMs: 10_000, what: `the input ${heading}` });
      await quickInput(page).locator('input').first().fill(value);
      await quickInput(page).locator('input').first().press('Enter');
    }
    await clickNotificationAction(page, /^Install Istio 1\.24\.2 as revision 1-24-2/, 'Run in Terminal', 15_000);
    const info = await waitForDialog(page, new RegExp(`^The istioctl at ${escapeRe(fake)} may not fit this cluster\\.$`));
    log(`istioctl check: "${info.message}" — ${info.detail} [${info.buttons.join(', ')}]`);
    if (!/istioctl 1\.20\.1 installs Istio 1\.20\.1, not 1\.24\.2/.test(info.detail)) throw new Error(`the warning does not name the versions: ${info.detail}`);
    await shot(page, 'istioctl-version-warning', log);
    await clickDialogButton(page, 'Cancel').catch(() => page.keyboard.press('Escape'));
  }, () => screenshot(page, 'failed-istioctl-setting'));
}

/** istioCanary.kubeconfig (machine scope) set to a missing file: the welcome view replaces the tree, with one button. */
export async function checkWelcomeView(page: Page, userData: string, scratch: string, checks: Check[], log: Log): Promise<void> {
  await uiCheck(checks, 'UI welcome: a kubeconfig that does not exist → the welcome view, with one button ("Select Kubeconfig…") and the other actions as links', async () => {
    setMachineSettings(userData, { 'istioCanary.kubeconfig': path.join(scratch, 'no-such-kubeconfig.yaml') });
    await openIstioSidebar(page).catch(() => undefined); // no rows to wait for: the welcome replaces them
    const welcome = page.locator('.part.sidebar .pane .welcome-view-content').filter({ visible: true }).first();
    await welcome.waitFor({ state: 'visible', timeout: 20_000 });
    await pollUntil(async () => /No kubeconfig found/.test(await welcome.innerText().catch(() => '')), { timeoutMs: 20_000, what: 'the "No kubeconfig found" welcome' });
    const buttons = await welcome.locator('.monaco-button').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
    const links = await welcome.locator('a.monaco-link, a').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()).filter(Boolean));
    log(`welcome: buttons [${buttons.join(', ')}], links [${links.join(', ')}]`);
    if (buttons.length !== 1 || buttons[0] !== 'Select Kubeconfig…') throw new Error(`want one button "Select Kubeconfig…", got [${buttons.join(', ')}]`);
    if (!['open the settings', 'try the demo mesh', 'Get Started'].every((l) => links.includes(l))) throw new Error(`links missing: [${links.join(', ')}]`);
    await shot(page, 'welcome', log);
  }, () => screenshot(page, 'failed-welcome'));
}
