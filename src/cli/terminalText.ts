/**
 * What the CLI prints goes through `terminalSafe` (safeIo below, applied by main()): a cluster string or an argument must never
 * drive the terminal. ESC/CSI/OSC sequences, other C0 and C1 controls, DEL, and the bidi controls that reorder what a
 * reader sees (Trojan Source) are shown as `\uXXXX` instead. Newline and tab stay: they are our own layout.
 *
 * The escape is JSON's own: in `-o json` output these characters can only stand inside strings (JSON.stringify
 * already escapes C0, but not DEL, C1 or bidi controls), so the text stays valid JSON with the same values.
 */
import type { CliIo } from './cliTypes';

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The CLI's output boundary: everything main() prints passes through terminalSafe. */
export function safeIo(io: CliIo): CliIo {
  return { out: (t) => io.out(terminalSafe(t)), err: (t) => io.err(terminalSafe(t)) };
}
