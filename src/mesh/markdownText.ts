/**
 * Cluster strings (names, annotations, kubeconfig context names) in generated Markdown reports: they must render as
 * the text they are, never as HTML, links, emphasis or table structure.
 */

/** Escapes what Markdown would interpret (HTML, links, emphasis, code, table pipes); a line break becomes a space. */
export function mdText(text: string): string {
  return text.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

/** An inline code span that holds any text: a fence longer than the longest backtick run inside it. */
export function mdCode(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced code block that no line of `lines` can close (a fence longer than any backtick run in them). */
export function mdCodeBlock(language: string, lines: readonly string[]): string[] {
  const longest = Math.max(2, ...lines.flatMap((l) => l.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${language}`, ...lines, fence];
}
