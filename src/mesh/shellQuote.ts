/**
 * Shell text for commands we show or copy (never run: runs use argument arrays). POSIX single quotes: inside them
 * nothing is special, and a quote is written as '\'' (close, escaped quote, reopen). A newline stays literal inside
 * the quotes, which is still one argument to sh.
 */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(arg: string): string {
  if (PLAIN.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** `kubectl --context 'a b' …`: each argument quoted when it needs it, joined by spaces. */
export function shellCommand(args: readonly string[]): string {
  return args.map(shellQuote).join(' ');
}

/** Control characters (newline and tab too), DEL, C1 and bidi controls: typed into a terminal they act, not print. */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Why these commands must not be typed into a terminal (sendText), or undefined when they may: quoting keeps an
 * argument one word for sh, but a Ctrl-C, an escape sequence or a line break inside it would still drive the
 * terminal or the line editor before sh sees the line.
 */
export function terminalProblem(commands: readonly (readonly string[])[]): string | undefined {
  for (const argv of commands) {
    const bad = argv.find((a) => TERMINAL_UNSAFE.test(a));
    if (bad !== undefined) return `an argument holds a control character (${JSON.stringify(bad).slice(0, 60)}): copy the command instead`;
  }
  return undefined;
}
