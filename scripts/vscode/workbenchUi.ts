/**
 * Drives the parts of the VS Code workbench a user touches besides the tree: context menus, quick picks,
 * modal dialogs, notifications, the command palette and editor tabs. Selectors are roles, aria labels and
 * text; every wait polls with a deadline.
 */
import type { Frame, Locator, Page } from 'playwright-core';
import { pollUntil } from './poll';

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

// ---- context menu --------------------------------------------------------------------------------------

/** Right-clicks `target` and waits for the context menu (VS Code renders it in a shadow root; roles pierce it). */
export async function openContextMenu(page: Page, target: Locator, timeoutMs = 10_000): Promise<Locator> {
  await target.scrollIntoViewIfNeeded().catch(() => undefined);
  await target.click({ button: 'right' });
  const menu = page.getByRole('menu').first();
  await menu.waitFor({ state: 'visible', timeout: timeoutMs });
  return menu;
}

/** The visible items' labels of the open context menu. */
export async function menuItemLabels(page: Page): Promise<string[]> {
  const items = page.getByRole('menu').first().getByRole('menuitem');
  return (await items.allInnerTexts()).map(oneLine).filter(Boolean);
}

/** Clicks a menu item; if the menu is still open a moment later (the click fell between frames), once more. */
export async function clickMenuItem(page: Page, label: string | RegExp, timeoutMs = 10_000): Promise<void> {
  const item = page.getByRole('menu').first().getByRole('menuitem', { name: label });
  await item.first().waitFor({ state: 'visible', timeout: timeoutMs });
  await item.first().click();
  const closed = async (): Promise<boolean> => !(await page.getByRole('menu').first().isVisible().catch(() => false));
  const quick = await pollUntil(closed, { timeoutMs: 1500, what: 'the context menu to close' }).catch(() => false);
  if (quick) return;
  await item.first().click({ timeout: 2000 }).catch(() => undefined);
  await pollUntil(closed, { timeoutMs, what: 'the context menu to close' });
}

// ---- quick input (quick pick, command palette) ---------------------------------------------------------

export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

export interface QuickPickRow {
  ariaLabel: string;
  text: string;
  separator: boolean;
  focused: boolean;
}

/** Waits until the quick input is visible with at least one item (and a title matching `title`, if given). */
export async function waitForQuickPick(page: Page, opts: { title?: RegExp; timeoutMs?: number } = {}): Promise<void> {
  await pollUntil(async () => {
    const w = quickInput(page);
    if (!(await w.isVisible().catch(() => false))) return false;
    if (opts.title && !opts.title.test(oneLine(await w.locator('.quick-input-title').innerText().catch(() => '')))) return false;
    return (await quickPickRows(page)).some((r) => !r.separator);
  }, { timeoutMs: opts.timeoutMs ?? 15_000, what: `a quick pick${opts.title ? ` titled ${opts.title}` : ''} with items` });
}

/** The rendered rows of the quick pick list, in order (separator rows included, marked). */
export async function quickPickRows(page: Page): Promise<QuickPickRow[]> {
  const rows = await quickInput(page).locator('.monaco-list-row').evaluateAll((els) => els.map((el) => ({
    index: Number(el.getAttribute('data-index') ?? -1),
    ariaLabel: el.getAttribute('aria-label') ?? '',
    text: ((el as unknown as { innerText?: string }).innerText ?? el.textContent ?? '').replace(/\s+/g, ' ').trim(),
    separator: el.classList.contains('quick-input-list-separator-as-item') || el.getAttribute('role') === 'presentation' && !el.getAttribute('aria-label'),
    focused: el.classList.contains('focused'),
  })));
  return rows.sort((a, b) => a.index - b.index).map(({ index: _index, ...r }) => r);
}

/** Escape until no quick input is left open (after a failed step, so the next one is not blocked). */
export async function closeQuickInput(page: Page): Promise<void> {
  for (let i = 0; i < 3 && (await quickInput(page).isVisible().catch(() => false)); i++) {
    await page.keyboard.press('Escape');
    await page.waitForTimeout(150);
  }
}

/** Types `text` into the quick input (replacing what is there). */
export async function typeInQuickInput(page: Page, text: string, timeoutMs?: number): Promise<void> {
  const input = quickInput(page).locator('input').first();
  await input.fill(text, { timeout: timeoutMs });
}

/** Title and placeholder of the visible quick input (what tells one quick pick from the next). */
export async function quickInputHeading(page: Page): Promise<string> {
  const w = quickInput(page);
  const title = await w.locator('.quick-input-title').innerText().catch(() => '');
  const placeholder = await w.locator('input').first().getAttribute('placeholder').catch(() => '');
  return oneLine(`${title} ${placeholder ?? ''}`);
}

export interface AcceptOptions {
  /**
   * The accepted item opens another quick pick whose title or placeholder matches this: wait for that one
   * instead of for the quick input to close (the widget is reused, so "closed" may never be seen).
   */
  then?: RegExp;
  /** When another row than the focused one matches, move the focus down to it (best match ranked lower). */
  navigate?: boolean;
}

/** Waits until the focused row matches `item`, then accepts it with Enter. */
export async function acceptQuickPickItem(page: Page, item: RegExp, timeoutMs = 10_000, opts: AcceptOptions = {}): Promise<string> {
  const matches = (r: QuickPickRow): boolean => item.test(`${r.ariaLabel} ${r.text}`);
  const focused = await pollUntil(async () => {
    const rows = await quickPickRows(page);
    const row = rows.find((r) => r.focused);
    if (row && matches(row)) return row;
    const at = rows.findIndex((r) => r.focused);
    if (opts.navigate && at >= 0 && rows.slice(at + 1).some((r) => !r.separator && matches(r))) {
      await quickInput(page).locator('input').first().press('ArrowDown');
    }
    return undefined;
  }, { timeoutMs, what: `the quick pick to focus an item matching ${item}` }).catch(async (e: unknown) => {
    const rows = (await quickPickRows(page)).map((r) => `${r.focused ? '>' : ' '}${r.text}`).join(' | ');
    throw new Error(`${e instanceof Error ? e.message : String(e)}; rows: ${rows}`);
  });
  const before = opts.then ? await quickInputHeading(page) : '';
  await quickInput(page).locator('input').first().press('Enter');
  await pollUntil(async () => {
    if (!(await quickInput(page).isVisible().catch(() => false))) return !opts.then;
    if (!opts.then) return false;
    const heading = await quickInputHeading(page);
    return heading !== before && opts.then.test(heading) && (await quickPickRows(page)).some((r) => !r.separator);
  }, { timeoutMs, what: opts.then ? `a quick pick titled ${opts.then}` : 'the quick pick to close' });
  return focused.text;
}

/** F1, type the command's title, Enter on the matching entry (`opts.then`: the quick pick the command opens). */
export async function runCommandFromPalette(page: Page, title: string, timeoutMs = 15_000, opts: AcceptOptions = {}): Promise<void> {
  await page.locator('.monaco-workbench').first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
  await page.keyboard.press('F1');
  await pollUntil(async () => quickInput(page).isVisible().catch(() => false), { timeoutMs, what: 'the command palette' });
  await typeInQuickInput(page, `>${title}`);
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  await acceptQuickPickItem(page, new RegExp(`(?:^|[\\s,])${escaped}(?![\\w-])`), timeoutMs, { navigate: true, ...opts });
}

// ---- modal dialog ---------------------------------------------------------------------------------------

export interface DialogInfo {
  message: string;
  detail: string;
  buttons: string[];
}

export function dialog(page: Page): Locator {
  return page.locator('.monaco-dialog-box').first();
}

/** Waits for a modal dialog whose message matches `message`; returns its message, detail and button labels. */
export async function waitForDialog(page: Page, message: RegExp, timeoutMs = 15_000): Promise<DialogInfo> {
  return pollUntil(async () => {
    const box = dialog(page);
    if (!(await box.isVisible().catch(() => false))) return undefined;
    const info: DialogInfo = {
      message: oneLine(await box.locator('.dialog-message-text').innerText().catch(() => '')),
      detail: (await box.locator('.dialog-message-detail').innerText().catch(() => '')).trim(),
      buttons: (await box.locator('.dialog-buttons').getByRole('button').allInnerTexts()).map(oneLine).filter(Boolean),
    };
    if (!message.test(info.message)) throw new Error(`a dialog says "${info.message}"`);
    return info;
  }, { timeoutMs, what: `a modal dialog saying ${message}` });
}

/**
 * Clicks a dialog button and waits until that dialog is gone. A button that opens the next modal at once (e.g. "Edit
 * Anyway…") can replace the dialog before a poll ever sees none, so a dialog with another message also counts.
 */
export async function clickDialogButton(page: Page, label: string, timeoutMs = 10_000): Promise<void> {
  const message = (): Promise<string> => dialog(page).locator('.dialog-message-text').innerText().then(oneLine).catch(() => '');
  const before = await message();
  await dialog(page).locator('.dialog-buttons').getByRole('button', { name: label, exact: true }).click();
  await pollUntil(async () => !(await dialog(page).isVisible().catch(() => false)) || (await message()) !== before,
    { timeoutMs, what: `the dialog "${before}" to close` });
}

// ---- notifications --------------------------------------------------------------------------------------

/** Messages of the notification toasts on screen (toasts are off while the smoke-test driver is on). */
export async function notificationTexts(page: Page): Promise<string[]> {
  const messages = page.locator('.notifications-toasts .notification-toast .notification-list-item-message');
  return (await messages.allInnerTexts().catch(() => [])).map(oneLine).filter(Boolean);
}

/**
 * Waits for a toast matching `text`. `fail` ends the wait at once when a toast matches it (an error
 * notification instead of the expected one); `onToast` hears every distinct toast text seen meanwhile.
 */
export async function waitForNotification(page: Page, text: RegExp, opts: { timeoutMs?: number; fail?: RegExp; onToast?: (text: string) => void } = {}): Promise<string> {
  let seen: string[] = [];
  const all = new Set<string>();
  const found = await pollUntil(async () => {
    seen = await notificationTexts(page);
    for (const t of seen) if (!all.has(t)) { all.add(t); opts.onToast?.(t); }
    const bad = opts.fail ? seen.find((t) => opts.fail!.test(t)) : undefined;
    if (bad) return { bad };
    const good = seen.find((t) => text.test(t));
    return good ? { good } : undefined;
  }, { timeoutMs: opts.timeoutMs ?? 30_000, intervalMs: 150, what: `a notification matching ${text}` }).catch((e: unknown) => {
    throw new Error(`${e instanceof Error ? e.message : String(e)}; toasts on screen: ${seen.map((s) => `"${s}"`).join(', ') || 'none'}`);
  });
  if (found.bad !== undefined) throw new Error(`expected a notification matching ${text}, got "${found.bad}"`);
  return found.good ?? '';
}

// ---- editors --------------------------------------------------------------------------------------------

/** Titles of the open editor tabs. */
export async function editorTabTitles(page: Page): Promise<string[]> {
  return (await page.locator('.part.editor .tabs-container [role="tab"]').evaluateAll((els) =>
    els.map((el) => el.getAttribute('aria-label') ?? el.textContent ?? ''))).map(oneLine);
}

/**
 * Waits until some webview shows `text` (e.g. a rendered Markdown preview heading). Webviews live in an
 * overlay outside the editor part, each an iframe holding the content frame: every frame is searched.
 * Returns the frame showing it.
 */
export async function waitForWebviewText(page: Page, text: string | RegExp, timeoutMs = 15_000): Promise<Frame> {
  return pollUntil(async () => {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || frame.isDetached()) continue;
      if (await frame.getByText(text).first().isVisible().catch(() => false)) return frame;
    }
    return undefined;
  }, { timeoutMs, what: `a webview showing ${text}` });
}

/** Clicks the action button `label` on the toast whose message matches `text` (waits for both). */
export async function clickNotificationAction(page: Page, text: RegExp, label: string, timeoutMs = 10_000): Promise<void> {
  const button = await pollUntil(async () => {
    const toasts = page.locator('.notifications-toasts .notification-toast');
    for (let i = 0; i < await toasts.count(); i++) {
      const toast = toasts.nth(i);
      const message = oneLine(await toast.locator('.notification-list-item-message').innerText().catch(() => ''));
      if (!text.test(message)) continue;
      const b = toast.getByRole('button', { name: label, exact: true }).first();
      if (await b.isVisible().catch(() => false)) return b;
    }
    return undefined;
  }, { timeoutMs, what: `a "${label}" button on a notification matching ${text}` });
  await button.click();
}
