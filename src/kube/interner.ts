/**
 * Shares one copy of values that repeat across thousands of objects. V8 does not deduplicate what JSON.parse
 * creates, and at 40,000 Pods the repeats are most of the model: every Pod of a ReplicaSet has the same label
 * map, annotation map (the ~270-byte `sidecar.istio.io/status` JSON), containers and owner. Shared maps and
 * arrays are frozen, so a caller that tried to change one would throw instead of changing other Pods.
 * Bounded: when a table is full it starts over (objects keep what they have; only sharing restarts), so a
 * long-running watch that sees ever-new values cannot grow it without limit.
 */
export class Interner {
  private strings = new Map<string, string>();
  private shapes = new Map<string, object>();
  private readonly ids = new WeakMap<object, number>();
  private lastId = 0;

  constructor(private readonly maxEntries = 100_000) {}

  string(s: string): string {
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    if (this.strings.size >= this.maxEntries) this.strings = new Map();
    this.strings.set(s, s);
    return s;
  }

  /** A frozen string map equal to `m`'s string entries (minus `drop`), shared with every equal map. */
  stringMap(m: Record<string, unknown>, drop?: string): Readonly<Record<string, string>> {
    let key = 'm';
    for (const k in m) {
      const v = m[k];
      if (k !== drop && typeof v === 'string') key += `\u0000${k}\u0000${v}`;
    }
    return this.shape(key, () => {
      const out: Record<string, string> = {};
      for (const k in m) {
        const v = m[k];
        if (k !== drop && typeof v === 'string') out[this.string(k)] = this.string(v);
      }
      return out;
    });
  }

  /** A number naming `value` (a shared value) in another shape's key: equal ids, the same object. */
  id(value: object): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = ++this.lastId;
      this.ids.set(value, id);
    }
    return id;
  }

  /** The frozen value stored under `key`, made by `make` the first time. `key` must identify the value fully. */
  shape<T extends object>(key: string, make: () => T): T {
    const known = this.shapes.get(key);
    if (known !== undefined) return known as T;
    if (this.shapes.size >= this.maxEntries) this.shapes = new Map();
    const value = Object.freeze(make());
    this.shapes.set(key, value);
    return value;
  }
}
