/**
 * Webview content as the rig sees it. Every webview is an `iframe.webview` in an overlay outside the editor
 * part, holding the content frame (`#active-frame` once loaded). Without retainContextWhenHidden a hidden webview's frames
 * are torn down and rebuilt when shown again, so callers look a frame up afresh instead of keeping it.
 * Scripts run in the frame are passed as strings: the rig's tsconfig has no DOM lib.
 */
import type { Frame, Page } from 'playwright-core';
import { pollUntil } from './poll';

/**
 * The content frames of the webviews currently in the page: the frames two levels down. (Not by name:
 * the content frame is created as `pending-frame` and renamed `active-frame` later, and playwright keeps
 * the name a frame had when it attached.)
 */
export function webviewContentFrames(page: Page): Frame[] {
  return page.frames().filter((f) => !f.isDetached() && f.parentFrame()?.parentFrame() === page.mainFrame());
}

/** Evaluates `expression` (JS source) in the frame; undefined when the frame went away meanwhile. */
export async function evalInFrame<T>(frame: Frame, expression: string): Promise<T | undefined> {
  try {
    return await frame.evaluate(expression) as T;
  } catch {
    return undefined;
  }
}

/**
 * Polls the content frames until `expression` is truthy in one of them; returns that frame and the value.
 * `expression` is JS source evaluated in the frame (e.g. `document.title === "x" && document.title`).
 */
export async function waitForWebviewFrame<T>(page: Page, expression: string, opts: { timeoutMs?: number; intervalMs?: number; what: string }): Promise<{ frame: Frame; value: T }> {
  return pollUntil(async () => {
    for (const frame of webviewContentFrames(page)) {
      const value = await evalInFrame<T>(frame, expression);
      if (value) return { frame, value };
    }
    return undefined;
  }, { timeoutMs: opts.timeoutMs ?? 15_000, intervalMs: opts.intervalMs ?? 200, what: opts.what });
}

/** The content frame whose document title is `title` (webview panels set <title> to their panel title). */
export async function webviewFrameTitled(page: Page, title: string, timeoutMs = 15_000): Promise<Frame> {
  const { frame } = await waitForWebviewFrame<boolean>(page, `document.title === ${JSON.stringify(title)}`, { timeoutMs, what: `a webview titled "${title}"` });
  return frame;
}
