import { UpgradeError } from '../upgrade/upgradeErrors';

/** Waits `ms`, or rejects with a cancelled UpgradeError when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new UpgradeError('cancelled', `cancelled while ${what}`));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new UpgradeError('cancelled', `cancelled while ${what}`));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
