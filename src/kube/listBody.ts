/**
 * Decodes a LIST response item by item while it streams in. Two costs of `JSON.parse(wholeBody)` set the
 * peak memory at 40,000 Pods, not the model itself:
 * - V8 parses any JSON text of 100 KB or more straight into old space (JsonParser's pretenure threshold), so a
 *   2 MB page leaves ~10 MB of full objects that only a full mark-compact frees. Parsing each item on its own
 *   (a few KB) allocates it young; `mapItem` trims it at once and the full object dies in the next scavenge.
 * - Native memory. Joining the chunks into one 2 MB Buffer per page makes glibc raise its mmap threshold and keep
 *   the freed pages (~30 MB RSS at size L); keeping a page's chunks, or copying each chunk onto the partial item
 *   (a second allocation per chunk), grows glibc's heap with blocks freed only at the next scavenge (+78 MB RSS at
 *   XL). Here each chunk is decoded to a string at once and dropped: the partial item is carried as a string, in
 *   V8's young generation, and nothing of the page's bytes is kept.
 *
 * Item boundaries: every item of a list starts with the same first key (e.g. `{"metadata":`), and a `"` inside
 * a JSON string is always escaped, so the bytes `},{"metadata":` occur only between objects. They can also
 * occur between nested objects (a StatefulSet's volumeClaimTemplates), but a cut there leaves unbalanced
 * brackets, so that candidate fails to parse and is extended to the next one. Anything unexpected falls back
 * to one JSON.parse of the rest: the envelope's head, then everything from the first item not yet decoded (the
 * items decoded so far were whole JSON values, each followed by a comma), so the result never depends on the
 * heuristic.
 */
import { StringDecoder } from 'node:string_decoder';

export interface ListBody<T> {
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** Receives a response body chunk by chunk; `end` returns the decoded value or throws (invalid JSON). */
export interface BodyDecoder<T> {
  push(chunk: Uint8Array): void;
  end(): T;
}

const ITEMS_KEY = '"items":[';
/** Give up on the fast path when the envelope head or one item grows past these (characters). */
const MAX_HEAD_CHARS = 64 << 10;
const MAX_ITEM_CHARS = 512 << 10;
const NOT_SPACE = /[^ \n\r\t]/g;

type Envelope = { metadata?: ListBody<unknown>['metadata']; items?: unknown[] | null };

export class ListBodyDecoder<T> implements BodyDecoder<ListBody<T>> {
  private readonly utf8 = new StringDecoder('utf8');
  /**
   * What is not decoded yet. Phase `head`: the body so far. Phase `items`: from the next item (or the `]` that ends
   * the list) on. Phase `fallback`: as in `items` when it fell back, plus everything after.
   */
  private text = '';
  private phase: 'head' | 'items' | 'fallback' = 'head';
  /** The envelope up to and including `"items":[`. */
  private head = '';
  private separator?: string;
  /** Where the next separator search in `text` starts. */
  private searchFrom = 0;
  private readonly items: T[] = [];

  constructor(private readonly mapItem: (item: unknown) => T) {}

  push(chunk: Uint8Array): void {
    this.text += this.utf8.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (this.phase === 'fallback') return;
    if (this.phase === 'head' && !this.readHead()) return;
    this.readItems();
  }

  end(): ListBody<T> {
    this.text += this.utf8.end();
    if (this.phase === 'items') {
      const done = this.finish();
      if (done) return done;
    }
    return this.rest();
  }

  private readHead(): boolean {
    const at = this.text.indexOf(ITEMS_KEY);
    if (at < 0) {
      if (this.text.length > MAX_HEAD_CHARS) this.phase = 'fallback';
      return false;
    }
    const start = at + ITEMS_KEY.length;
    this.head = this.text.slice(0, start);
    this.text = this.text.slice(start);
    this.phase = 'items';
    return true;
  }

  private readItems(): void {
    for (;;) {
      if (!this.separator) {
        const i = firstNonSpace(this.text, 0);
        if (i < 0 || this.text[i] === ']') return; // wait for more, or the list is empty
        if (this.text[i] !== '{') return this.fallBack();
        const colon = this.text.indexOf(':', i);
        if (colon < 0) return;
        this.text = this.text.slice(i);
        this.separator = `},${this.text.slice(0, colon - i + 1)}`;
      }
      const hit = this.text.indexOf(this.separator, this.searchFrom);
      if (hit < 0) {
        if (this.text.length > MAX_ITEM_CHARS) return this.fallBack();
        this.searchFrom = Math.max(0, this.text.length - this.separator.length + 1);
        return;
      }
      const parsed = tryParse(this.text.slice(0, hit + 1));
      if (parsed.ok) {
        this.items.push(this.mapItem(parsed.value));
        this.text = this.text.slice(hit + 2);
        this.searchFrom = 0;
      } else {
        this.searchFrom = hit + 1;
      }
    }
  }

  /** The last item and the `]}` that closes the list; undefined when the body ends otherwise. */
  private finish(): ListBody<T> | undefined {
    const t = this.text;
    let last = lastNonSpace(t, t.length - 1);
    if (t[last] !== '}') return undefined;
    last = lastNonSpace(t, last - 1);
    if (t[last] !== ']') return undefined;
    const itemEnd = lastNonSpace(t, last - 1) + 1;
    let item: { ok: true; value: unknown } | undefined;
    if (itemEnd > 0) {
      if (t[itemEnd - 1] === ',') return undefined;
      const parsed = tryParse(t.slice(0, itemEnd));
      if (!parsed.ok) return undefined;
      item = parsed;
    }
    const envelope = tryParse(this.head + t.slice(last));
    if (!envelope.ok) return undefined;
    const e = envelope.value as Envelope;
    if (!Array.isArray(e.items) || e.items.length !== 0) return undefined;
    if (item) this.items.push(this.mapItem(item.value));
    return { metadata: e.metadata, items: this.items };
  }

  private fallBack(): void {
    this.phase = 'fallback';
  }

  /** One JSON.parse of the envelope's head and what is not decoded yet: throws when the body is not JSON. */
  private rest(): ListBody<T> {
    const body = JSON.parse(this.head + this.text) as Envelope;
    this.text = '';
    for (const item of body.items ?? []) this.items.push(this.mapItem(item));
    return { metadata: body.metadata, items: this.items };
  }
}

function firstNonSpace(s: string, from: number): number {
  NOT_SPACE.lastIndex = from;
  return NOT_SPACE.exec(s)?.index ?? -1;
}

/** The index of the last character at or before `from` that is not JSON whitespace (-1 when none). */
function lastNonSpace(s: string, from: number): number {
  let i = from;
  while (i >= 0 && (s[i] === ' ' || s[i] === '\n' || s[i] === '\r' || s[i] === '\t')) i--;
  return i;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
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
