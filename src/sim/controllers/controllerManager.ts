/**
 * Runs the controllers: store events enqueue keys, and the queue is drained synchronously after each
 * top-level write, so a test sees the ReplicaSets and pods as soon as its PATCH has returned.
 */
import type { StoreEvent } from '../core/types';

export interface Reconciler {
  /** Maps a store event to the work it causes (calls `enqueue`). */
  onEvent(event: StoreEvent, enqueue: (key: string, work: () => void) => void): void;
}

/** Guards against a controller bug turning into an endless loop. */
const MAX_ITERATIONS = 5_000_000;

export class ControllerManager {
  private readonly queue = new Map<string, () => void>();
  private readonly reconcilers: Reconciler[] = [];
  private draining = false;
  /** Failures inside reconcilers; they must not fail the API request that triggered them. */
  readonly errors: Error[] = [];

  register(r: Reconciler): void {
    this.reconcilers.push(r);
  }

  readonly enqueue = (key: string, work: () => void): void => {
    if (!this.queue.has(key)) this.queue.set(key, work);
  };

  handle(event: StoreEvent): void {
    for (const r of this.reconcilers) r.onEvent(event, this.enqueue);
  }

  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      let n = 0;
      while (this.queue.size) {
        const [key, work] = this.queue.entries().next().value as [string, () => void];
        this.queue.delete(key);
        try {
          work();
        } catch (e) {
          this.errors.push(e as Error);
          if (this.errors.length === 1) process.emitWarning(`sim controller ${key} failed: ${(e as Error).message}`);
        }
        if (++n > MAX_ITERATIONS) throw new Error('controller queue does not settle');
      }
    } finally {
      this.draining = false;
    }
  }
}
