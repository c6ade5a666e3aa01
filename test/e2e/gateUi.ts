/**
 * The traffic gate's steps of the gate phase (test/e2e/gatePhase.ts) on traffic-gate (tags-prod-canary plus a
 * Prometheus whose series give 1-8-0's proxies 5 % 503s on a/cart): an Upgrade Wave of a, b to revision 1-8-0,
 * one at a time with the default gate → the gate stops it at a with the figures and the three offers → the
 * Proxy versions panel's traffic table → Roll Back This Wave → a back on 1-7-6.
 */
import type { Frame, Page } from 'playwright-core';
import { pollUntil } from '../../scripts/vscode/poll';
import { evalInFrame } from '../../scripts/vscode/webview';
import {
  clickDialogButton, clickNotificationAction, quickInput, quickPickRows, runCommandFromPalette, waitForDialog, waitForNotification, waitForQuickPick,
} from '../../scripts/vscode/workbenchUi';
import { skippedCheck, uiCheck, type Check } from './checks';
import { migrationProblems, readNamespaceFacts } from './clusterFacts';
import { failShot, shot, startWaveFrom, webviewTextWith, type Log, type OpsTarget } from './operationsTree';
import { panelFrame, waitForPanelRows } from './panelUi';

const OLD = { revision: '1-7-6', version: '1.7.6', tag: 'prod' };
const NEW = { revision: '1-8-0', version: '1.8.0' };
const STOPPED = /^The traffic gate stopped the wave: a\/cart: 5xx 0\.10 % → 5\.10 %, p99 \d+ ms → \d+ ms on 1\.8\.0\. Not started: b\.$/;

interface TrafficRow {
  workload: string;
  cells: string[];
}

const TRAFFIC_SCRIPT = `(() => [...document.querySelectorAll('#traffic tbody tr')].map((tr) => ({
  workload: (tr.getAttribute('data-traffic') || ''),
  cells: [...tr.children].map((c) => c.textContent.replace(/\\s+/g, ' ').trim()),
})))()`;

/** Clicks `label` on the notification matching `text`: on its toast, else (the toast hidden) in the notification center. */
async function clickOffered(page: Page, text: RegExp, label: string): Promise<void> {
  try {
    await clickNotificationAction(page, text, label, 5000);
  } catch {
    await runCommandFromPalette(page, 'Notifications: Show Notifications');
    const button = page.locator('.notifications-center .notification-list-item', { hasText: text }).getByRole('button', { name: label, exact: true }).first();
    await button.waitFor({ state: 'visible', timeout: 10_000 });
    await button.click();
  }
}

async function trafficRows(frame: Frame): Promise<TrafficRow[]> {
  return (await evalInFrame<TrafficRow[]>(frame, TRAFFIC_SCRIPT)) ?? [];
}

export async function driveGateWave(page: Page, t: OpsTarget, checks: Check[], log: Log): Promise<void> {
  const { context } = t;
  const stopped = await uiCheck(checks, `UI gate: right-click revision ${NEW.revision} → "Upgrade Wave…" → all on ${OLD.revision}, 1 at a time, default traffic gate → the preview has the blast radius and the gate → "Migrate" → the gate stops the wave at a ("a/cart: 5xx 0.10 % → 5.10 % … on 1.8.0"), b not started, with Roll Back This Wave / Continue Anyway / Open Proxy Versions`, async () => {
    await startWaveFrom(page, context, NEW.revision, OLD.revision);
    await quickInput(page).locator('input').first().fill('1');
    await quickInput(page).locator('input').first().press('Enter');
    await waitForQuickPick(page, { title: /Upgrade wave: traffic gate \(istio-system\/prometheus:http \(through the API server\)\)/ });
    await pollUntil(async () => (await quickPickRows(page)).some((r) => r.focused && /Traffic gate with the default thresholds/.test(r.text)), { timeoutMs: 10_000, what: 'the focused item "Traffic gate with the default thresholds"' });
    await shot(page, 'gate-wave-thresholds', log);
    await quickInput(page).locator('input').first().press('Enter');
    const info = await waitForDialog(page, new RegExp(`^Upgrade wave: 2 namespaces in ${context} to ${NEW.revision}\\?$`), 30_000);
    if (!/Traffic gate: istio-system\/prometheus:http \(through the API server\), soak 2 s after each namespace\./.test(info.detail)) throw new Error(`modal detail: ${info.detail}`);
    if (!/⚠ Blast radius: \d+ findings? — Deployment\//.test(info.detail)) throw new Error(`modal detail: ${info.detail}`);
    const preview = await webviewTextWith(page, /Traffic gate/);
    for (const want of [/Blast radius/, /no readiness probe/, /Prometheus: istio-system\/prometheus:http/, /5xx rises by more than 1 percentage point/, /Fewer than 5 requests/]) {
      if (!want.test(preview)) throw new Error(`the preview lacks ${want}: ${preview.slice(0, 1500)}`);
    }
    await shot(page, 'gate-wave-confirm', log);
    await clickDialogButton(page, 'Migrate');
    const started = Date.now();
    const text = await waitForNotification(page, STOPPED, { timeoutMs: 120_000, fail: /2\/2 namespaces done and verified/ });
    log(`gate: "${text}" after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /The traffic gate stopped the wave/ });
    for (const b of ['Roll Back This Wave', 'Continue Anyway', 'Open Proxy Versions']) {
      await pollUntil(() => toast.getByRole('button', { name: b, exact: true }).first().isVisible().catch(() => false), { timeoutMs: 5000, what: `a "${b}" button on the notification` });
    }
    await shot(page, 'gate-wave-stopped', log);
  }, failShot(page, 'failed-gate-wave'));

  const panelTitle = `UI gate: the wave's Proxy versions panel shows the traffic table — a/cart regressed (5xx 0.10 % → 5.10 %), a/frontend passed, with p99 and requests before → after`;
  const rollTitle = `UI gate: "Roll Back This Wave" → the modal rolls back a → "1/1 namespace done and verified"; a is back on ${OLD.revision} (proxyv2:${OLD.version}), b was never touched`;
  if (!stopped) {
    skippedCheck(checks, panelTitle, 'the gate did not stop the wave');
    return skippedCheck(checks, rollTitle, 'the gate did not stop the wave');
  }
  await uiCheck(checks, panelTitle, async () => {
    let rows: TrafficRow[] = [];
    await pollUntil(async () => {
      rows = await trafficRows(await panelFrame(page, `${context} / a, b`, 10_000));
      return rows.length === 2;
    }, { timeoutMs: 20_000, what: 'two rows in the panel\'s traffic table' }).catch((e: unknown) => { throw new Error(`${e instanceof Error ? e.message : e}; rows ${JSON.stringify(rows)}`); });
    const cart = rows.find((r) => r.workload === 'a/cart');
    const frontend = rows.find((r) => r.workload === 'a/frontend');
    if (!cart || cart.cells[1] !== '0.10 %' || cart.cells[2] !== '5.10 %' || !/^regression/.test(cart.cells[6]) || !/ms$/.test(cart.cells[3]) || !/^3,000 → \d+$/.test(cart.cells[5])) throw new Error(`cart: ${JSON.stringify(cart)}`);
    if (!frontend || frontend.cells[2] !== '0.10 %' || frontend.cells[6] !== 'pass') throw new Error(`frontend: ${JSON.stringify(frontend)}`);
    log(`gate: panel traffic ${JSON.stringify(rows.map((r) => r.cells))}`);
    await shot(page, 'gate-panel-traffic', log);
  }, failShot(page, 'failed-gate-panel'));

  await uiCheck(checks, rollTitle, async () => {
    await clickOffered(page, /The traffic gate stopped the wave/, 'Roll Back This Wave');
    const info = await waitForDialog(page, new RegExp(`^Roll back 1 namespace in ${context}\\?$`));
    if (!info.detail.includes(`a: istio.io/rev=${NEW.revision} → istio.io/rev=${OLD.tag}`)) throw new Error(`modal detail: ${info.detail}`);
    await clickDialogButton(page, 'Roll Back');
    // The wave's own "0/2 … failed" toast may still show: wait for the roll back's result only.
    await waitForNotification(page, /^1\/1 namespace done and verified$/, { timeoutMs: 60_000 });
    const problems = migrationProblems(await readNamespaceFacts(t.kubeconfigPath, context, 'a'), { revLabel: OLD.tag, revision: OLD.revision, version: OLD.version, pods: 3 });
    const b = await readNamespaceFacts(t.kubeconfigPath, context, 'b');
    if (b.namespace.metadata.labels?.['istio.io/rev'] !== OLD.tag) problems.push(`b is labelled ${JSON.stringify(b.namespace.metadata.labels)}`);
    if (problems.length) throw new Error(problems.join('; '));
    // The wave's panel follows the roll back live: a's pods are 1-7-6 again, the traffic table stays as measured.
    await waitForPanelRows(page, `${context} / a, b`, (rows) => rows.filter((r) => r.namespace === 'a').length === 3
      && rows.filter((r) => r.namespace === 'a').every((r) => r.after === `${OLD.revision} · ${OLD.version}`), `a's panel rows on ${OLD.revision} · ${OLD.version}`, 15_000);
    await shot(page, 'gate-rolled-back', log);
  }, failShot(page, 'failed-gate-rollback'));
}
