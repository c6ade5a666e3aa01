/**
 * The Kubernetes extension integration driven in a real VS Code, against its test double
 * (test/e2e/fakeK8sExtension, installed beside ours): its Clusters view shows our "Istio revisions" node with the
 * cluster's revisions; its namespace node's menu has our two items and Migrate from there runs (the cluster is
 * checked from this process); "Reveal in Istio Upgrades" on its cluster node selects that cluster in our tree;
 * "Set as Current Cluster" there makes our tree connect the new current context.
 * Scenario tags-prod-canary: a, b on tag prod (1-7-6); c on tag canary (1-8-0).
 */
import type { Locator, Page } from 'playwright-core';
import { collapseAll, expandTreeItem, openIstioSidebar, revisionsView, screenshot, treeRows, type TreeRow } from '../../scripts/vscode/browser';
import { pollUntil } from '../../scripts/vscode/poll';
import {
  acceptQuickPickItem, clickDialogButton, clickMenuItem, menuItemLabels, openContextMenu, typeInQuickInput, waitForDialog,
  waitForNotification, waitForQuickPick,
} from '../../scripts/vscode/workbenchUi';
import { skippedCheck, uiCheck, type Check } from './checks';
import { migrationProblems, readNamespaceFacts } from './clusterFacts';

export interface K8sExtTarget {
  context: string;
  kubeconfigPath: string;
}

type Log = (msg: string) => void;

const VIEW = 'Clusters';
const NS = 'b';
const TAG = 'canary';
const MIGRATE = 'Migrate to Revision or Tag…';
const PROXIES = 'Show Proxy Versions';
const REVEAL = 'Reveal in Istio Upgrades';

/** Opens the Kubernetes activity-bar container and waits for its cluster rows. */
export async function openKubernetesView(page: Page): Promise<void> {
  const entry = page.locator('.part.activitybar [aria-label^="Kubernetes"]').first();
  await entry.waitFor({ state: 'visible', timeout: 30_000 });
  await pollUntil(async () => {
    if (!(await page.locator('.part.sidebar .composite.title', { hasText: /Kubernetes/i }).isVisible().catch(() => false))) await entry.click();
    return (await treeRows(page, VIEW)).some((r) => r.level === 1);
  }, { timeoutMs: 30_000, intervalMs: 1000, what: 'the Kubernetes Clusters view' });
}

async function rowLocator(page: Page, row: TreeRow): Promise<Locator> {
  return (await revisionsView(page, VIEW)).locator(`.monaco-list-row[data-index="${row.index}"]`);
}

const dump = (rows: TreeRow[]): string => rows.map((r) => `${'·'.repeat(r.level)}${r.text}`).join(' | ');

export async function driveKubernetesExtension(page: Page, target: K8sExtTarget, checks: Check[], log: Log): Promise<void> {
  const { context } = target;
  const shot = async (name: string): Promise<void> => log(`screenshot test-output/screenshots/${(await screenshot(page, name)).split('/screenshots/')[1]}`);

  const tree = await uiCheck(checks, `UI k8s: its Clusters view shows "Istio revisions" under ${context} with revisions 1-7-6 and 1-8-0`, async () => {
    await openKubernetesView(page);
    await expandTreeItem(page, context, { view: VIEW, level: 1 });
    await expandTreeItem(page, 'Istio revisions', { view: VIEW, under: context, level: 2 }, 30_000);
    let rows: TreeRow[] = [];
    await pollUntil(async () => {
      rows = await treeRows(page, VIEW);
      const labels = rows.filter((r) => r.level === 3).map((r) => r.label);
      return labels.includes('1-7-6') && labels.includes('1-8-0');
    }, { timeoutMs: 30_000, what: 'revision rows under "Istio revisions"' }).catch((e: unknown) => { throw new Error(`${e instanceof Error ? e.message : e}; rows: ${dump(rows)}`); });
    const canary = rows.find((r) => r.label === '1-8-0');
    if (!canary?.description.includes('tag canary')) throw new Error(`1-8-0 should say "tag canary": "${canary?.text}"`);
    await shot('k8s-ext-tree');
  });
  if (!tree) await shot('failed-k8s-ext-tree').catch(() => undefined);

  const menu = await uiCheck(checks, `UI k8s: its namespace node ${NS} has "${MIGRATE}" and "${PROXIES}" in its context menu`, async () => {
    await openKubernetesView(page);
    await expandTreeItem(page, 'Namespaces', { view: VIEW, under: context, level: 2 }, 30_000);
    const row = await pollUntil(async () => (await treeRows(page, VIEW)).find((r) => r.level === 3 && (r.label === NS || r.label === `* ${NS}`)),
      { timeoutMs: 20_000, what: `namespace row ${NS}` });
    await openContextMenu(page, await rowLocator(page, row));
    const labels = await menuItemLabels(page);
    for (const want of [MIGRATE, PROXIES]) if (!labels.some((l) => l.startsWith(want))) throw new Error(`no "${want}" in the menu: ${labels.join(' | ')}`);
    await shot('k8s-ext-menu');
    await clickMenuItem(page, MIGRATE);
  }, async () => { await page.keyboard.press('Escape'); await shot('failed-k8s-ext-menu'); });

  const migrateTitle = `UI k8s: Migrate from its namespace node runs: ${NS} → tag ${TAG}, confirmed, done and verified; the cluster agrees`;
  if (!menu) skippedCheck(checks, migrateTitle, 'the menu step failed');
  else {
    await uiCheck(checks, migrateTitle, async () => {
      await waitForQuickPick(page);
      await typeInQuickInput(page, TAG);
      await acceptQuickPickItem(page, new RegExp(`${TAG} → 1-8-0`));
      await waitForDialog(page, new RegExp(`^Migrate: 1 namespace in ${context} to ${TAG}\\?$`));
      await clickDialogButton(page, 'Migrate');
      await waitForNotification(page, /\b1\/1 namespace done and verified\b/, { timeoutMs: 45_000, fail: /failed:|not done:|0\/1 namespace/ });
      const facts = await readNamespaceFacts(target.kubeconfigPath, context, NS);
      const problems = migrationProblems(facts, { revLabel: TAG, revision: '1-8-0', version: '1.8.0', pods: 2 });
      if (problems.length) throw new Error(problems.join('; '));
      await shot('k8s-ext-migrated');
    }, async () => shot('failed-k8s-ext-migrate'));
  }

  await uiCheck(checks, `UI k8s: "${REVEAL}" on its cluster node selects ${context} in the Istio Upgrades view`, async () => {
    await openKubernetesView(page);
    const row = await pollUntil(async () => (await treeRows(page, VIEW)).find((r) => r.level === 1 && r.label === context), { timeoutMs: 10_000, what: `cluster row ${context}` });
    await openContextMenu(page, await rowLocator(page, row));
    await clickMenuItem(page, REVEAL);
    await pollUntil(async () => {
      const selected = (await revisionsView(page)).locator('.monaco-list-row[aria-selected="true"]');
      return (await page.locator('.part.sidebar .composite.title', { hasText: /Istio Upgrades/i }).isVisible().catch(() => false))
        && (await selected.first().getAttribute('aria-label').catch(() => ''))?.startsWith(`cluster ${context},`);
    }, { timeoutMs: 15_000, what: `the Istio Upgrades view with ${context} selected` });
    await shot('k8s-ext-reveal');
  }, async () => shot('failed-k8s-ext-reveal'));

  await uiCheck(checks, 'UI k8s: clicking revision 1-8-0 under its "Istio revisions" selects that revision in the Istio Upgrades view', async () => {
    await openKubernetesView(page);
    const row = await pollUntil(async () => (await treeRows(page, VIEW)).find((r) => r.level === 3 && r.label === '1-8-0'), { timeoutMs: 10_000, what: 'revision row 1-8-0' });
    await (await rowLocator(page, row)).click();
    await pollUntil(async () => (await (await revisionsView(page)).locator('.monaco-list-row[aria-selected="true"]').first().getAttribute('aria-label').catch(() => ''))?.startsWith('revision 1-8-0,'),
      { timeoutMs: 15_000, what: 'revision 1-8-0 selected in the Istio Upgrades view' });
  }, async () => shot('failed-k8s-ext-reveal-revision'));
}

/**
 * Its "Set as Current Cluster" on `<context>-restricted` rewrites the kubeconfig's current-context and fires its
 * onDidChangeContext: our tree marks that context current and connects it (its user may not list pods: forbidden).
 */
export async function driveContextSwitch(page: Page, context: string, checks: Check[], log: Log): Promise<void> {
  const other = `${context}-restricted`;
  await uiCheck(checks, `UI k8s: "Set as Current Cluster" on ${other} there → our tree marks it current and connects it`, async () => {
    await openKubernetesView(page);
    const row = await pollUntil(async () => (await treeRows(page, VIEW)).find((r) => r.level === 1 && r.label === other), { timeoutMs: 10_000, what: `cluster row ${other}` });
    await openContextMenu(page, await rowLocator(page, row));
    await clickMenuItem(page, 'Set as Current Cluster');
    await openIstioSidebar(page);
    await collapseAll(page);
    let rows: TreeRow[] = [];
    await pollUntil(async () => {
      rows = await treeRows(page);
      const r = rows.find((x) => x.level === 1 && x.label === other);
      return !!r && /current context/.test(r.description) && !/not connected/.test(r.description);
    }, { timeoutMs: 20_000, what: `${other} current and connected` }).catch((e: unknown) => { throw new Error(`${e instanceof Error ? e.message : e}; rows: ${dump(rows)}`); });
    await expandTreeItem(page, other, { level: 1 });
    await pollUntil(async () => (await treeRows(page)).some((r) => r.level === 2 && /forbidden/i.test(r.text)), { timeoutMs: 20_000, what: `${other} to show "forbidden"` });
    log(`screenshot test-output/screenshots/${(await screenshot(page, 'k8s-ext-context-switch')).split('/screenshots/')[1]}`);
  }, async () => screenshot(page, 'failed-k8s-ext-context-switch'));
}
