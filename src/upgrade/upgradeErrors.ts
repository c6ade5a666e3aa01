/** Errors of the upgrade engine that are not cluster errors: refusals and conflicts found by our own checks. */
export type UpgradeErrorKind = 'conflict' | 'refused' | 'timeout' | 'cancelled' | 'verifyFailed'
  /** A write whose outcome could not be learned (no answer, and reading the object back failed too). */
  | 'unknown'
  /** A namespace is locked by another run (its Lease is held and renewed). */
  | 'locked';

export class UpgradeError extends Error {
  constructor(readonly kind: UpgradeErrorKind, message: string) {
    super(message);
    this.name = 'UpgradeError';
  }
}

export function throwIfAborted(signal: AbortSignal | undefined, where: string): void {
  if (signal?.aborted) throw new UpgradeError('cancelled', `cancelled before ${where}`);
}

export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'describe' in e && typeof (e as { describe: unknown }).describe === 'function') {
    return (e as { describe(): string }).describe();
  }
  return e instanceof Error ? e.message : String(e);
}
