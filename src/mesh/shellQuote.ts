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
