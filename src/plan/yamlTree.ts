/**
 * A YAML document as a small tree that keeps where each node is in the text, for diagnostics, hovers and quick
 * fixes. Built from js-yaml's own event stream (`parseEvents`: offsets into the source), so the positions and the
 * parse are the same parser's; js-yaml's `load` keeps no positions.
 */
import { EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event } from 'js-yaml';

/** Offsets into the text: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface ScalarNode {
  kind: 'scalar';
  value: string;
  /** Plain (unquoted, not a block scalar): only these can mean null, a number or a boolean. */
  plain: boolean;
  /** An absent value (`key:` with nothing after it): `span` is an empty span after the key. */
  empty: boolean;
  span: Span;
}

export interface MapEntry {
  key: YNode;
  value: YNode;
}

export interface MapNode {
  kind: 'map';
  entries: MapEntry[];
  flow: boolean;
  span: Span;
}

export interface SeqNode {
  kind: 'seq';
  items: YNode[];
  flow: boolean;
  span: Span;
}

export interface AliasNode {
  kind: 'alias';
  span: Span;
}

export type YNode = ScalarNode | MapNode | SeqNode | AliasNode;

export type YamlTree =
  | { ok: true; root: YNode | undefined }
  | { ok: false; message: string; offset: number };

interface Open {
  node: MapNode | SeqNode;
  pendingKey?: YNode;
}

function nodeEnd(n: YNode): number {
  return n.span.end;
}

/** Parses one YAML document; a syntax error, a second document or an alias is reported with its offset. */
export function parseYamlTree(text: string): YamlTree {
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch (e) {
    const mark = (e as { mark?: { position?: number } }).mark;
    const reason = (e as { reason?: string }).reason ?? (e instanceof Error ? e.message : String(e));
    return { ok: false, message: `not valid YAML: ${reason}`, offset: Math.max(0, Math.min(text.length, mark?.position ?? 0)) };
  }
  const stack: Open[] = [];
  let root: YNode | undefined;
  let documents = 0;
  let lastEnd = 0;
  const attach = (n: YNode): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = n;
      return;
    }
    if (top.node.kind === 'seq') {
      top.node.items.push(n);
    } else if (top.pendingKey === undefined) {
      top.pendingKey = n;
    } else {
      top.node.entries.push({ key: top.pendingKey, value: n });
      top.pendingKey = undefined;
    }
    top.node.span.end = Math.max(top.node.span.end, nodeEnd(n));
  };
  for (const e of events) {
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        documents++;
        if (documents > 1) return { ok: false, message: 'a plan file holds one YAML document: remove the second `---` and what follows', offset: lastEnd };
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const span = { start: e.start, end: e.start };
        const flow = e.style === 2;
        const node: MapNode | SeqNode = e.type === EVENT_ID.MAPPING ? { kind: 'map', entries: [], flow, span } : { kind: 'seq', items: [], flow, span };
        stack.push({ node });
        break;
      }
      case EVENT_ID.SCALAR: {
        const empty = e.valueStart < 0;
        const at = empty ? lastEnd : e.valueStart;
        const node: ScalarNode = {
          kind: 'scalar', value: empty ? '' : getScalarValue(text, e), plain: e.style === SCALAR_STYLE.PLAIN, empty,
          span: { start: at, end: empty ? at : e.valueEnd },
        };
        lastEnd = node.span.end;
        attach(node);
        break;
      }
      case EVENT_ID.ALIAS:
        return { ok: false, message: 'aliases (*name) are not supported in a plan file: write the value out', offset: e.anchorStart };
      case EVENT_ID.POP: {
        const open = stack.pop();
        if (!open) break;
        // A flow collection ends at its closing bracket: find it after the last child.
        if (open.node.flow) {
          const close = text.indexOf(open.node.kind === 'map' ? '}' : ']', Math.max(open.node.span.end, open.node.span.start));
          if (close >= 0) open.node.span.end = close + 1;
        }
        lastEnd = Math.max(lastEnd, open.node.span.end);
        attach(open.node);
        break;
      }
    }
  }
  return { ok: true, root };
}

/** `null`, `~` or nothing, written plain. */
export function isNull(n: YNode | undefined): boolean {
  return !n || (n.kind === 'scalar' && n.plain && (n.empty || n.value === '' || n.value === '~' || n.value === 'null' || n.value === 'Null' || n.value === 'NULL'));
}

/** The entry of `key` in a mapping (the first one). */
export function entryOf(map: MapNode, key: string): MapEntry | undefined {
  return map.entries.find((e) => e.key.kind === 'scalar' && e.key.value === key);
}

export function keyText(e: MapEntry): string | undefined {
  return e.key.kind === 'scalar' ? e.key.value : undefined;
}

/** 0-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart };
}
