/** Markdown escaping for tree tooltips (reports use src/mesh/markdownText.ts): cluster strings render as text. */

/** Escapes Markdown so cluster-provided names render as text in tooltips. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}
