/** The runner's UI/cluster checks: each one a title and a verdict, counted in the `e2e: N passed, M failed` line. */
export interface Check { title: string; ok: boolean; message?: string; ms?: number }

/**
 * Runs `fn` as one check; returns whether it passed (later steps may depend on it). `onFail` runs after a
 * failure (e.g. a screenshot of the state it left); its own errors are ignored.
 */
export async function uiCheck(checks: Check[], title: string, fn: () => Promise<void>, onFail?: () => Promise<unknown>): Promise<boolean> {
  const started = Date.now();
  try {
    await fn();
    checks.push({ title, ok: true, ms: Date.now() - started });
    return true;
  } catch (e) {
    checks.push({ title, ok: false, message: e instanceof Error ? e.message : String(e), ms: Date.now() - started });
    await onFail?.().catch(() => undefined);
    return false;
  }
}

/** Records a check that could not run because an earlier step failed. */
export function skippedCheck(checks: Check[], title: string, because: string): void {
  checks.push({ title, ok: false, message: `not run: ${because}` });
}
