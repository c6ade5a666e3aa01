/**
 * WATCH: newline-delimited events starting after `resourceVersion` (or synthetic ADDED for the current
 * state), filtered by namespace and selectors with the watch cache's rules (an object leaving the
 * selection is a DELETED), bookmarks, `timeoutSeconds`, and 410 Expired for a too-old resume point.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, expired, tooLargeResourceVersion, type KubeStatus } from '../core/errors';
import { buildFilter, filterMatches, type ListOptions, type ObjectFilter } from '../core/listing';
import type { ObjectStore } from '../core/objectStore';
import { apiVersionOf, type ResourceType } from '../core/resourceRegistry';
import type { KubeObject, StoreEvent } from '../core/types';
import { toTable } from './tableConvert';

export interface WatchParams {
  type: ResourceType;
  namespace?: string;
  opts: ListOptions;
  timeoutSeconds?: number;
  allowBookmarks: boolean;
  table: boolean;
  includeObject: string;
}

export interface WatchSettings {
  bookmarkIntervalMs: number;
  defaultTimeoutSeconds: number;
}

type OutEvent = { type: string; object: KubeObject | KubeStatus | object };

function transform(e: StoreEvent, type: ResourceType, filter: ObjectFilter): OutEvent | undefined {
  if (e.resource !== type.resource) return undefined;
  if (e.type === 'DELETED') return filterMatches(filter, e.object) ? { type: 'DELETED', object: e.object } : undefined;
  const now = filterMatches(filter, e.object);
  const before = e.prev !== undefined && filterMatches(filter, e.prev);
  if (e.type === 'ADDED') return now ? { type: 'ADDED', object: e.object } : undefined;
  if (now && before) return { type: 'MODIFIED', object: e.object };
  if (now) return { type: 'ADDED', object: e.object };
  if (before && e.prev) return { type: 'DELETED', object: { ...e.prev, metadata: { ...e.prev.metadata, resourceVersion: String(e.rv) } } };
  return undefined;
}

export class WatchHub {
  private readonly streams = new Set<ServerResponse>();

  constructor(private readonly store: ObjectStore, private readonly settings: WatchSettings) {}

  get activeCount(): number {
    return this.streams.size;
  }

  closeAll(): void {
    for (const res of this.streams) res.end();
    this.streams.clear();
  }

  /** Throws StatusErrors (400, 504) before any byte is written. */
  async start(req: IncomingMessage, res: ServerResponse, p: WatchParams): Promise<void> {
    const filter = buildFilter(p.type, p.type.namespaced ? p.namespace : undefined, p.opts);
    const rvText = p.opts.resourceVersion ?? '';
    let from: number | undefined;
    if (rvText !== '' && rvText !== '0') {
      if (!/^\d+$/.test(rvText)) throw badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(rvText)}: invalid syntax`);
      from = Number(rvText);
      await this.waitFor(from, req);
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const send = (e: OutEvent) => {
      // After the timeout (or closeAll) ended the response, a bookmark or event may still fire before 'close'.
      if (res.writableEnded) return;
      const object = p.table && e.type !== 'ERROR' && e.type !== 'BOOKMARK'
        ? toTable(p.type, [e.object as KubeObject], { resourceVersion: (e.object as KubeObject).metadata.resourceVersion }, p.includeObject)
        : e.object;
      res.write(`${JSON.stringify({ type: e.type, object })}\n`);
    };
    if (from === undefined) {
      for (const entry of this.store.entries(p.type.resource, p.type.namespaced ? p.namespace : undefined)) {
        if (filterMatches(filter, entry.obj)) send({ type: 'ADDED', object: entry.obj });
      }
    } else {
      const backlog = this.store.eventsAfter(from);
      if (!backlog) {
        send({ type: 'ERROR', object: expired(`too old resource version: ${from} (${this.store.oldestResumable()})`).status });
        res.end();
        return;
      }
      for (const e of backlog) {
        const out = transform(e, p.type, filter);
        if (out) send(out);
      }
    }
    this.stream(res, p, filter, send);
  }

  private stream(res: ServerResponse, p: WatchParams, filter: ObjectFilter, send: (e: OutEvent) => void): void {
    this.streams.add(res);
    const unsubscribe = this.store.subscribe((e) => {
      const out = transform(e, p.type, filter);
      if (out) send(out);
    });
    const bookmarks = p.allowBookmarks
      ? setInterval(() => {
        const rv = this.store.currentResourceVersion;
        send({ type: 'BOOKMARK', object: { kind: p.type.kind, apiVersion: apiVersionOf(p.type), metadata: { resourceVersion: String(rv), creationTimestamp: null } } });
      }, this.settings.bookmarkIntervalMs)
      : undefined;
    const timeout = setTimeout(() => res.end(), (p.timeoutSeconds ?? this.settings.defaultTimeoutSeconds) * 1000);
    const cleanup = () => {
      unsubscribe();
      if (bookmarks) clearInterval(bookmarks);
      clearTimeout(timeout);
      this.streams.delete(res);
    };
    res.on('close', cleanup);
  }

  /** A resourceVersion from the future: wait up to 3 s for it, then 504 like the watch cache. */
  private async waitFor(rv: number, req: IncomingMessage): Promise<void> {
    const deadline = Date.now() + 3000;
    while (this.store.currentResourceVersion < rv) {
      if (Date.now() > deadline || req.destroyed) throw tooLargeResourceVersion(rv, this.store.currentResourceVersion);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
