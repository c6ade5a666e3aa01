/**
 * Decodes a LIST response item by item while it streams in. Two costs of `JSON.parse(wholeBody)` set the
 * peak memory at 40,000 Pods, not the model itself:
 * - V8 parses any JSON text of 100 KB or more straight into old space (JsonParser's pretenure threshold), so a
 *   2 MB page leaves ~10 MB of full objects that only a full mark-compact frees. Parsing each item on its own
 *   (a few KB) allocates it young; `mapItem` trims it at once and the full object dies in the next scavenge.
 * - Joining the chunks into one 2 MB Buffer per page makes glibc raise its mmap threshold and keep the freed
 *   pages (~30 MB RSS at size L). Here only the current partial item is ever joined.
 *
 * Item boundaries: every item of a list starts with the same first key (e.g. `{"metadata":`), and a `"` inside
 * a JSON string is always escaped, so the bytes `},{"metadata":` occur only between objects. They can also
 * occur between nested objects (a StatefulSet's volumeClaimTemplates), but a cut there leaves unbalanced
 * brackets, so that candidate fails to parse and is extended to the next one. Anything unexpected falls back
 * to one JSON.parse of the whole body, so the result never depends on the heuristic.
 */

export interface ListBody<T> {
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** Receives a response body chunk by chunk; `end` returns the decoded value or throws (invalid JSON). */
export interface BodyDecoder<T> {
  push(chunk: Uint8Array): void;
  end(): T;
}

const ITEMS_KEY = Buffer.from('"items":[');
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** Give up on the fast path when the envelope head or one item grows past these. */
const MAX_HEAD_BYTES = 64 << 10;
const MAX_ITEM_BYTES = 512 << 10;

function isSpace(b: number | undefined): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

type Envelope = { metadata?: ListBody<unknown>['metadata']; items?: unknown };

export class ListBodyDecoder<T> implements BodyDecoder<ListBody<T>> {
  /** Every chunk, kept (not joined) for the fallback; they are the page's bytes once. */
  private readonly chunks: Uint8Array[] = [];
  private pending: Buffer = Buffer.alloc(0);
  private phase: 'head' | 'items' | 'fallback' = 'head';
  private head?: Buffer;
  private separator?: Buffer;
  /** Where the next separator search in `pending` starts. */
  private searchFrom = 0;
  private readonly items: T[] = [];

  constructor(private readonly mapItem: (item: unknown) => T) {}

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    if (this.phase === 'fallback') return;
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.pending = this.pending.length ? Buffer.concat([this.pending, bytes]) : bytes;
    if (this.phase === 'head' && !this.readHead()) return;
    this.readItems();
  }

  end(): ListBody<T> {
    if (this.phase === 'items') {
      const done = this.finish();
      if (done) return done;
    }
    return this.whole();
  }

  private readHead(): boolean {
    const at = this.pending.indexOf(ITEMS_KEY);
    if (at < 0) {
      if (this.pending.length > MAX_HEAD_BYTES) this.fallback();
      return false;
    }
    const start = at + ITEMS_KEY.length;
    this.head = Buffer.from(this.pending.subarray(0, start));
    this.pending = this.pending.subarray(start);
    this.phase = 'items';
    return true;
  }

  private readItems(): void {
    for (;;) {
      if (!this.separator) {
        let i = 0;
        while (i < this.pending.length && isSpace(this.pending[i])) i++;
        if (i === this.pending.length || this.pending[i] === CLOSE_BRACKET) return; // empty list, or wait for more
        if (this.pending[i] !== OPEN_BRACE) return this.fallback();
        const colon = this.pending.indexOf(COLON, i);
        if (colon < 0) return;
        this.pending = this.pending.subarray(i);
        this.separator = Buffer.concat([Buffer.from('},'), this.pending.subarray(0, colon - i + 1)]);
      }
      const hit = this.pending.indexOf(this.separator, this.searchFrom);
      if (hit < 0) {
        if (this.pending.length > MAX_ITEM_BYTES) return this.fallback();
        this.searchFrom = Math.max(0, this.pending.length - this.separator.length + 1);
        return;
      }
      const parsed = tryParse(this.pending, 0, hit + 1);
      if (parsed.ok) {
        this.items.push(this.mapItem(parsed.value));
        this.pending = this.pending.subarray(hit + 2);
        this.searchFrom = 0;
      } else {
        this.searchFrom = hit + 1;
      }
    }
  }

  /** The last item and the `]}` that closes the list. */
  private finish(): ListBody<T> | undefined {
    const p = this.pending;
    let last = p.length - 1;
    while (last >= 0 && isSpace(p[last])) last--;
    if (p[last] !== CLOSE_BRACE) return undefined;
    last--;
    while (last >= 0 && isSpace(p[last])) last--;
    if (p[last] !== CLOSE_BRACKET) return undefined;
    let itemEnd = last;
    while (itemEnd > 0 && isSpace(p[itemEnd - 1])) itemEnd--;
    if (itemEnd > 0) {
      if (p[itemEnd - 1] === COMMA) return undefined;
      const parsed = tryParse(p, 0, itemEnd);
      if (!parsed.ok) return undefined;
      this.items.push(this.mapItem(parsed.value));
    }
    const envelope = tryParse(Buffer.concat([this.head ?? Buffer.alloc(0), p.subarray(last)]), 0, undefined);
    if (!envelope.ok) return undefined;
    const e = envelope.value as Envelope;
    if (!Array.isArray(e.items) || e.items.length !== 0) return undefined;
    return { metadata: e.metadata, items: this.items };
  }

  private fallback(): void {
    this.phase = 'fallback';
    this.pending = Buffer.alloc(0);
  }

  private whole(): ListBody<T> {
    const body = JSON.parse(Buffer.concat(this.chunks).toString('utf8')) as { metadata?: ListBody<T>['metadata']; items?: unknown[] | null };
    return { metadata: body.metadata, items: (body.items ?? []).map(this.mapItem) };
  }
}

function tryParse(b: Buffer, from: number, to: number | undefined): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(b.toString('utf8', from, to)) };
  } catch {
    return { ok: false };
  }
}

/** The whole body at once (tests, and callers that already hold the bytes). */
export function parseListBody<T>(raw: Buffer, mapItem: (item: unknown) => T): ListBody<T> {
  const decoder = new ListBodyDecoder(mapItem);
  decoder.push(raw);
  return decoder.end();
}
