/**
 * The links and images of a Markdown file, as GitHub and vsce read them: inline `[text](target)` and
 * `![alt](src)`, reference definitions `[label]: target`, HTML `<a href>` and `<img src>`. Code (fenced blocks and
 * inline spans) is skipped: a link shown as an example is not a link.
 */
export interface MarkdownLink {
  target: string;
  image: boolean;
  line: number;
}

const IMAGE = /!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const LINK = /(?<!!)\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+["'(].*)?$/;
const HTML_IMAGE = /<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi;
const HTML_LINK = /<a\b[^>]*\bhref\s*=\s*["']([^"']+)["']/gi;

/** The lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, i) => {
    const mark = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence) {
      if (mark && mark[0] === fence[0] && mark.length >= fence.length) fence = undefined;
    } else if (mark) {
      fence = mark;
    } else {
      lines.push({ text, line: i + 1 });
    }
  });
  return lines;
}

export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { text: raw, line } of proseLines(markdown)) {
    const text = raw.replace(/(`+)(?:(?!\1).)+?\1/g, (m) => ' '.repeat(m.length));
    const add = (re: RegExp, image: boolean): void => {
      for (const m of text.matchAll(re)) links.push({ target: m[1], image, line });
    };
    add(IMAGE, true);
    add(LINK, false);
    add(HTML_IMAGE, true);
    add(HTML_LINK, false);
    const def = DEFINITION.exec(text);
    if (def) links.push({ target: def[1], image: /\.(png|jpe?g|gif|svg|webp)$/i.test(def[1]), line });
  }
  return links;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped (letters, digits, `-`, `_` kept), spaces → `-`. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown file offers: its headings' slugs (repeats get -1, -2 …) and explicit `<a id|name>`. */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    for (const m of text.matchAll(/<a\b[^>]*\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) anchors.add(m[1]);
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const slug = headingSlug(heading);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}
