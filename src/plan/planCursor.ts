/**
 * What the cursor is on in a plan file — a key or a value, under which keys — read from the lines and their
 * indentation, so it works while the file is half-typed and not valid YAML (completion happens exactly then).
 */
import type { Span } from './planTypes';

/** Parent keys from the top, `-` for a list item: ['spec', 'steps', '-', 'wave']. */
export type KeyPath = string[];

export type CursorContext =
  | { kind: 'key'; path: KeyPath; prefix: string; span: Span }
  | { kind: 'value'; path: KeyPath; key: string; prefix: string; span: Span; inList: boolean; listItems: string[] };

const KEY_LINE = /^(\s*)((?:-\s+)*)([A-Za-z][\w-]*)\s*:(?:\s|$)/;

interface LineInfo {
  start: number;
  text: string;
}

function lineAt(text: string, offset: number): LineInfo {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return { start, text: text.slice(start, end < 0 ? text.length : end) };
}

/** The keys that own a line whose content starts at column `limit` (its dash's column, for a list item). */
export function parentsOf(text: string, lineStart: number, limit: number): KeyPath {
  const path: KeyPath = [];
  let end = lineStart - 1;
  while (end > 0 && limit > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    end = start - 1;
    const m = KEY_LINE.exec(line);
    if (!m) continue;
    const dashCol = m[1].length;
    const keyCol = m[1].length + m[2].length;
    if (keyCol < limit) {
      path.unshift(m[3]);
      if (m[2]) path.unshift('-');
      limit = m[2] ? dashCol : keyCol;
    } else if (m[2] && dashCol < limit) {
      // A sibling key inside the same list item (`- wave:` above `  title:`).
      path.unshift('-');
      limit = dashCol;
    }
  }
  return path;
}

/** The parents of the line, and `-` when the line itself starts a list item. */
function ownersOf(text: string, lineStart: number, lead: string, dashes: string): KeyPath {
  if (!dashes) return parentsOf(text, lineStart, lead.length);
  return [...parentsOf(text, lineStart, lead.length), '-'];
}

/** In a flow mapping left open before the cursor, the key whose value the cursor is in, and where that value starts. */
function flowOwner(value: string): { key: string; valueAt: number } | undefined {
  const frames: { open: string; key?: string; valueAt?: number }[] = [];
  let quote = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{' || ch === '[') frames.push({ open: ch });
    else if (ch === '}' || ch === ']') frames.pop();
    else if (ch === ',' && frames[frames.length - 1]?.open === '{') frames[frames.length - 1] = { open: '{' };
    else if (ch === ':' && frames[frames.length - 1]?.open === '{') {
      const key = /([A-Za-z][\w-]*)\s*$/.exec(value.slice(0, i))?.[1];
      if (key) frames[frames.length - 1] = { open: '{', key, valueAt: i + 1 };
    }
  }
  const map = [...frames].reverse().find((f) => f.open === '{');
  return map?.key !== undefined && map.valueAt !== undefined ? { key: map.key, valueAt: map.valueAt } : undefined;
}

/** The context at `offset` (for completion: what could go there; for hovers: what is there). */
export function cursorContext(text: string, offset: number): CursorContext {
  const line = lineAt(text, offset);
  const col = offset - line.start;
  const before = line.text.slice(0, col);
  const dashes = /^(\s*)((?:-\s+)*)/.exec(before) ?? ['', '', ''];
  const key = /^(\s*)((?:-\s+)*)([A-Za-z][\w-]*)\s*:\s?(.*)$/.exec(line.text);
  const keyEnd = key ? key[1].length + key[2].length + key[3].length : -1;
  if (key && col > keyEnd) {
    let path = ownersOf(text, line.start, key[1], key[2]);
    let owner = key[3];
    let valueStart = line.start + line.text.indexOf(':', keyEnd) + 1;
    // A flow mapping on the line (`- wave: {namespaces: [a, |]}`): the key inside it owns the value.
    const inner = flowOwner(text.slice(valueStart, offset));
    if (inner) {
      path = [...path, owner];
      owner = inner.key;
      valueStart += inner.valueAt;
    }
    const valueText = text.slice(valueStart, offset);
    const flow = valueText.lastIndexOf('[') > valueText.lastIndexOf(']');
    const itemStart = flow ? Math.max(valueText.lastIndexOf('['), valueText.lastIndexOf(',')) + 1 : 0;
    const raw = valueText.slice(itemStart);
    const prefix = raw.replace(/^\s*["']?/, '');
    const from = offset - prefix.length;
    const rest = /^[^,\]\s"'}]*/.exec(text.slice(offset))?.[0] ?? '';
    const close = text.indexOf(']', offset);
    const listText = flow ? valueText.slice(valueText.lastIndexOf('[') + 1) + text.slice(offset, close < 0 ? offset : close) : '';
    return {
      kind: 'value', path, key: owner, prefix, span: { start: from, end: offset + rest.length }, inList: flow,
      listItems: listText.split(',').map((x) => x.trim().replace(/^["']|["']$/g, '')).filter(Boolean),
    };
  }
  const item = /^(\s*)-\s+([^:#]*)$/.exec(before);
  const indent = dashes[1].length + dashes[2].length;
  if (item && !/[:\s]/.test(item[2].trim()) && !KEY_LINE.test(line.text)) {
    // `  - a` under `namespaces:`: a block list item's value — unless the list holds mappings (steps).
    const path = parentsOf(text, line.start, item[1].length + 1);
    const owner = path[path.length - 1];
    if (owner && owner !== '-' && owner !== 'steps') {
      const prefix = item[2].replace(/^["']/, '');
      const items = blockItems(text, line.start, item[1].length);
      return { kind: 'value', path: path.slice(0, -1), key: owner, prefix, span: { start: offset - prefix.length, end: offset }, inList: true, listItems: items };
    }
  }
  const path = ownersOf(text, line.start, dashes[1], dashes[2]);
  const prefix = before.slice(indent);
  const word = /^[\w-]*/.exec(line.text.slice(col))?.[0] ?? '';
  return { kind: 'key', path, prefix, span: { start: offset - prefix.length, end: offset + word.length } };
}

/** The other `- item` values of the block list the line at `lineStart` belongs to. */
function blockItems(text: string, lineStart: number, dashAt: number): string[] {
  const out: string[] = [];
  for (const dir of [-1, 1]) {
    let pos = lineStart;
    for (;;) {
      const start = dir < 0 ? text.lastIndexOf('\n', pos - 2) + 1 : text.indexOf('\n', pos) + 1;
      if ((dir < 0 && pos === 0) || (dir > 0 && start === 0)) break;
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end < 0 ? text.length : end);
      const m = /^(\s*)-\s+(.+)$/.exec(line);
      if (!m || m[1].length !== dashAt) break;
      out.push(m[2].trim().replace(/^["']|["']$/g, ''));
      pos = start;
      if (dir > 0 && end < 0) break;
    }
  }
  return out;
}
