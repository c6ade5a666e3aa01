/**
 * With the default `istioCanary.connect: current`, only the current context connects: the simulator's second
 * context (`<ctx>-restricted`, a user without rights on pods) is listed as "not connected" and nothing is sent for
 * it until the user expands it; then it connects and shows its RBAC error.
 */
import type { Page } from 'playwright-core';
import { collapseAll, expandTreeItem, screenshot, treeRows } from '../../scripts/vscode/browser';
import { pollUntil } from '../../scripts/vscode/poll';
import { uiCheck, type Check } from './checks';

type Log = (msg: string) => void;

export async function driveLazyContext(page: Page, current: string, checks: Check[], log: Log): Promise<void> {
  const other = `${current}-restricted`;
  const rowOf = async (name: string) => (await treeRows(page)).find((r) => r.level === 1 && r.label === name);
  await uiCheck(checks, `UI lazy contexts: ${other} is listed as "not connected" while ${current} (current) is loaded`, async () => {
    await collapseAll(page);
    const row = await pollUntil(() => rowOf(other), { timeoutMs: 15_000, what: `row ${other}` });
    if (!/not connected — expand to connect/.test(row.description)) throw new Error(`${other}: "${row.description}"`);
    const cur = await rowOf(current);
    if (!cur || !/current context/.test(cur.description) || /not connected/.test(cur.description)) throw new Error(`${current}: "${cur?.description}"`);
    log(`screenshot test-output/screenshots/${(await screenshot(page, 'lazy-not-connected')).split('/screenshots/')[1]}`);
  });
  await uiCheck(checks, `UI lazy contexts: expanding ${other} connects it and shows its RBAC error`, async () => {
    await expandTreeItem(page, other, { level: 1 });
    await pollUntil(async () => {
      const rows = await treeRows(page);
      const i = rows.findIndex((r) => r.level === 1 && r.label === other);
      return rows.slice(i + 1).find((r) => r.level === 2 && /forbidden/i.test(r.text)) ? rows : undefined;
    }, { timeoutMs: 20_000, what: `${other} to show "forbidden"` });
    log(`screenshot test-output/screenshots/${(await screenshot(page, 'lazy-connected')).split('/screenshots/')[1]}`);
  });
}
