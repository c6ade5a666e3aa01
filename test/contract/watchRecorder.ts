/** Records what ClusterClient.watch reports, with waits for tests. */
import type { ClusterClient, ResourceKind, WatchEventType, WatchHandle, WatchOptions } from '../../src/kube/clusterClient';
import type { ClusterError } from '../../src/kube/clusterError';
import { sleep } from './contractTarget';

export interface SeenEvent {
  type: WatchEventType;
  name: string;
  resourceVersion: string;
  labels: Record<string, string>;
}

export class WatchRecorder {
  readonly events: SeenEvent[] = [];
  readonly bookmarks: string[] = [];
  readonly errors: ClusterError[] = [];
  opened = false;
  closed = false;
  private readonly handle: WatchHandle;

  constructor(client: ClusterClient, kind: ResourceKind, options: WatchOptions) {
    this.handle = client.watch(kind, options, {
      onOpen: () => { this.opened = true; },
      onEvent: (type, object) => {
        const meta = object.metadata;
        this.events.push({ type, name: meta.name, resourceVersion: meta.resourceVersion ?? '', labels: meta.labels ?? {} });
      },
      onBookmark: (rv) => { this.bookmarks.push(rv); },
      onError: (error) => { this.errors.push(error); },
      onClose: () => { this.closed = true; },
    });
  }

  /** "ADDED w-1", … */
  summary(): string[] {
    return this.events.map((e) => `${e.type} ${e.name}`);
  }

  async until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ok()) {
      if (Date.now() > deadline) {
        throw new Error(`watch: ${what} not seen within ${timeoutMs} ms; events: ${JSON.stringify(this.summary())}, errors: ${this.errors.map((e) => e.message).join('; ')}, closed: ${this.closed}`);
      }
      await sleep(20);
    }
  }

  untilOpen(): Promise<void> {
    return this.until('open', () => this.opened || this.errors.length > 0);
  }

  untilEvents(n: number, timeoutMs?: number): Promise<void> {
    return this.until(`${n} events`, () => this.events.length >= n, timeoutMs);
  }

  stop(): void {
    this.handle.stop();
  }
}
