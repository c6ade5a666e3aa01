/** Count-aware wording for user-visible text ("1 pod", "3 pods"). Pure: no vscode, no DOM, no Node APIs. */

/** `n` (grouped: 13,340) followed by the singular `word` when n is 1, else by `many` (default: word + "s"). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${byCount(n, word, many)}`;
}

/** Just the word that agrees with `n`: `one` when n is 1, else `many` ("is"/"are", "its"/"their", "pins"/"pin"). */
export function byCount(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}
