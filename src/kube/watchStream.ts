/**
 * One WATCH request: a streaming GET whose body is newline-delimited JSON events, parsed incrementally.
 * Exactly one of onError / onClose is called, and neither after stop().
 */
import type { WatchEventType, WatchHandle, WatchHandlers } from './clusterClient';
import { statusError, transportError, type KubeStatus } from './errorMapping';
import type { RequestSpec, Transport } from './transport';
import { breathe } from '../mesh/timeSlice';

export interface WatchRequest {
  spec: RequestSpec;
  /** The stream is considered dead after this long without any byte (the server sends bookmarks). */
  inactivityMs: number;
}

interface RawEvent {
  type?: string;
  object?: { metadata?: { resourceVersion?: string } } & KubeStatus;
}

const EVENT_TYPES = new Set<string>(['ADDED', 'MODIFIED', 'DELETED']);

export function startWatch<T>(transport: Transport, request: WatchRequest, handlers: WatchHandlers<T>): WatchHandle {
  const controller = new AbortController();
  const call = transport.describe(request.spec);
  let finished = false;
  let stopped = false;
  let idle = false;
  let timer: NodeJS.Timeout | undefined;

  const finish = (report?: () => void): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    controller.abort();
    if (!stopped && report) report();
  };
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      idle = true;
      controller.abort(new DOMException('watch inactivity timeout', 'TimeoutError'));
    }, request.inactivityMs);
    timer.unref?.();
  };

  /** Returns true when the event ended the stream (an ERROR event). */
  const handleLine = (line: string): boolean => {
    let event: RawEvent;
    try {
      event = JSON.parse(line) as RawEvent;
    } catch {
      transport.logger?.warn(`${transport.context}: ignored a malformed watch event on ${request.spec.path}`);
      return false;
    }
    const type = event.type ?? '';
    if (EVENT_TYPES.has(type) && event.object) {
      handlers.onEvent(type as WatchEventType, event.object as T);
    } else if (type === 'BOOKMARK') {
      const rv = event.object?.metadata?.resourceVersion;
      if (rv) handlers.onBookmark?.(rv);
    } else if (type === 'ERROR') {
      const status = event.object ?? {};
      finish(() => handlers.onError(statusError(call, status.code ?? 500, status)));
      return true;
    }
    return false;
  };

  const run = async (): Promise<void> => {
    const response = await transport.openStream(request.spec, controller.signal);
    if (finished) return;
    arm();
    handlers.onOpen?.();
    const decoder = new TextDecoder();
    let pending = '';
    for await (const chunk of response.body) {
      transport.addBytes(chunk.byteLength);
      arm();
      pending += decoder.decode(chunk, { stream: true });
      let start = 0;
      let newline = pending.indexOf('\n', start);
      while (newline >= 0) {
        const line = pending.slice(start, newline);
        start = newline + 1;
        if (line.trim() !== '' && handleLine(line)) return;
        if (finished) return;
        newline = pending.indexOf('\n', start);
      }
      pending = pending.slice(start);
      // A burst of events (a migration restarting hundreds of pods) is handed over a chunk per slice.
      await breathe();
      if (finished) return;
    }
    pending += decoder.decode();
    if (pending.trim() !== '' && handleLine(pending)) return;
    finish(() => handlers.onClose?.());
  };

  run().catch((e: unknown) => {
    finish(() => handlers.onError(idle ? transportError(call, e, request.inactivityMs) : transport.mapFailure(call, e, undefined)));
  });

  return {
    stop(): void {
      stopped = true;
      finish();
    },
  };
}
