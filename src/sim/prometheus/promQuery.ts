/**
 * A parser for exactly the PromQL shapes the traffic gate sends (src/mesh/gateQueries.ts), not PromQL in general:
 *   sum [by (l, …)] (increase|rate(metric{matchers}[range]))
 *   histogram_quantile(q, sum by (l, …, le) (rate(metric{matchers}[range])))
 * Anything else is a parse error, answered as Prometheus answers one (400 bad_data).
 */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  label: string;
  op: MatchOp;
  value: string;
}

export interface RangeSelection {
  fn: 'increase' | 'rate';
  metric: string;
  matchers: Matcher[];
  rangeSeconds: number;
}

export interface SumQuery {
  type: 'sum';
  by: string[];
  inner: RangeSelection;
}

export interface QuantileQuery {
  type: 'quantile';
  quantile: number;
  sum: SumQuery;
}

export type GateQuery = SumQuery | QuantileQuery;

export class PromParseError extends Error {}

const SHAPES = 'the simulator evaluates only the traffic gate\'s shapes: sum by (…) (increase|rate(metric{…}[range])) and histogram_quantile(q, sum by (…, le) (rate(…[range])))';

class Tokens {
  private i = 0;
  constructor(private readonly s: string) {}

  private skip(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  fail(what: string): never {
    throw new PromParseError(`parse error at char ${this.i + 1}: ${what}; ${SHAPES}`);
  }

  peek(text: string): boolean {
    this.skip();
    return this.s.startsWith(text, this.i);
  }

  expect(text: string): void {
    if (!this.peek(text)) this.fail(`expected "${text}"`);
    this.i += text.length;
  }

  ident(): string {
    this.skip();
    const m = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(this.s.slice(this.i));
    if (!m) this.fail('expected a name');
    this.i += m[0].length;
    return m[0];
  }

  number(): number {
    this.skip();
    const m = /^\d+(\.\d+)?/.exec(this.s.slice(this.i));
    if (!m) this.fail('expected a number');
    this.i += m[0].length;
    return Number(m[0]);
  }

  string(): string {
    this.skip();
    const quote = this.s[this.i];
    if (quote !== '"' && quote !== "'") this.fail('expected a string');
    let out = '';
    for (this.i++; this.i < this.s.length; this.i++) {
      const c = this.s[this.i];
      if (c === quote) {
        this.i++;
        return out;
      }
      if (c === '\\') {
        const next = this.s[++this.i];
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      } else out += c;
    }
    return this.fail('unterminated string');
  }

  op(): MatchOp {
    this.skip();
    for (const op of ['=~', '!~', '!=', '='] as const) {
      if (this.s.startsWith(op, this.i)) {
        this.i += op.length;
        return op;
      }
    }
    return this.fail('expected =, !=, =~ or !~');
  }

  duration(): number {
    this.skip();
    const m = /^((\d+)h)?((\d+)m(?!s))?((\d+)s)?/.exec(this.s.slice(this.i));
    if (!m || m[0] === '') this.fail('expected a duration such as 60s or 5m');
    this.i += m[0].length;
    return Number(m[2] ?? 0) * 3600 + Number(m[4] ?? 0) * 60 + Number(m[6] ?? 0);
  }

  end(): void {
    this.skip();
    if (this.i < this.s.length) this.fail(`unexpected "${this.s.slice(this.i, this.i + 20)}"`);
  }
}

function labelList(t: Tokens): string[] {
  t.expect('(');
  const out: string[] = [];
  while (!t.peek(')')) {
    out.push(t.ident());
    if (!t.peek(')')) t.expect(',');
  }
  t.expect(')');
  return out;
}

function rangeSelection(t: Tokens): RangeSelection {
  const fn = t.ident();
  if (fn !== 'increase' && fn !== 'rate') t.fail(`unsupported function ${fn}`);
  t.expect('(');
  const metric = t.ident();
  const matchers: Matcher[] = [];
  if (t.peek('{')) {
    t.expect('{');
    while (!t.peek('}')) {
      const label = t.ident();
      const op = t.op();
      const value = t.string();
      if (op === '=~' || op === '!~') {
        try {
          new RegExp(`^(?:${value})$`);
        } catch {
          t.fail(`invalid regular expression ${JSON.stringify(value)}`);
        }
      }
      matchers.push({ label, op, value });
      if (!t.peek('}')) t.expect(',');
    }
    t.expect('}');
  }
  t.expect('[');
  const rangeSeconds = t.duration();
  if (rangeSeconds <= 0) t.fail('the range must be positive');
  t.expect(']');
  t.expect(')');
  return { fn: fn as RangeSelection['fn'], metric, matchers, rangeSeconds };
}

function sum(t: Tokens): SumQuery {
  if (t.ident() !== 'sum') t.fail('expected sum');
  const by = t.peek('by') ? (t.ident(), labelList(t)) : [];
  t.expect('(');
  const inner = rangeSelection(t);
  t.expect(')');
  return { type: 'sum', by, inner };
}

export function parseGateQuery(query: string): GateQuery {
  const t = new Tokens(query);
  let parsed: GateQuery;
  if (t.peek('histogram_quantile')) {
    t.ident();
    t.expect('(');
    const quantile = t.number();
    t.expect(',');
    const inner = sum(t);
    t.expect(')');
    if (inner.inner.fn !== 'rate' || !inner.by.includes('le')) t.fail('histogram_quantile needs sum by (…, le) (rate(…))');
    parsed = { type: 'quantile', quantile, sum: inner };
  } else {
    parsed = sum(t);
  }
  t.end();
  return parsed;
}

export function matches(m: Matcher, labels: Record<string, string>): boolean {
  const v = labels[m.label] ?? '';
  switch (m.op) {
    case '=':
      return v === m.value;
    case '!=':
      return v !== m.value;
    case '=~':
      return new RegExp(`^(?:${m.value})$`).test(v);
    case '!~':
      return !new RegExp(`^(?:${m.value})$`).test(v);
  }
}
