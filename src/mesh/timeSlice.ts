/**
 * Cooperative time slicing for long loops on the extension host's one thread (every extension shares it):
 * `await breathe()` between units of work gives the event loop a turn once the current turn has run for
 * SLICE_MS. Waiters resume one per event-loop turn, so several loaders that yield together do not run back to
 * back in the same turn. Node only (setImmediate); no vscode.
 */

/** Work per turn before yielding; the goal is no stall over 50 ms, so this leaves room for the rest of the turn. */
export const SLICE_MS = 8;

let turnStart = performance.now();
const waiters: (() => void)[] = [];
let scheduled = false;

function pump(): void {
  scheduled = false;
  turnStart = performance.now();
  const next = waiters.shift();
  if (waiters.length > 0) schedule();
  next?.();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(pump);
}

/** True when the current turn has used its slice. */
export function sliceUsed(budgetMs = SLICE_MS): boolean {
  return performance.now() - turnStart > budgetMs;
}

/** Yields to the event loop when the current turn has used its slice; resolves at once otherwise. */
export function breathe(budgetMs = SLICE_MS): Promise<void> | undefined {
  if (!sliceUsed(budgetMs)) return undefined;
  return new Promise((resolve) => {
    waiters.push(resolve);
    schedule();
  });
}

/** `fn` over `items` in order, yielding between items whenever a slice is used. */
export async function forEachSliced<T>(items: Iterable<T>, fn: (item: T) => void): Promise<void> {
  for (const item of items) {
    fn(item);
    const pause = breathe();
    if (pause) await pause;
  }
}
