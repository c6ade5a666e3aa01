/**
 * The `labelSelector` query string, parsed like k8s.io/apimachinery/pkg/labels (lexer, parser and the
 * same error texts), so a malformed selector gets the server's 400 message.
 */
import { isQualifiedName, isValidLabelValue } from '../validation/names';

export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export type ParsedLabelSelector = LabelRequirement[];

enum Tok { Error, EOS, ClosedPar, Comma, DoesNotExist, DoubleEquals, Equals, GreaterThan, Identifier, In, LessThan, NotEquals, NotIn, OpenPar }

const STRING_TO_TOKEN: Record<string, Tok> = {
  ')': Tok.ClosedPar, ',': Tok.Comma, '!': Tok.DoesNotExist, '==': Tok.DoubleEquals, '=': Tok.Equals,
  '>': Tok.GreaterThan, in: Tok.In, '<': Tok.LessThan, '!=': Tok.NotEquals, notin: Tok.NotIn, '(': Tok.OpenPar,
};

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) => '=!(),><'.includes(ch);

interface Item { tok: Tok; lit: string }

function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < input.length && isWhitespace(input[pos])) pos++;
    if (pos >= input.length) {
      items.push({ tok: Tok.EOS, lit: '' });
      return items;
    }
    if (isSpecial(input[pos])) {
      let buffer = '';
      let last: Item | undefined;
      while (pos < input.length && isSpecial(input[pos])) {
        buffer += input[pos];
        const t = STRING_TO_TOKEN[buffer];
        if (t !== undefined) {
          last = { tok: t, lit: buffer };
          pos++;
        } else if (last) {
          break;
        } else {
          pos++;
        }
      }
      items.push(last ?? { tok: Tok.Error, lit: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let id = '';
    while (pos < input.length && !isSpecial(input[pos]) && !isWhitespace(input[pos])) id += input[pos++];
    const t = STRING_TO_TOKEN[id];
    items.push({ tok: t === Tok.In || t === Tok.NotIn ? t : Tok.Identifier, lit: id });
  }
}

class SelectorParseError extends Error {}

class Parser {
  private pos = 0;
  constructor(private readonly items: Item[]) {}

  /** In the Values context `in`/`notin` are plain identifiers. */
  private look(values: boolean): Item {
    const it = this.items[this.pos];
    if (values && (it.tok === Tok.In || it.tok === Tok.NotIn)) return { tok: Tok.Identifier, lit: it.lit };
    return it;
  }

  private consume(values: boolean): Item {
    const it = this.look(values);
    this.pos++;
    return it;
  }

  parse(): ParsedLabelSelector {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.look(true);
      if (tok === Tok.Identifier || tok === Tok.DoesNotExist) {
        let r: LabelRequirement;
        try {
          r = this.parseRequirement();
        } catch (e) {
          throw new SelectorParseError(`unable to parse requirement: ${(e as Error).message}`);
        }
        reqs.push(r);
        const next = this.consume(true);
        if (next.tok === Tok.EOS) return sortRequirements(reqs);
        if (next.tok === Tok.Comma) {
          const after = this.look(true);
          if (after.tok !== Tok.Identifier && after.tok !== Tok.DoesNotExist) {
            throw new SelectorParseError(`found '${after.lit}', expected: identifier after ','`);
          }
        } else {
          throw new SelectorParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
        }
      } else if (tok === Tok.EOS) {
        return sortRequirements(reqs);
      } else {
        throw new SelectorParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): LabelRequirement {
    let notExists = false;
    let item = this.consume(true);
    if (item.tok === Tok.DoesNotExist) {
      notExists = true;
      item = this.consume(true);
    }
    if (item.tok !== Tok.Identifier) throw new Error(`found '${item.lit}', expected: identifier`);
    const key = item.lit;
    const keyErrs = isQualifiedName(key);
    if (keyErrs.length) throw new Error(`invalid label key "${key}": ${keyErrs.join('; ')}`);
    const ahead = this.look(true).tok;
    if (notExists || ahead === Tok.EOS || ahead === Tok.Comma) {
      return newRequirement(key, notExists ? '!' : 'exists', []);
    }
    const opItem = this.consume(false);
    const ops: Partial<Record<Tok, LabelOperator>> = {
      [Tok.In]: 'in', [Tok.Equals]: '=', [Tok.DoubleEquals]: '==', [Tok.GreaterThan]: 'gt',
      [Tok.LessThan]: 'lt', [Tok.NotIn]: 'notin', [Tok.NotEquals]: '!=',
    };
    const op = ops[opItem.tok];
    if (!op) throw new Error(`found '${opItem.lit}', expected: '=', '!=', '==', 'in', notin'`);
    const values = op === 'in' || op === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, op, [...values].sort());
  }

  private parseValues(): Set<string> {
    const open = this.consume(true);
    if (open.tok !== Tok.OpenPar) throw new Error(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.look(true);
    if (tok === Tok.Identifier || tok === Tok.Comma) {
      const s = this.parseIdentifiersList();
      if (this.consume(true).tok !== Tok.ClosedPar) throw new Error(`found '${lit}', expected: ')'`);
      return s;
    }
    if (tok === Tok.ClosedPar) {
      this.consume(true);
      return new Set(['']);
    }
    throw new Error(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      if (tok === Tok.Identifier) {
        s.add(lit);
        const next = this.look(true);
        if (next.tok === Tok.Comma) continue;
        if (next.tok === Tok.ClosedPar) return s;
        throw new Error(`found '${next.lit}', expected: ',' or ')'`);
      } else if (tok === Tok.Comma) {
        if (s.size === 0) s.add('');
        const next = this.look(true);
        if (next.tok === Tok.ClosedPar) {
          s.add('');
          return s;
        }
        if (next.tok === Tok.Comma) {
          this.consume(true);
          s.add('');
        }
      } else {
        throw new Error(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  private parseExactValue(): Set<string> {
    const ahead = this.look(true);
    if (ahead.tok === Tok.EOS || ahead.tok === Tok.Comma) return new Set(['']);
    const item = this.consume(true);
    if (item.tok === Tok.Identifier) return new Set([item.lit]);
    throw new Error(`found '${item.lit}', expected: identifier`);
  }
}

/** labels.NewRequirement's checks. */
function newRequirement(key: string, operator: LabelOperator, values: string[]): LabelRequirement {
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0) throw new Error("for 'in', 'notin' operators, values set can't be empty");
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) throw new Error("exact-match compatibility requires one single value");
      break;
    case 'exists':
    case '!':
      if (values.length !== 0) throw new Error("values set must be empty for exists and does not exist");
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1) throw new Error("for 'Gt', 'Lt' operators, exactly one value is required");
      if (!/^-?\d+$/.test(values[0])) throw new Error("for 'Gt', 'Lt' operators, the value must be an integer");
      break;
  }
  for (const v of values) {
    const errs = isValidLabelValue(v);
    if (errs.length) throw new Error(`invalid label value: "${v}": at key: "${key}": ${errs.join('; ')}`);
  }
  return { key, operator, values };
}

function sortRequirements(reqs: LabelRequirement[]): LabelRequirement[] {
  return [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Throws an Error carrying the server's message for a malformed selector. */
export function parseLabelSelector(text: string): ParsedLabelSelector {
  return new Parser(lex(text)).parse();
}

export function labelRequirementMatches(req: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = labels[req.key];
  switch (req.operator) {
    case '=':
    case '==':
    case 'in':
      return has && req.values.includes(value);
    case '!=':
    case 'notin':
      return !has || !req.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !/^-?\d+$/.test(value)) return false;
      const n = Number(value);
      const bound = Number(req.values[0]);
      return req.operator === 'gt' ? n > bound : n < bound;
    }
  }
}

export function labelsMatch(selector: ParsedLabelSelector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return selector.every((r) => labelRequirementMatches(r, l));
}
