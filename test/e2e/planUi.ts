/**
 * The plan phase's steps (test/e2e/planPhase.ts) on tags-prod-canary: right-click revision 1-7-6 → "Create Upgrade
 * Plan…" → 1-8-0 → the plan opens with its CodeLenses; edit it (shorter soaks, a namespace typo) → the diagnostic
 * appears in the Problems view → the quick fix corrects it; CodeLens Run on the tag move, then on the first wave →
 * the step shows done (and the cluster agrees); Dry Run of the second wave; Export Report. Screenshots plan-*.png.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { pollUntil } from '../../scripts/vscode/poll';
import {
  acceptQuickPickItem, clickDialogButton, quickInput, runCommandFromPalette, typeInQuickInput, waitForDialog, waitForNotification, waitForQuickPick,
} from '../../scripts/vscode/workbenchUi';
import { skippedCheck, uiCheck, type Check } from './checks';
import { injectedBy, proxyImage, readNamespaceFacts } from './clusterFacts';
import { failShot, freshScreen, revisionRow, runFromMenu, shot, showRevisions, subtreeOf, waitForTab, type Log, type OpsTarget } from './operationsTree';
import { treeRows } from '../../scripts/vscode/browser';
import { editorTabTitles } from '../../scripts/vscode/workbenchUi';

export interface PlanTarget extends OpsTarget {
  /** The workspace folder the plan is written to. */
  folder: string;
  journalFile: () => string | undefined;
}

const FILE = 'upgrade-1-7-6-to-1-8-0.istio-upgrade.yaml';
const RUN_FAILED = /: failed|cancelled/;

/** The editor's CodeLens lines, top to bottom: the first is the plan's ("N of M steps done"), then one per step. */
async function lensLines(page: Page): Promise<{ text: string; el: Locator }[]> {
  const els = page.locator('.part.editor .monaco-editor .codelens-decoration');
  const out: { text: string; y: number; el: Locator }[] = [];
  for (let i = 0; i < await els.count(); i++) {
    const el = els.nth(i);
    const box = await el.boundingBox().catch(() => null);
    if (!box) continue;
    out.push({ text: (await el.innerText().catch(() => '')).replace(/\s+/g, ' ').trim(), y: box.y, el });
  }
  return out.sort((a, b) => a.y - b.y);
}

async function stepLens(page: Page, step: number, test: RegExp, what: string, timeoutMs = 15_000): Promise<{ text: string; el: Locator }> {
  let seen: string[] = [];
  return pollUntil(async () => {
    const lines = await lensLines(page);
    seen = lines.map((l) => l.text);
    const steps = lines.filter((l) => /▶ Run|▶ Resume|⟳ running/.test(l.text));
    const line = steps[step - 1];
    return line && test.test(line.text) ? line : undefined;
  }, { timeoutMs, intervalMs: 250, what }).catch((e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : e}; lenses: ${seen.join(' ‖ ') || 'none'}`);
  });
}

async function clickLens(line: { el: Locator }, title: string): Promise<void> {
  await line.el.getByText(title, { exact: true }).first().click();
}

async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('F1');
  await pollUntil(async () => quickInput(page).isVisible().catch(() => false), { timeoutMs: 10_000, what: 'the quick input' });
  await typeInQuickInput(page, `:${line}`);
  await quickInput(page).locator('input').first().press('Enter');
  await pollUntil(async () => !(await quickInput(page).isVisible().catch(() => false)), { timeoutMs: 5000, what: 'go to line to close' });
}

/** 1-based line numbers of the lines of `file` that contain `text`. */
function linesWith(file: string, text: string): number[] {
  return fs.readFileSync(file, 'utf8').split('\n').flatMap((l, i) => (l.includes(text) ? [i + 1] : []));
}

async function problemsText(page: Page): Promise<string> {
  return (await page.locator('.markers-panel').innerText().catch(() => '')).replace(/\s+/g, ' ');
}

async function runStep(page: Page, step: number, modal: RegExp, done: RegExp, log: Log): Promise<string> {
  await clickLens(await stepLens(page, step, /▶ Run/, `step ${step}'s ▶ Run`), '▶ Run');
  await waitForDialog(page, modal);
  await clickDialogButton(page, 'Run');
  const text = await waitForNotification(page, done, { timeoutMs: 60_000, fail: RUN_FAILED });
  log(`step ${step}: "${text}"`);
  return text;
}

export async function drivePlan(page: Page, t: PlanTarget, checks: Check[], log: Log): Promise<void> {
  const { context } = t;
  const file = path.join(t.folder, FILE);
  const created = await uiCheck(checks, 'UI plan: right-click revision 1-7-6 → "Create Upgrade Plan…" → 1-8-0 → the plan file is written to the workspace and opens, every step with "○ not started · ▶ Dry Run · ▶ Run"', async () => {
    await freshScreen(page);
    await showRevisions(page, context, []);
    const row = revisionRow(subtreeOf(await treeRows(page), context), '1-7-6');
    if (!row) throw new Error('no revision row 1-7-6');
    await runFromMenu(page, row, 'Create Upgrade Plan…');
    await waitForQuickPick(page, { title: new RegExp(`^Upgrade 1-7-6 in ${context} to`) });
    await acceptQuickPickItem(page, /^1-8-0\b/, 10_000, { navigate: true });
    await waitForTab(page, new RegExp(FILE.replace(/\./g, '\\.')));
    if (!fs.existsSync(file)) throw new Error(`${file} was not written`);
    const kinds = [...fs.readFileSync(file, 'utf8').matchAll(/^ {4}- (\w+):/gm)].map((m) => m[1]);
    if (kinds.join(',') !== 'precheck,tag,wave,wave,removeRevision') throw new Error(`steps ${kinds.join(', ')}`);
    for (let s = 1; s <= 5; s++) await stepLens(page, s, /^○ not started \| ▶ Dry Run \| ▶ Run$/, `step ${s}'s lenses`);
    const top = (await lensLines(page))[0]?.text ?? '';
    if (!/^0 of 5 steps done \| .*Export Report$/.test(top)) throw new Error(`the plan's lens says "${top}"`);
    await shot(page, 'plan-created', log);
  }, failShot(page, 'failed-plan-create'));
  const later = ['UI plan: a wrong namespace gets a diagnostic; the quick fix corrects it', 'UI plan: CodeLens Run on the tag move, then on the first wave → done', 'cluster: b runs 1.8.0', 'UI plan: Dry Run and Export Report'];
  if (!created) {
    for (const l of later) skippedCheck(checks, l, 'no plan was created');
    return;
  }

  const fixed = await uiCheck(checks, `UI plan: edit the plan (soaks 5m → 1s, namespaces [a] → [aa]) → "namespace aa does not exist in ${context}" in the Problems view, squiggled; the quick fix "Change to a" removes it; saved`, async () => {
    for (const line of linesWith(file, 'soak: 5m')) {
      await goToLine(page, line);
      await page.keyboard.press('End');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Backspace');
      await page.keyboard.type('1s');
    }
    const [nsLine] = linesWith(file, 'namespaces: [a]');
    await goToLine(page, nsLine);
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('a');
    await runCommandFromPalette(page, 'View: Focus Problems (Errors, Warnings, Infos)');
    await pollUntil(async () => /namespace aa does not exist in/.test(await problemsText(page)) && await page.locator('.part.editor .squiggly-error').count() > 0,
      { timeoutMs: 15_000, what: 'the diagnostic in the Problems view and a squiggle' }).catch(async (e: unknown) => {
      throw new Error(`${e instanceof Error ? e.message : e}; problems: ${await problemsText(page)}`);
    });
    await shot(page, 'plan-diagnostic', log);
    await goToLine(page, nsLine);
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Control+Period');
    const fix = page.locator('.action-widget').getByText('Change to a', { exact: true }).first();
    await pollUntil(() => fix.isVisible().catch(() => false), { timeoutMs: 10_000, what: 'the quick fix "Change to a"' });
    await shot(page, 'plan-quick-fix', log);
    await fix.click();
    await pollUntil(async () => !/namespace aa does not exist/.test(await problemsText(page)) && await page.locator('.part.editor .squiggly-error').count() === 0,
      { timeoutMs: 15_000, what: 'the diagnostic to go' });
    await runCommandFromPalette(page, 'File: Save');
    await pollUntil(() => /namespaces: \[a\]\n[\s\S]*soak: 1s/.test(fs.readFileSync(file, 'utf8')) && !fs.readFileSync(file, 'utf8').includes('soak: 5m'), { timeoutMs: 10_000, what: 'the edited plan saved' });
  }, failShot(page, 'failed-plan-edit'));
  if (!fixed) {
    for (const l of later.slice(1)) skippedCheck(checks, l, 'the plan could not be edited');
    return;
  }

  const ran = await uiCheck(checks, 'UI plan: CodeLens "▶ Run" on step 2 (tag move prod → 1-8-0) → modal → "Run" → done; then on step 3, the first wave (b) → "1 namespace verified on 1-8-0 (2 proxies)"; the lens shows "✔ done HH:MM · …" and "↶ Roll Back"', async () => {
    await runStep(page, 2, /^Run step 2: tag move prod → 1-8-0\?$/, /^Step 2 \(tag move prod → 1-8-0\): completed — tag prod → 1-8-0 \(was 1-7-6\)/, log);
    await stepLens(page, 2, /^✔ done \d\d:\d\d · tag prod → 1-8-0/, 'step 2 done');
    await runStep(page, 3, /^Run step 3: canary: wave b → prod\?$/, /^Step 3 \(canary: wave b → prod\): completed — 1 namespace verified on 1-8-0 \(2 proxies\)/, log);
    await stepLens(page, 3, /^✔ done \d\d:\d\d · 1 namespace verified on 1-8-0 \(2 proxies\) \| ▶ Dry Run \| ▶ Run \| ↶ Roll Back$/, 'step 3 done');
    await stepLens(page, 4, /^○ not started/, 'step 4 still not started');
    await goToLine(page, 1);
    const top = (await lensLines(page))[0]?.text ?? '';
    if (!/^2 of 5 steps done/.test(top)) throw new Error(`the plan's lens says "${top}"`);
    await shot(page, 'plan-step-done', log);
  }, failShot(page, 'failed-plan-run'));

  await (ran ? uiCheck(checks, 'cluster: b\'s 2 pods run 1-8-0\'s proxyv2:1.8.0, a\'s still 1.7.6; the journal holds the plan\'s step runs for this file (steps 2 and 3 completed) and their tag and migrate runs', async () => {
    const b = await readNamespaceFacts(t.kubeconfigPath, context, 'b');
    const a = await readNamespaceFacts(t.kubeconfigPath, context, 'a');
    const bad = b.pods.filter((p) => injectedBy(p)?.revision !== '1-8-0' || !proxyImage(p)?.endsWith(':1.8.0'));
    if (b.pods.length !== 2 || bad.length) throw new Error(`b: ${b.pods.map((p) => `${p.metadata.name} ${injectedBy(p)?.revision} ${proxyImage(p)}`).join(', ')}`);
    if (!a.pods.every((p) => proxyImage(p)?.endsWith(':1.7.6'))) throw new Error('a moved too');
    const journal = t.journalFile();
    if (!journal) throw new Error('no journal');
    const runs = new Map<string, { command: string; status: string; plan?: { path: string; step: number } }>();
    for (const l of fs.readFileSync(journal, 'utf8').split('\n').filter(Boolean)) {
      const line = JSON.parse(l) as { type: string; run?: { runId: string; command: string; status: string; plan?: { path: string; step: number } } };
      if (line.type === 'run' && line.run) runs.set(line.run.runId, line.run);
    }
    const mine = [...runs.values()].filter((r) => r.plan?.path === file);
    const text = mine.map((r) => `${r.command} ${r.plan?.step} ${r.status}`).sort().join(', ');
    if (text !== 'migrate 3 completed, plan-step 2 completed, plan-step 3 completed, tag 2 completed') throw new Error(`journal: ${text}`);
  }) : skippedCheck(checks, later[2], 'the steps did not run'));

  await uiCheck(checks, 'UI plan: "▶ Dry Run" on step 4 → a Markdown dry run ("would move a to prod") and nothing changes; "Export Report" writes the report next to the plan (steps 2 and 3 done, with their writes and verifications)', async () => {
    await runCommandFromPalette(page, 'Notifications: Clear All Notifications');
    await clickLens(await stepLens(page, 4, /▶ Dry Run/, 'step 4\'s Dry Run'), '▶ Dry Run');
    await waitForNotification(page, /^Dry run of step 4 \(wave 2: wave a → prod\): dry run — would move a to prod/, { fail: RUN_FAILED });
    await waitForTab(page, /Dry run of step 4/);
    const a = await readNamespaceFacts(t.kubeconfigPath, context, 'a');
    if (!a.pods.every((p) => proxyImage(p)?.endsWith(':1.7.6'))) throw new Error('the dry run changed a');
    await pollUntil(async () => (await editorTabTitles(page)).some((x) => x.includes(FILE)), { timeoutMs: 5000, what: 'the plan tab' });
    await page.locator('.part.editor .tabs-container [role="tab"]', { hasText: FILE }).first().click();
    await goToLine(page, 1);
    const report = file.replace(/\.yaml$/, '.report.md');
    // A lens re-rendered between mouse down and up (the journal watcher refreshes them) loses the click: click again.
    await pollUntil(async () => {
      if (fs.existsSync(report)) return true;
      await clickLens((await lensLines(page))[0], 'Export Report').catch(() => undefined);
      await page.waitForTimeout(1500);
      return fs.existsSync(report);
    }, { timeoutMs: 20_000, intervalMs: 100, what: 'the report file' });
    const md = fs.readFileSync(report, 'utf8');
    for (const want of [/\| 2 \| tag move prod → 1-8-0 \| ✔ done/, /\| 3 \| canary: wave b → prod \| ✔ done/, /\| 4 \| wave 2: wave a → prod \| ○ not started/, /mutatingwebhookconfigurations\/istio-revision-tag-prod/, /\| verify \| b \| ✔ pass \| 1-8-0 \| 1\.8\.0 \| 2\/2 \|/]) {
      if (!want.test(md)) throw new Error(`the report lacks ${want}`);
    }
    await waitForTab(page, /report\.md/);
    await shot(page, 'plan-report', log);
  }, failShot(page, 'failed-plan-report'));
}
