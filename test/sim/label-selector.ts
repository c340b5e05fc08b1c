// Label selectors parsed the way k8s.io/apimachinery's labels package does — its lexer (identifiers, `in`/`notin`
// keywords, the longest operator among = == != > < ! , ( )) and its recursive-descent grammar — so that a bad
// selector gets kube-apiserver's own message ("unable to parse requirement: found '', expected: ',' or ')'").
import { badRequest } from './api-error';

export interface Requirement {
  key: string;
  operator: 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';
  values: string[];
}

export type LabelSelector = Requirement[];

type Token = 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '(';
interface Item {
  token: Token;
  literal: string;
}

const OPERATORS = new Set([')', ',', '!', '==', '=', '>', '<', '!=', '(']);
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

function lex(input: string): Item[] {
  const items: Item[] = [];
  let i = 0;
  for (;;) {
    while (i < input.length && WHITESPACE.has(input[i])) i++;
    if (i >= input.length) {
      items.push({ token: 'end', literal: '' });
      return items;
    }
    if (SPECIAL.has(input[i])) {
      // The longest run of special characters that is an operator.
      let buffer = '';
      let last: Item | undefined;
      while (i < input.length && SPECIAL.has(input[i])) {
        buffer += input[i];
        if (OPERATORS.has(buffer)) {
          last = { token: buffer as Token, literal: buffer };
          i++;
        } else if (last) break;
        else i++;
      }
      items.push(last ?? { token: 'error', literal: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let word = '';
    while (i < input.length && !WHITESPACE.has(input[i]) && !SPECIAL.has(input[i])) word += input[i++];
    items.push({ token: word === 'in' || word === 'notin' ? word : 'identifier', literal: word });
  }
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** Why `key` is no qualified name (`prefix/name`), or undefined. */
function keyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
  const name = parts.at(-1) ?? '';
  if (parts.length === 2 && !parts[0]) return 'prefix part must be non-empty';
  if (parts.length === 2 && !DNS_SUBDOMAIN.test(parts[0])) return `prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
  if (!name) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 bytes';
  return QUALIFIED_NAME.test(name) ? undefined : NAME_PART;
}

class Parser {
  private position = 0;

  constructor(private readonly items: Item[]) {}

  /** In value position the keywords `in` and `notin` are plain identifiers. */
  private lookahead(values: boolean): Item {
    const item = this.items[this.position];
    return values && (item.token === 'in' || item.token === 'notin') ? { ...item, token: 'identifier' } : item;
  }

  private consume(values: boolean): Item {
    const item = this.lookahead(values);
    if (this.position < this.items.length - 1) this.position++;
    return item;
  }

  parse(): LabelSelector {
    const requirements: LabelSelector = [];
    for (;;) {
      const { token, literal } = this.lookahead(true);
      if (token === 'end') return requirements;
      if (token !== 'identifier' && token !== '!') throw new Error(`found '${literal}', expected: !, identifier, or 'end of string'`);
      try {
        requirements.push(this.requirement());
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`, { cause: e });
      }
      const next = this.consume(true);
      if (next.token === 'end') return requirements;
      if (next.token !== ',') throw new Error(`found '${next.literal}', expected: ',' or 'end of string'`);
      const after = this.lookahead(true);
      if (after.token !== 'identifier' && after.token !== '!') throw new Error(`found '${after.literal}', expected: identifier after ','`);
    }
  }

  private requirement(): Requirement {
    let item = this.consume(true);
    let operator: Requirement['operator'] | undefined;
    if (item.token === '!') {
      operator = '!';
      item = this.consume(true);
    }
    if (item.token !== 'identifier') throw new Error(`found '${item.literal}', expected: identifier`);
    const key = item.literal;
    const problem = keyProblem(key);
    if (problem) throw new Error(`key: Invalid value: "${key}": ${problem}`);
    const next = this.lookahead(true).token;
    if (operator === '!' || next === 'end' || next === ',') return { key, operator: operator ?? 'exists', values: [] };
    const op = this.consume(false);
    let values: string[];
    switch (op.token) {
      case 'in': case 'notin':
        operator = op.token;
        values = this.valueList();
        break;
      case '=': case '==': case '!=': case '>': case '<':
        operator = op.token === '!=' ? 'notin' : op.token === '>' ? 'gt' : op.token === '<' ? 'lt' : 'in';
        values = [this.exactValue()];
        break;
      default:
        throw new Error(`found '${op.literal}', expected: ${BINARY_OPERATORS}`);
    }
    values = [...new Set(values)].sort();
    if ((operator === 'gt' || operator === 'lt') && !/^-?\d+$/.test(values[0])) {
      throw new Error(`values[0]: Invalid value: "${values[0]}": for 'Gt', 'Lt' operators, the value must be an integer`);
    }
    values.forEach((v, i) => {
      if (!LABEL_VALUE.test(v) || v.length > 63) throw new Error(`values[${i}][${key}]: Invalid value: "${v}": ${v.length > 63 ? 'must be no more than 63 characters' : VALUE}`);
    });
    return { key, operator, values };
  }

  private valueList(): string[] {
    const open = this.consume(true);
    if (open.token !== '(') throw new Error(`found '${open.literal}' expected: '('`);
    const first = this.lookahead(true);
    if (first.token === ')') {
      this.consume(true);
      return [''];
    }
    if (first.token !== 'identifier' && first.token !== ',') throw new Error(`found '${first.literal}', expected: ',', ')' or identifier`);
    const values: string[] = [];
    for (;;) {
      const item = this.consume(true);
      if (item.token === 'identifier') {
        values.push(item.literal);
        const next = this.lookahead(true);
        if (next.token === ',') continue;
        if (next.token === ')') break;
        throw new Error(`found '${next.literal}', expected: ',' or ')'`);
      } else if (item.token === ',') {
        if (!values.length) values.push('');
        const next = this.lookahead(true);
        if (next.token === ')') {
          values.push('');
          break;
        }
        if (next.token === ',') {
          this.consume(true);
          values.push('');
        }
      } else throw new Error(`found '${item.literal}', expected: ',', or identifier`);
    }
    const close = this.consume(true);
    if (close.token !== ')') throw new Error(`found '${first.literal}', expected: ')'`);
    return values;
  }

  private exactValue(): string {
    const next = this.lookahead(true);
    if (next.token === 'end' || next.token === ',') return '';
    const item = this.consume(true);
    if (item.token === 'identifier') return item.literal;
    throw new Error(`found '${item.literal}', expected: identifier`);
  }
}

/** Parses `app=web,tier!=db,env in (a,b),!legacy,team,replicas>2`; a syntax error is a 400 with kube's message. */
export function parseLabelSelector(text: string | null | undefined): LabelSelector {
  if (!text) return [];
  try {
    return new Parser(lex(text)).parse();
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  return selector.every(({ key, operator, values }) => {
    const has = labels !== undefined && Object.hasOwn(labels, key);
    switch (operator) {
      case 'in': return has && values.includes(labels[key]);
      case 'notin': return !has || !values.includes(labels[key]);
      case 'exists': return has;
      case '!': return !has;
      case 'gt': case 'lt': {
        const n = Number(has ? labels[key] : NaN);
        return Number.isInteger(n) && (operator === 'gt' ? n > Number(values[0]) : n < Number(values[0]));
      }
    }
  });
}
