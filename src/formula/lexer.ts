// Tokens of a formula: numbers, "text" (with \" \\ \n \t escapes), names, operators, and the
// property references Notion writes into stored expressions
// (`{{notion:block_property:<id>:<uuid>:<uuid>}}`). Comments (`/* ... */`, `// ...`) and white
// space are skipped.
import { FormulaError } from './types.js';

export type TokenKind = 'number' | 'string' | 'name' | 'ref' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  text: string;
  /** The number, the text with escapes resolved, or the referenced property id (decoded). */
  value: string | number;
  start: number;
  end: number;
}

const OPERATORS = ['==', '!=', '>=', '<=', '&&', '||', '+', '-', '*', '/', '%', '^', '>', '<', '!', '?', ':', '(', ')', '[', ']', ',', '.'];
// Sticky patterns read at the current position, so tokenizing stays linear in the expression.
const REF = /\{\{notion:block_property:([^:}]+):([0-9a-fA-F-]+):([0-9a-fA-F-]+)\}\}/y;
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

function readAt(pattern: RegExp, source: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(source);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (source.startsWith('/*', i)) {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) throw new FormulaError(`Unterminated comment [${i},${source.length}]`);
      i = close + 2;
      continue;
    }
    if (source.startsWith('//', i)) {
      const close = source.indexOf('\n', i);
      i = close < 0 ? source.length : close + 1;
      continue;
    }
    const ref = readAt(REF, source, i);
    if (ref) {
      let id: string;
      try {
        id = decodeURIComponent(ref[1]!);
      } catch {
        id = ref[1]!;
      }
      tokens.push({ kind: 'ref', text: ref[0], value: id, start: i, end: i + ref[0].length });
      i += ref[0].length;
      continue;
    }
    if (c === '"') {
      const parts: string[] = [];
      let j = i + 1;
      for (;;) {
        if (j >= source.length) throw new FormulaError(`Unterminated string [${i},${source.length}]`);
        const d = source[j]!;
        if (d === '"') break;
        if (d === '\\' && j + 1 < source.length) {
          const e = source[j + 1]!;
          parts.push(e === 'n' ? '\n' : e === 't' ? '\t' : e);
          j += 2;
          continue;
        }
        parts.push(d);
        j++;
      }
      tokens.push({ kind: 'string', text: source.slice(i, j + 1), value: parts.join(''), start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    const number = readAt(NUMBER, source, i);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), start: i, end: i + number[0].length });
      i += number[0].length;
      continue;
    }
    const name = readAt(NAME, source, i);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], value: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (!op) throw new FormulaError(`Invalid character "${c}" [${i},${i + 1}]`);
    tokens.push({ kind: 'op', text: op, value: op, start: i, end: i + op.length });
    i += op.length;
  }
  tokens.push({ kind: 'eof', text: '', value: '', start: source.length, end: source.length });
  return tokens;
}
