/** Polling with a deadline: the rig never sleeps a fixed long time waiting for UI or servers. */
export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Said in the timeout error: what was awaited. */
  what: string;
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Calls `probe` until it returns a value other than undefined/false, or throws after the deadline. */
export async function pollUntil<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, opts: PollOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${why}`);
    }
    await delay(opts.intervalMs ?? 200);
  }
}
