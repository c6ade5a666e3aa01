/**
 * The tags-prod-canary steps of the operations phase (test/e2e/operationsPhase.ts):
 *   migrate b to tag canary, then "Roll Back" from the notification → b's labels exactly as before, proxies 1.7.6;
 *   then an Upgrade Wave from revision 1-8-0 of all namespaces on 1-7-6 (a, b), 2 at a time.
 * tags-prod-canary: a (3 pods), b (2 pods) on tag prod (→ 1-7-6, 1.7.6); c on tag canary (→ 1-8-0, 1.8.0).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { pollUntil } from '../../scripts/vscode/poll';
import {
  acceptQuickPickItem, clickDialogButton, clickNotificationAction, notificationTexts, quickInput, typeInQuickInput, waitForDialog, waitForNotification,
  waitForQuickPick,
} from '../../scripts/vscode/workbenchUi';
import { skippedCheck, uiCheck, type Check } from './checks';
import { rowsText as panelRowsText, waitForPanelRows } from './panelUi';
import { migrationProblems, readNamespaceFacts } from './clusterFacts';
import {
  failShot, freshScreen, namespaceRow, parentOf, revisionRow, runFromMenu, shot, showRevisions, startWaveFrom, waitForRow, type Log, type OpsTarget,
} from './operationsTree';

const OLD = { revision: '1-7-6', version: '1.7.6', tag: 'prod' };
const NEW = { revision: '1-8-0', version: '1.8.0', tag: 'canary' };
const PODS: Record<string, number> = { a: 3, b: 2 };
const RUN_FAILED = /failed|not done|cancelled/i;

export interface RunsTarget extends OpsTarget {
  /** The extension's journal (JSON lines) in the code-server user data, once a run has written it. */
  journalFile: () => string | undefined;
}

const sortedLabels = (l: Record<string, string> | undefined): string => JSON.stringify(Object.entries(l ?? {}).sort(([x], [y]) => x.localeCompare(y)));

export async function driveRollBack(page: Page, t: RunsTarget, checks: Check[], log: Log): Promise<void> {
  const { context } = t;
  const ns = 'b';
  const DONE = /^1\/1 namespace done and verified$/;
  let labelsBefore = '';
  const migrated = await uiCheck(checks, `UI roll back: right-click ${ns} → "Migrate to Revision or Tag…" → ${NEW.tag} → "Migrate" → "1/1 namespace done and verified" offers "Roll Back"; ${ns} runs proxyv2:${NEW.version}`, async () => {
    labelsBefore = sortedLabels((await readNamespaceFacts(t.kubeconfigPath, context, ns)).namespace.metadata.labels);
    await freshScreen(page);
    await showRevisions(page, context, [OLD.revision]);
    const row = await waitForRow(page, context, [OLD.revision], `namespace ${ns} under ${OLD.revision}`, (rows) => {
      const r = namespaceRow(rows, ns);
      return r && parentOf(rows, r)?.label === OLD.revision ? r : undefined;
    });
    await runFromMenu(page, row, 'Migrate to Revision or Tag…');
    await waitForQuickPick(page);
    await typeInQuickInput(page, NEW.tag);
    await acceptQuickPickItem(page, new RegExp(`${NEW.tag} → ${NEW.revision}`));
    await waitForDialog(page, new RegExp(`^Migrate: 1 namespace in ${context} to ${NEW.tag}\\?$`));
    await clickDialogButton(page, 'Migrate');
    await waitForNotification(page, DONE, { timeoutMs: 45_000, fail: RUN_FAILED });
    const back = page.locator('.notifications-toasts .notification-toast', { hasText: /1\/1 namespace done and verified/ }).getByRole('button', { name: 'Roll Back', exact: true });
    await pollUntil(() => back.first().isVisible().catch(() => false), { timeoutMs: 5000, what: 'a "Roll Back" button on the notification' });
    const problems = migrationProblems(await readNamespaceFacts(t.kubeconfigPath, context, ns), { revLabel: NEW.tag, revision: NEW.revision, version: NEW.version, pods: PODS[ns] });
    if (problems.length) throw new Error(`after the migration: ${problems.join('; ')}`);
    await shot(page, 'ops-migrated-offers-rollback', log);
  }, failShot(page, 'failed-ops-migrate'));

  const rollTitle = `UI roll back: "Roll Back" on the notification → the modal shows ${ns}: istio.io/rev=${NEW.tag} → istio.io/rev=${OLD.tag} → "Roll Back" → "1/1 namespace done and verified"; the tree and ${ns}'s Proxy versions panel show ${OLD.revision} again`;
  const clusterTitle = `cluster: after the roll back ${ns}'s labels are exactly as before the migration and its pods run ${OLD.revision}'s proxyv2:${OLD.version} again`;
  if (!migrated) {
    skippedCheck(checks, rollTitle, 'the migration did not complete');
    return skippedCheck(checks, clusterTitle, 'the migration did not complete');
  }
  const rolled = await uiCheck(checks, rollTitle, async () => {
    await clickNotificationAction(page, DONE, 'Roll Back');
    const info = await waitForDialog(page, new RegExp(`^Roll back 1 namespace in ${context}\\?$`));
    if (!info.detail.includes(`${ns}: istio.io/rev=${NEW.tag} → istio.io/rev=${OLD.tag}`)) throw new Error(`modal detail: ${info.detail}`);
    if (!info.buttons.includes('Roll Back') || !info.buttons.includes('Dry Run')) throw new Error(`modal buttons: ${info.buttons.join(', ')}`);
    // the migration's toast went with the click: the next "done" is the roll back's
    await pollUntil(async () => !(await notificationTexts(page)).some((x) => DONE.test(x)), { timeoutMs: 5000, what: 'the migration\'s toast to close' });
    await shot(page, 'ops-rollback-confirm', log);
    await clickDialogButton(page, 'Roll Back');
    const text = await waitForNotification(page, DONE, { timeoutMs: 45_000, fail: RUN_FAILED });
    log(`roll back: "${text}"`);
    await waitForRow(page, context, [OLD.revision], `namespace ${ns} under ${OLD.revision}, via tag ${OLD.tag}, without a warning`, (rows) => {
      const r = namespaceRow(rows, ns);
      return r && parentOf(rows, r)?.label === OLD.revision && r.description.includes(`via tag ${OLD.tag}`) && !/⚠|stale|restart/i.test(r.text) ? r : undefined;
    });
    // The migration opened b's Proxy versions panel (live "after" column): it must follow the roll back too.
    const t0 = Date.now();
    const rows = await waitForPanelRows(page, `${context} / ${ns}`, (rs) => rs.length === PODS[ns] && rs.every((r) => r.after === `${OLD.revision} · ${OLD.version}`),
      `b's panel rows to show ${OLD.revision} · ${OLD.version} after the roll back`, 10_000);
    log(`roll back: panel after ${Date.now() - t0} ms: ${panelRowsText(rows)}`);
    await shot(page, 'ops-rolled-back', log);
  }, failShot(page, 'failed-ops-rollback'));

  if (!rolled) return skippedCheck(checks, clusterTitle, 'the roll back did not complete');
  await uiCheck(checks, clusterTitle, async () => {
    const facts = await readNamespaceFacts(t.kubeconfigPath, context, ns);
    const problems = migrationProblems(facts, { revLabel: OLD.tag, revision: OLD.revision, version: OLD.version, pods: PODS[ns] });
    const after = sortedLabels(facts.namespace.metadata.labels);
    if (after !== labelsBefore) problems.push(`labels ${after}, before the migration ${labelsBefore}`);
    if (problems.length) throw new Error(problems.join('; '));
    log(`cluster: ${ns} labels ${after} (before: ${labelsBefore})`);
  });
}

interface JournalLine {
  type: 'run' | 'write';
  run?: { runId: string; command: string; namespaces: string[]; status: string; options?: { concurrency?: number } };
  write?: { runId: string; seq: number; kind: string; namespace?: string; name: string };
}

function readJournal(file: string): JournalLine[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as JournalLine);
}

/** The namespaces' write spans (first..last journal seq) of one run: overlapping spans mean they ran at once. */
function writeSpans(lines: JournalLine[], runId: string): Map<string, [number, number]> {
  const spans = new Map<string, [number, number]>();
  for (const w of lines.map((l) => l.write).filter((x) => x?.runId === runId)) {
    const ns = w!.kind === 'namespaces' ? w!.name : w!.namespace ?? '';
    const s = spans.get(ns);
    spans.set(ns, s ? [Math.min(s[0], w!.seq), Math.max(s[1], w!.seq)] : [w!.seq, w!.seq]);
  }
  return spans;
}

export async function driveWave(page: Page, t: RunsTarget, checks: Check[], log: Log): Promise<void> {
  const { context } = t;
  const DONE = /^2\/2 namespaces done and verified$/;
  const waved = await uiCheck(checks, `UI wave: right-click revision ${NEW.revision} → "Upgrade Wave…" → "All namespaces on ${OLD.revision}" → 2 at a time → the modal names a, b → "Migrate" → "2/2 namespaces done and verified"; the tree shows a, b under ${NEW.revision}`, async () => {
    await startWaveFrom(page, context, NEW.revision, OLD.revision);
    const value = await quickInput(page).locator('input').first().inputValue();
    if (value !== '2') throw new Error(`the concurrency box offers "${value}", want 2`);
    await quickInput(page).locator('input').first().press('Enter');
    const info = await waitForDialog(page, new RegExp(`^Upgrade wave: 2 namespaces in ${context} to ${NEW.revision}\\?$`));
    if (!info.detail.includes('Namespaces: a, b')) throw new Error(`modal detail: ${info.detail}`);
    await shot(page, 'ops-wave-confirm', log);
    await clickDialogButton(page, 'Migrate');
    const started = Date.now();
    const text = await waitForNotification(page, DONE, { timeoutMs: 60_000, fail: RUN_FAILED });
    log(`wave: "${text}" after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await waitForRow(page, context, [NEW.revision], `a and b under ${NEW.revision}, no namespace left on ${OLD.revision}`, (rows) => {
      const moved = ['a', 'b'].map((n) => namespaceRow(rows, n));
      const ok = moved.every((r) => r && parentOf(rows, r)?.label === NEW.revision && !/⚠|stale|restart/i.test(r.text));
      return ok && /\b0 ns\b/.test(revisionRow(rows, OLD.revision)?.description ?? '') ? moved[0] : undefined;
    });
    await shot(page, 'ops-wave-done', log);
  }, failShot(page, 'failed-ops-wave'));

  const title = `cluster: a and b are labelled istio.io/rev=${NEW.revision} with every pod on proxyv2:${NEW.version}; the journal's wave run has concurrency 2 and both namespaces' writes overlap`;
  if (!waved) return skippedCheck(checks, title, 'the wave did not complete');
  await uiCheck(checks, title, async () => {
    const problems: string[] = [];
    for (const ns of ['a', 'b']) {
      problems.push(...migrationProblems(await readNamespaceFacts(t.kubeconfigPath, context, ns), { revLabel: NEW.revision, revision: NEW.revision, version: NEW.version, pods: PODS[ns] }));
    }
    const file = t.journalFile();
    if (!file) throw new Error('no journal.jsonl in the code-server user data');
    const lines = readJournal(file);
    const runs = new Map(lines.filter((l) => l.run).map((l) => [l.run!.runId, l.run!]));
    const wave = [...runs.values()].filter((r) => r.command === 'migrate' && r.namespaces.join(',') === 'a,b').pop();
    if (!wave) throw new Error(`no migrate run of a, b in ${path.basename(file)}`);
    if (wave.status !== 'completed' || wave.options?.concurrency !== 2) problems.push(`run ${wave.runId}: status ${wave.status}, concurrency ${wave.options?.concurrency}`);
    const spans = writeSpans(lines, wave.runId);
    const [a, b] = [spans.get('a'), spans.get('b')];
    if (!a || !b) problems.push(`writes per namespace: ${JSON.stringify([...spans])}`);
    else if (a[1] < b[0] || b[1] < a[0]) problems.push(`a's writes (seq ${a.join('–')}) and b's (seq ${b.join('–')}) do not overlap: one at a time`);
    if (problems.length) throw new Error(problems.join('; '));
    log(`journal: wave run ${wave.runId} concurrency ${wave.options?.concurrency}; write seqs a ${a!.join('–')}, b ${b!.join('–')}`);
  });
}

