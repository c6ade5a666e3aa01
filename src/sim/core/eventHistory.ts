/** A fixed-size window of the latest store events (all kinds), for watch resumption. */
import type { StoreEvent } from './types';

export class EventHistory {
  private readonly ring: (StoreEvent | undefined)[];
  private start = 0;
  private size = 0;
  /** Everything at or below this resourceVersion has been dropped from the window. */
  private compactedThrough = 0;

  constructor(readonly capacity: number) {
    this.ring = new Array<StoreEvent | undefined>(capacity);
  }

  push(event: StoreEvent): void {
    if (this.size === this.capacity) {
      const dropped = this.ring[this.start];
      if (dropped) this.compactedThrough = dropped.rv;
      this.ring[this.start] = event;
      this.start = (this.start + 1) % this.capacity;
    } else {
      this.ring[(this.start + this.size) % this.capacity] = event;
      this.size++;
    }
  }

  /** Drops the whole window: any resume from before `currentRv` is now too old. */
  compact(currentRv: number): void {
    this.ring.fill(undefined);
    this.start = 0;
    this.size = 0;
    this.compactedThrough = currentRv;
  }

  /** The oldest resourceVersion a watch may resume from. */
  oldestResumable(): number {
    return this.compactedThrough;
  }

  /** Events with rv > `rv`, oldest first; undefined when the window no longer reaches back that far. */
  after(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedThrough) return undefined;
    const out: StoreEvent[] = [];
    for (let i = 0; i < this.size; i++) {
      const e = this.ring[(this.start + i) % this.capacity];
      if (e && e.rv > rv) out.push(e);
    }
    return out;
  }
}
