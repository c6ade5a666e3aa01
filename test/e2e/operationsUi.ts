/**
 * The mid-upgrade steps of the operations phase (test/e2e/operationsPhase.ts), each a right-click in the tree, the
 * command's quick pick / modal, its notification or report, the tree afterwards and the cluster read from this process:
 *   Verify shop (stale: fail) → Restart Workloads (all) on shop → Verify shop (pass) → Migrate This Workload First
 *   on istio-ingress/istio-ingressgateway.
 * mid-upgrade: shop is labelled with tag canary (→ 1-24-2, 1.24.2) but its 5 pods still run 1-23-4 (1.23.4);
 * istio-ingress has no injection label and its gateway (2 pods) is injected by the default revision 1-23-4.
 */
import type { Page } from 'playwright-core';
import { expandTreeItem, type TreeRow } from '../../scripts/vscode/browser';
import { acceptQuickPickItem, clickDialogButton, waitForDialog, waitForNotification, waitForQuickPick } from '../../scripts/vscode/workbenchUi';
import { skippedCheck, uiCheck, type Check } from './checks';
import { injectedBy, migrationProblems, proxyImage, readNamespaceFacts } from './clusterFacts';
import { withClient } from './clusterWrites';
import {
  failShot, freshScreen, namespaceRow, parentOf, runFromMenu, shot, showRevisions, waitForRow, waitForTab, webviewTextWith, type Log, type OpsTarget,
} from './operationsTree';

const NS = 'shop';
const OLD = { revision: '1-23-4', version: '1.23.4' };
const NEW = { revision: '1-24-2', version: '1.24.2', tag: 'canary' };
const PODS = 5;
const WORKLOADS = ['Deployment shop/cart', 'Deployment shop/checkout', 'StatefulSet shop/redis'];
const GATEWAY = { namespace: 'istio-ingress', name: 'istio-ingressgateway', pods: 2 };
const DONE = /\b1\/1 namespace done and verified\b/;
const RUN_FAILED = /failed|not done|cancelled/i;

const shopRow = (rows: TreeRow[]): TreeRow | undefined => {
  const row = namespaceRow(rows, NS);
  return row && parentOf(rows, row)?.label === NEW.revision ? row : undefined;
};

/** Right-click shop → Verify Namespaces…: the report tab and the notification; returns the report's text. */
async function verifyShop(page: Page, context: string, verdict: 'pass' | 'fail', log: Log): Promise<string> {
  await freshScreen(page);
  await showRevisions(page, context, [NEW.revision]);
  await runFromMenu(page, await waitForRow(page, context, [NEW.revision], `namespace ${NS} under ${NEW.revision}`, shopRow), 'Verify Namespaces…');
  const toast = verdict === 'pass' ? /^Verify: 1 namespace passed$/ : new RegExp(`^Verify: 1 of 1 namespace failed: ${NS}\\b`);
  const text = await waitForNotification(page, toast, { fail: verdict === 'pass' ? /failed/ : /passed/ });
  const tabs = await waitForTab(page, new RegExp(`^Preview Verify — ${context}\\.md\\b`));
  if (tabs.some((t) => /untitled/i.test(t))) throw new Error(`an unsaved editor was opened: ${tabs.join(', ')}`);
  // The Proxy versions panel opens beside the report without focus: the report must be readable as it is, no click.
  await waitForTab(page, new RegExp(`^Proxy versions — ${context} / ${NS}\\b`));
  const icon = verdict === 'pass' ? '✔' : '✖';
  const heading = `${icon} ${NS} — ${verdict} (target ${NEW.revision} ${NEW.version})`;
  const report = await webviewTextWith(page, heading);
  log(`verify (${verdict}): notification "${text}"; tabs ${tabs.join(', ')}`);
  return report;
}

export async function driveMidUpgradeOps(page: Page, t: OpsTarget, checks: Check[], log: Log): Promise<void> {
  const { context } = t;

  await uiCheck(checks, `UI verify: right-click ${NS} (stale) → "Verify Namespaces…" → the report tab says "✖ ${NS} — fail" with every workload 0/n on target; the notification says it failed`, async () => {
    const report = await verifyShop(page, context, 'fail', log);
    for (const row of [/Deployment cart fail 0\/2/, /Deployment checkout fail 0\/1/, /StatefulSet redis fail 0\/2/, /\bWhy\b[\s\S]*Deployment cart[\s\S]*cart-\S+: /]) {
      if (!row.test(report)) throw new Error(`the report lacks ${row}: ${report.slice(0, 600)}`);
    }
    await shot(page, 'ops-verify-fail', log);
  }, failShot(page, 'failed-ops-verify-fail'));

  let podsBefore: string[] = [];
  const restarted = await uiCheck(checks, `UI restart: right-click ${NS} → "Restart Workloads…" → "All workloads" → the modal lists its 3 workloads → "Restart" → "1/1 namespace done and verified"; the tree shows no stale proxy in ${NS}`, async () => {
    const facts = await readNamespaceFacts(t.kubeconfigPath, context, NS);
    podsBefore = facts.pods.map((p) => p.metadata.uid ?? p.metadata.name);
    const stale = facts.pods.filter((p) => injectedBy(p)?.revision === OLD.revision).length;
    if (stale !== PODS) throw new Error(`precondition: ${stale} of ${facts.pods.length} pods of ${NS} on ${OLD.revision}, want ${PODS}`);
    await freshScreen(page);
    await showRevisions(page, context, [NEW.revision]);
    const row = await waitForRow(page, context, [NEW.revision], `namespace ${NS} under ${NEW.revision} with ${PODS} stale proxies`,
      (rows) => { const r = shopRow(rows); return r && r.description.includes(`${PODS} of ${PODS} proxies need a restart`) ? r : undefined; });
    await runFromMenu(page, row, 'Restart Workloads…');
    await waitForQuickPick(page, { title: new RegExp(`Restart in ${NS}`) });
    await acceptQuickPickItem(page, /All workloads/, 10_000, { navigate: true });
    const info = await waitForDialog(page, new RegExp(`^Restart 3 workloads in ${context}\\?$`));
    const listed = info.detail.split('\n').map((l) => l.trim()).filter(Boolean).sort();
    if (listed.join(',') !== WORKLOADS.join(',')) throw new Error(`the modal lists ${listed.join(', ')}, want ${WORKLOADS.join(', ')}`);
    await shot(page, 'ops-restart-confirm', log);
    await clickDialogButton(page, 'Restart');
    const started = Date.now();
    const text = await waitForNotification(page, DONE, { timeoutMs: 45_000, fail: RUN_FAILED });
    log(`restart: "${text}" after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await waitForRow(page, context, [NEW.revision], `namespace ${NS} without a stale warning`, (rows) => {
      const r = shopRow(rows);
      return r && r.description.includes(`all ${PODS} proxies ${NEW.version}`) && !/⚠|stale|restart/i.test(r.text) ? r : undefined;
    });
    await expandTreeItem(page, `namespace ${NS},`, { under: context, level: 3 });
    await shot(page, 'ops-restart-done', log);
  }, failShot(page, 'failed-ops-restart'));

  const clusterTitle = `cluster: every pod of ${NS} was replaced and runs ${NEW.revision}'s proxyv2:${NEW.version} (${PODS} pods, labels untouched)`;
  if (!restarted) skippedCheck(checks, clusterTitle, 'the restart did not complete');
  else {
    await uiCheck(checks, clusterTitle, async () => {
      const facts = await readNamespaceFacts(t.kubeconfigPath, context, NS);
      const problems = migrationProblems(facts, { revLabel: NEW.tag, revision: NEW.revision, version: NEW.version, pods: PODS });
      // StatefulSet pods come back under the same name: a replaced pod is a new uid
      const kept = facts.pods.filter((p) => !p.metadata.deletionTimestamp && podsBefore.includes(p.metadata.uid ?? p.metadata.name)).map((p) => p.metadata.name);
      if (kept.length) problems.push(`not replaced: ${kept.join(', ')}`);
      if (problems.length) throw new Error(problems.join('; '));
      log(`cluster: ${NS} pods ${facts.pods.map((p) => `${p.metadata.name} (${proxyImage(p)})`).join(', ')}`);
    });
  }

  await uiCheck(checks, `UI verify: right-click ${NS} → "Verify Namespaces…" → the report tab says "✔ ${NS} — pass" with every workload on target; "Verify: 1 namespace passed"`, async () => {
    if (!restarted) throw new Error('not run: the restart did not complete');
    const report = await verifyShop(page, context, 'pass', log);
    for (const row of [/Deployment cart pass 2\/2/, /Deployment checkout pass 1\/1/, /StatefulSet redis pass 2\/2/]) {
      if (!row.test(report)) throw new Error(`the report lacks ${row}: ${report.slice(0, 600)}`);
    }
    await shot(page, 'ops-verify-pass', log);
  }, failShot(page, 'failed-ops-verify-pass'));

  await driveWorkloadFirst(page, t, checks, log);
}

async function driveWorkloadFirst(page: Page, t: OpsTarget, checks: Check[], log: Log): Promise<void> {
  const { context } = t;
  const { namespace, name, pods } = GATEWAY;
  const TOAST = new RegExp(`^${name}: ${pods}/${pods} pods on ${NEW.revision}$`);
  const moved = await uiCheck(checks, `UI workload first: right-click Deployment ${namespace}/${name} → "Migrate This Workload First (Pod-Level Canary)…" → ${NEW.revision} → "Move Workload" → "${name}: ${pods}/${pods} pods on ${NEW.revision}"; the tree moves ${namespace} under ${NEW.revision}`, async () => {
    await freshScreen(page);
    await showRevisions(page, context, [OLD.revision]);
    await expandTreeItem(page, `namespace ${namespace},`, { under: context, level: 3 });
    const row = await waitForRow(page, context, [OLD.revision], `workload ${name} in ${namespace} under ${OLD.revision}`, (rows) => {
      const w = rows.find((r) => r.level === 4 && r.ariaLabel.startsWith(`Deployment ${name},`));
      const ns = w && parentOf(rows, w);
      return ns?.ariaLabel.startsWith(`namespace ${namespace},`) && parentOf(rows, ns)?.label === OLD.revision ? w : undefined;
    });
    await runFromMenu(page, row, 'Migrate This Workload First (Pod-Level Canary)…');
    await waitForQuickPick(page, { title: new RegExp(`Move Deployment ${namespace}/${name} first to`) });
    // the revision itself, not the tag pointing at it
    await acceptQuickPickItem(page, new RegExp(`^(?!.*→).*\\b${NEW.revision}\\b`), 10_000, { navigate: true });
    const info = await waitForDialog(page, new RegExp(`^Set istio\\.io/rev=${NEW.revision} on the pod template of Deployment ${namespace}/${name} in ${context}\\?$`));
    if (!info.detail.includes(`injected by ${NEW.revision} (${NEW.version})`) || !info.detail.includes(`the rest of ${namespace} stays as it is`)) {
      throw new Error(`modal detail: ${info.detail}`);
    }
    await shot(page, 'ops-workload-first-confirm', log);
    await clickDialogButton(page, 'Move Workload');
    const text = await waitForNotification(page, TOAST, { timeoutMs: 45_000, fail: /verification failed|failed|error/i });
    log(`workload first: "${text}"`);
    await showRevisions(page, context, [NEW.revision]);
    await waitForRow(page, context, [NEW.revision], `namespace ${namespace} under ${NEW.revision}, "pod-level istio.io/rev · all ${pods} proxies ${NEW.version}"`, (rows) => {
      const r = namespaceRow(rows, namespace);
      return r && parentOf(rows, r)?.label === NEW.revision && r.description === `pod-level istio.io/rev · all ${pods} proxies ${NEW.version}` ? r : undefined;
    });
    await shot(page, 'ops-workload-first-done', log);
  }, failShot(page, 'failed-ops-workload-first'));

  const title = `cluster: ${namespace}/${name}'s pod template has istio.io/rev=${NEW.revision}, its ${pods} pods run proxyv2:${NEW.version}, namespace ${namespace} still has no injection label`;
  if (!moved) return skippedCheck(checks, title, 'the workload was not moved');
  await uiCheck(checks, title, async () => {
    const template = await withClient(t.kubeconfigPath, context, async (c) => (await c.get('deployments', name, namespace)).spec?.template?.metadata?.labels ?? {});
    const facts = await readNamespaceFacts(t.kubeconfigPath, context, namespace);
    const problems: string[] = [];
    if (template['istio.io/rev'] !== NEW.revision) problems.push(`template istio.io/rev=${template['istio.io/rev'] ?? '(unset)'}`);
    const labels = facts.namespace.metadata.labels ?? {};
    for (const k of ['istio.io/rev', 'istio-injection']) if (k in labels) problems.push(`namespace ${namespace} got ${k}=${labels[k]}`);
    const live = facts.pods.filter((p) => !p.metadata.deletionTimestamp && p.metadata.labels?.app === 'istio-ingressgateway');
    if (live.length !== pods) problems.push(`${live.length} gateway pod(s), want ${pods}`);
    for (const p of live) {
      if (injectedBy(p)?.revision !== NEW.revision) problems.push(`pod ${p.metadata.name} injected by ${injectedBy(p)?.revision ?? 'nothing'}`);
      if (!proxyImage(p)?.endsWith(`proxyv2:${NEW.version}`)) problems.push(`pod ${p.metadata.name} runs ${proxyImage(p) ?? 'no proxy'}`);
    }
    if (problems.length) throw new Error(problems.join('; '));
    log(`cluster: ${namespace} labels ${JSON.stringify(labels)}; gateway pods ${live.map((p) => `${p.metadata.name} (${proxyImage(p)})`).join(', ')}`);
  });
}
