import { strict as assert } from 'node:assert';
import { safeIo, terminalSafe } from '../../../src/cli/terminalText';

describe('terminalSafe', () => {
  it('shows ESC/CSI/OSC sequences, C0 and C1 controls, DEL and bidi controls as \\uXXXX', () => {
    assert.equal(terminalSafe('\u001b[31mred\u001b[0m'), '\\u001b[31mred\\u001b[0m');
    assert.equal(terminalSafe('\u001b]0;title\u0007'), '\\u001b]0;title\\u0007');
    assert.equal(terminalSafe('a\rb\u0008c\u007fd'), 'a\\u000db\\u0008c\\u007fd');
    assert.equal(terminalSafe('\u009b2J\u0085'), '\\u009b2J\\u0085');
    assert.equal(terminalSafe('abc\u202edcba\u2066x\u2069\u200f\u061c'), 'abc\\u202edcba\\u2066x\\u2069\\u200f\\u061c');
  });

  it('keeps newlines, tabs and every printable character, Unicode included', () => {
    const text = 'NAMESPACE\tSTATE\n  a → 1-8-0 · ✔ ünïcode 日本 <b>&amp;</b>';
    assert.equal(terminalSafe(text), text);
  });

  it('keeps JSON valid and its values unchanged (JSON.stringify leaves DEL, C1 and bidi raw)', () => {
    const value = { name: 'x\u007f\u009b\u202e\u001b[2J', n: 1 };
    const safe = terminalSafe(JSON.stringify(value, null, 2));
    assert.doesNotMatch(safe, /[\u007f-\u009f\u202e\u001b]/);
    assert.deepEqual(JSON.parse(safe), value);
  });

  it('safeIo applies it to both streams', () => {
    const seen: string[] = [];
    const io = safeIo({ out: (t) => seen.push(`out:${t}`), err: (t) => seen.push(`err:${t}`) });
    io.out('\u001b[2J');
    io.err('\u009b');
    assert.deepEqual(seen, ['out:\\u001b[2J', 'err:\\u009b']);
  });
});
