/** Markdown escaping for tooltips: cluster-provided strings render as text. */

/** Escapes Markdown so cluster-provided names render as text in tooltips. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}
