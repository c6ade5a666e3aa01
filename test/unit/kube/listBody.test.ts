import { strict as assert } from 'node:assert';
import { ListBodyDecoder, parseListBody } from '../../../src/kube/listBody';

const identity = (x: unknown) => x;

/** Feeds `text` in chunks of `size` bytes (UTF-8 sequences may be split across chunks). */
function decodeChunked(text: string, size: number) {
  const raw = Buffer.from(text, 'utf8');
  const d = new ListBodyDecoder(identity);
  for (let i = 0; i < raw.length; i += size) d.push(raw.subarray(i, i + size));
  return d.end();
}

function list(items: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '42', continue: 'abc' }, ...extra, items });
}

const pods = Array.from({ length: 30 }, (_, i) => ({
  metadata: { name: `p-${i}`, labels: { app: 'x' }, annotations: { note: `a "quoted" },{"metadata": ${i} — ünïcödé 🚀` } },
  spec: { containers: [{ name: 'c', image: 'i:1' }], volumes: [{ name: 'v', emptyDir: {} }] },
}));

describe('kube/listBody', () => {
  it('decodes items one by one, in any chunking, equal to JSON.parse', () => {
    const text = list(pods);
    const expected = JSON.parse(text) as { metadata: unknown; items: unknown[] };
    for (const size of [1, 3, 7, 64, 1000, 1 << 20]) {
      const got = decodeChunked(text, size);
      assert.deepEqual(got.items, expected.items, `chunk size ${size}`);
      assert.deepEqual(got.metadata, expected.metadata);
    }
  });

  it('maps each item as it is parsed', () => {
    const seen: string[] = [];
    const got = parseListBody(Buffer.from(list(pods)), (item) => {
      const name = (item as { metadata: { name: string } }).metadata.name;
      seen.push(name);
      return name.toUpperCase();
    });
    assert.equal(seen.length, 30);
    assert.deepEqual(got.items.slice(0, 2), ['P-0', 'P-1']);
  });

  it('handles empty and null item lists, and whitespace', () => {
    assert.deepEqual(parseListBody(Buffer.from(list([])), identity), { metadata: { resourceVersion: '42', continue: 'abc' }, items: [] });
    assert.deepEqual(parseListBody(Buffer.from('{"metadata":{},"items":null}'), identity).items, []);
    assert.deepEqual(parseListBody(Buffer.from('{"metadata":{}}'), identity).items, []);
    assert.deepEqual(parseListBody(Buffer.from(`${JSON.stringify({ metadata: {} }, null, 2).slice(0, -2)},\n "items": [ {"a":1} , {"a":2} ] }\n`), identity).items, [{ a: 1 }, { a: 2 }]);
  });

  it('extends a cut between nested objects with the same first key (StatefulSet volumeClaimTemplates)', () => {
    const sts = [0, 1, 2].map((i) => ({
      metadata: { name: `s-${i}` },
      spec: { volumeClaimTemplates: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }, { metadata: { name: 'c' } }] },
    }));
    assert.deepEqual(parseListBody(Buffer.from(list(sts)), identity).items, sts);
  });

  it('falls back to one JSON.parse for other shapes: items not last, items of different first keys, pretty printing', () => {
    const mixed = [{ metadata: { name: 'a' } }, { kind: 'Pod', metadata: { name: 'b' } }, { metadata: { name: 'c' } }];
    assert.deepEqual(parseListBody(Buffer.from(list(mixed)), identity).items, mixed);
    const itemsFirst = JSON.stringify({ items: pods.slice(0, 3), metadata: { continue: 'k' } });
    assert.deepEqual(decodeChunked(itemsFirst, 5), { metadata: { continue: 'k' }, items: pods.slice(0, 3) });
    const pretty = JSON.stringify(JSON.parse(list(pods.slice(0, 4))), null, 2);
    assert.deepEqual(decodeChunked(pretty, 16).items, pods.slice(0, 4));
  });

  it('falls back mid-list: the items decoded so far are kept, none is decoded twice', () => {
    const items = [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }, { kind: 'Pod', metadata: { name: 'c' } }, { metadata: { name: 'd' } }];
    for (const size of [1, 9, 1 << 20]) {
      let calls = 0;
      const raw = Buffer.from(list(items));
      const d = new ListBodyDecoder((item) => { calls++; return item; });
      for (let i = 0; i < raw.length; i += size) d.push(raw.subarray(i, i + size));
      const got = d.end();
      assert.deepEqual(got.items, items, `chunk size ${size}`);
      assert.deepEqual(got.metadata, { resourceVersion: '42', continue: 'abc' });
      assert.equal(calls, items.length, `chunk size ${size}`);
    }
  });

  it('throws on invalid JSON rather than returning a partial list', () => {
    const text = list(pods.slice(0, 3));
    assert.throws(() => parseListBody(Buffer.from(text.slice(0, -10)), identity), SyntaxError);
    assert.throws(() => parseListBody(Buffer.from(text.replace('"p-1"', '"p-1",,')), identity), SyntaxError);
    assert.throws(() => parseListBody(Buffer.from('<html>proxy error</html>'), identity), SyntaxError);
  });
});
