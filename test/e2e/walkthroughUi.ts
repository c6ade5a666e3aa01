/**
 * The Get Started walkthrough in a real VS Code: "Istio: Get Started" opens it with its eight steps; the Precheck
 * step's button runs Precheck Cluster (its report opens) and the step is then checked off — its completion event
 * is `onCommand:istioCanary.precheck`; a step's image loads from the extension (media/walkthrough) with its alt text.
 * Needs one loaded cluster with Istio (the command then asks nothing).
 */
import type { Page } from 'playwright-core';
import { screenshot } from '../../scripts/vscode/browser';
import { pollUntil } from '../../scripts/vscode/poll';
import { editorTabTitles, runCommandFromPalette } from '../../scripts/vscode/workbenchUi';
import { uiCheck, type Check } from './checks';

type Log = (msg: string) => void;

const STEPS = ['demo', 'precheck', 'install', 'tag', 'migrate', 'verify', 'gateways', 'remove'];
const step = (page: Page, id: string) => page.locator(`.getting-started-step[data-step-id$="#gettingStarted#${id}"]`).first();

async function openWalkthrough(page: Page): Promise<void> {
  await runCommandFromPalette(page, 'Istio: Get Started');
  await pollUntil(async () => (await page.locator('.getting-started-step[data-step-id*="#gettingStarted#"]').count()) === STEPS.length,
    { timeoutMs: 15_000, what: `the walkthrough with ${STEPS.length} steps` });
}

export async function driveWalkthrough(page: Page, checks: Check[], log: Log): Promise<void> {
  const shot = async (name: string): Promise<void> => log(`screenshot test-output/screenshots/${(await screenshot(page, name)).split('/screenshots/')[1]}`);
  const opened = await uiCheck(checks, `UI walkthrough: "Istio: Get Started" opens it with its ${STEPS.length} steps, none checked`, async () => {
    await openWalkthrough(page);
    const ids = await page.locator('.getting-started-step[data-step-id*="#gettingStarted#"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step-id') ?? ''));
    const got = ids.map((id) => id.split('#').pop());
    if (got.join() !== STEPS.join()) throw new Error(`steps ${got.join(', ')}`);
    const checked = await page.locator('.getting-started-step[aria-checked="true"]').count();
    if (checked) throw new Error(`${checked} step(s) checked before anything ran`);
    await shot('walkthrough-open');
  }, async () => shot('failed-walkthrough-open'));
  if (!opened) return;

  await uiCheck(checks, 'UI walkthrough: the Precheck step\'s button runs Precheck Cluster (its report opens) and checks the step off', async () => {
    await step(page, 'precheck').click();
    const button = step(page, 'precheck').getByRole('button', { name: 'Precheck Cluster' });
    await button.waitFor({ state: 'visible', timeout: 10_000 });
    await button.click();
    await pollUntil(async () => (await editorTabTitles(page)).some((t) => /precheck/i.test(t)), { timeoutMs: 15_000, what: 'the precheck report' })
      .catch(async (e: unknown) => { throw new Error(`${e instanceof Error ? e.message : e}; tabs: ${(await editorTabTitles(page)).join(', ')}`); });
    await openWalkthrough(page);
    await pollUntil(async () => (await step(page, 'precheck').getAttribute('aria-checked')) === 'true', { timeoutMs: 10_000, what: 'the Precheck step checked' });
    const checked = await page.locator('.getting-started-step[aria-checked="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-step-id')?.split('#').pop()));
    if (checked.join() !== 'precheck') throw new Error(`checked: ${checked.join(', ')}`);
    await step(page, 'precheck').click();
    await shot('walkthrough-step-done');
  }, async () => shot('failed-walkthrough-step'));

  await uiCheck(checks, 'UI walkthrough: with room for it (the sidebar hidden), a step shows its image, loaded, with its alt text', async () => {
    // The page hides media below 950 px of editor width.
    await runCommandFromPalette(page, 'View: Toggle Primary Side Bar Visibility');
    try {
      await step(page, 'migrate').click();
      const img = page.locator('.getting-started-media img').first();
      const shown = await pollUntil(async () => {
        const info = await img.evaluate((el) => {
          const i = el as unknown as { naturalWidth: number; alt: string; complete: boolean };
          return { loaded: i.complete && i.naturalWidth > 0, alt: i.alt };
        }).catch(() => undefined);
        return info?.loaded && /plan for migrating namespace a/.test(info.alt) ? info : undefined;
      }, { timeoutMs: 15_000, what: 'the Migrate step\'s image, loaded, with its alt text' });
      log(`walkthrough image alt: "${shown.alt}"`);
      await shot('walkthrough-media');
    } finally {
      await runCommandFromPalette(page, 'View: Toggle Primary Side Bar Visibility');
    }
  }, async () => shot('failed-walkthrough-media'));
}
