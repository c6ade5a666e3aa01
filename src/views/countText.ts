/**
 * Count-aware text for the VS Code layer: singular and plural are separate messages, so a translator sees two
 * whole sentences (`l10n.t('{0} pod', n)` / `l10n.t('{0} pods', n)`) instead of an English `s` suffix.
 * The count reaches the message grouped ("13,340"), as the CLI prints it.
 */
export function countText(n: number, one: (count: string) => string, many: (count: string) => string): string {
  const count = n.toLocaleString('en-US');
  return n === 1 ? one(count) : many(count);
}
