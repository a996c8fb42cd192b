// The syntax of formulas: a Pratt parser with Notion's operator precedence, from lowest to
// highest (the formula reference's table): `? :` (right), `or`/`||`, `and`/`&&`, `==` `!=`,
// `>` `>=` `<` `<=` (neither of these two levels chains), `+` `-`, `*` `/` `%`, unary `-` `+`,
// `^` (right), `not`/`!`, then calls, `.method()` calls and parentheses.
import { tokenize, type Token } from './lexer.js';
import { LIMITS } from './limits.js';
import { FormulaError } from './types.js';

export type Node =
  | { k: 'number'; value: number; start: number; end: number }
  | { k: 'string'; value: string; start: number; end: number }
  | { k: 'boolean'; value: boolean; start: number; end: number }
  | { k: 'list'; items: Node[]; start: number; end: number }
  /** A name: `current`, `index`, a `let` variable, or the constants `pi` and `e`. */
  | { k: 'name'; name: string; start: number; end: number }
  /**
   * `prop("Name")` or a stored reference, on this page or (`target`) on a page a relation holds.
   * `start`/`end` span the reference itself, which stored expressions replace by the id form.
   */
  | { k: 'prop'; target?: Node; key: { name: string } | { id: string }; start: number; end: number }
  /** `f(a, b)`, and `a.f(b)` which means `f(a, b)`. */
  | { k: 'call'; name: string; args: Node[]; start: number; end: number }
  | { k: 'unary'; op: '-' | '+' | 'not'; operand: Node; start: number; end: number }
  | { k: 'binary'; op: BinaryOp; left: Node; right: Node; start: number; end: number }
  | { k: 'conditional'; test: Node; then: Node; otherwise: Node; start: number; end: number };

export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '^' | '==' | '!=' | '>' | '>=' | '<' | '<=' | 'and' | 'or';

const span = (token: Token) => `[${token.start},${token.end}]`;

const tooDeep = (start: number, end: number) => new FormulaError(`Formula is nested too deeply: more than ${LIMITS.depth} levels [${start},${end}]`);

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  /** `read` one level deeper: the parser recurses as deep as the expression nests, so nesting is bounded. */
  private nested<N>(read: () => N): N {
    if (++this.depth > LIMITS.depth) {
      const t = this.peek();
      throw tooDeep(t.start, t.end);
    }
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    return this.tokens[this.i++]!;
  }

  private isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.text === text;
  }

  private isWord(text: string): boolean {
    const t = this.peek();
    return t.kind === 'name' && t.text === text;
  }

  private expectOp(text: string): Token {
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== text) throw unexpected(t, `"${text}"`);
    return this.next();
  }

  parse(): Node {
    if (this.peek().kind === 'eof') throw new FormulaError('Formula is empty [0,0]');
    const node = this.conditional();
    const t = this.peek();
    if (t.kind !== 'eof') throw unexpected(t);
    return node;
  }

  private conditional(): Node {
    return this.nested(() => this.ternary());
  }

  private ternary(): Node {
    const test = this.or();
    if (!this.isOp('?')) return test;
    this.next();
    const then = this.conditional();
    this.expectOp(':');
    const otherwise = this.conditional();
    return { k: 'conditional', test, then, otherwise, start: test.start, end: otherwise.end };
  }

  private or(): Node {
    let left = this.and();
    while (this.isOp('||') || this.isWord('or')) {
      this.next();
      const right = this.and();
      left = { k: 'binary', op: 'or', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private and(): Node {
    let left = this.equality();
    while (this.isOp('&&') || this.isWord('and')) {
      this.next();
      const right = this.equality();
      left = { k: 'binary', op: 'and', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  /** Equality and comparison do not chain: `1 < x < 5` is a syntax error, as in Notion. */
  private nonChaining(ops: string[], operand: () => Node): Node {
    const left = operand();
    const t = this.peek();
    if (t.kind !== 'op' || !ops.includes(t.text)) return left;
    this.next();
    const right = operand();
    const after = this.peek();
    if (after.kind === 'op' && ops.includes(after.text)) throw unexpected(after);
    return { k: 'binary', op: t.text as BinaryOp, left, right, start: left.start, end: right.end };
  }

  private equality(): Node {
    return this.nonChaining(['==', '!='], () => this.comparison());
  }

  private comparison(): Node {
    return this.nonChaining(['>', '>=', '<', '<='], () => this.additive());
  }

  private additive(): Node {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.next().text as BinaryOp;
      const right = this.multiplicative();
      left = { k: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private multiplicative(): Node {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const op = this.next().text as BinaryOp;
      const right = this.unary();
      left = { k: 'binary', op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Node {
    if (this.isOp('-') || this.isOp('+')) {
      const t = this.next();
      const operand = this.nested(() => this.unary());
      return { k: 'unary', op: t.text as '-' | '+', operand, start: t.start, end: operand.end };
    }
    return this.power();
  }

  /** `^` binds tighter than unary minus (`-2^2` is -4) and groups to the right. */
  private power(): Node {
    const base = this.not();
    if (!this.isOp('^')) return base;
    this.next();
    const exponent = this.unary();
    return { k: 'binary', op: '^', left: base, right: exponent, start: base.start, end: exponent.end };
  }

  private not(): Node {
    if (this.isOp('!') || (this.isWord('not') && !this.isCallAhead())) {
      const t = this.next();
      const operand = this.nested(() => this.not());
      return { k: 'unary', op: 'not', operand, start: t.start, end: operand.end };
    }
    return this.postfix();
  }

  /** `not(x)` is the function; `not x` the operator. Both mean the same. */
  private isCallAhead(): boolean {
    const after = this.tokens[this.i + 1];
    return after?.kind === 'op' && after.text === '(';
  }

  private postfix(): Node {
    let node = this.primary();
    while (this.isOp('.')) {
      this.next();
      const t = this.next();
      if (t.kind === 'ref') {
        node = { k: 'prop', target: node, key: { id: t.value as string }, start: t.start, end: t.end };
        continue;
      }
      if (t.kind !== 'name') throw unexpected(t, 'a function name');
      const args = this.isOp('(') ? this.args() : { items: [], end: t.end };
      if (t.text === 'prop') {
        node = { k: 'prop', target: node, key: propKey(args.items, t), start: t.start, end: args.end };
        continue;
      }
      node = { k: 'call', name: t.text, args: [node, ...args.items], start: node.start, end: args.end };
    }
    return node;
  }

  private args(): { items: Node[]; end: number } {
    this.expectOp('(');
    const items: Node[] = [];
    if (!this.isOp(')')) {
      for (;;) {
        items.push(this.conditional());
        if (this.isOp(',')) {
          this.next();
          continue;
        }
        break;
      }
    }
    const close = this.expectOp(')');
    return { items, end: close.end };
  }

  private primary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { k: 'number', value: t.value as number, start: t.start, end: t.end };
      case 'string':
        return { k: 'string', value: t.value as string, start: t.start, end: t.end };
      case 'ref':
        return { k: 'prop', key: { id: t.value as string }, start: t.start, end: t.end };
      case 'op':
        if (t.text === '(') {
          const inner = this.conditional();
          this.expectOp(')');
          return inner;
        }
        if (t.text === '[') {
          const items: Node[] = [];
          if (!this.isOp(']')) {
            for (;;) {
              items.push(this.conditional());
              if (!this.isOp(',')) break;
              this.next();
            }
          }
          const close = this.expectOp(']');
          return { k: 'list', items, start: t.start, end: close.end };
        }
        throw unexpected(t);
      case 'name': {
        if (t.text === 'true' || t.text === 'false') return { k: 'boolean', value: t.text === 'true', start: t.start, end: t.end };
        if (!this.isOp('(')) return { k: 'name', name: t.text, start: t.start, end: t.end };
        const args = this.args();
        if (t.text === 'prop') return { k: 'prop', key: propKey(args.items, t), start: t.start, end: args.end };
        return { k: 'call', name: t.text, args: args.items, start: t.start, end: args.end };
      }
      default:
        throw unexpected(t);
    }
  }
}

function propKey(args: Node[], at: Token): { name: string } {
  const [name] = args;
  if (args.length !== 1 || name?.k !== 'string') throw new FormulaError(`prop() expects the name of a property as text ${span(at)}`);
  return { name: name.value };
}

function unexpected(t: Token, expected?: string): FormulaError {
  const found = t.kind === 'eof' ? 'end of formula' : `"${t.text}"`;
  return new FormulaError(`${expected ? `Expected ${expected} but found` : 'Unexpected'} ${found} ${span(t)}`);
}

/** The nodes a node is made of. */
function children(node: Node): Node[] {
  switch (node.k) {
    case 'list':
      return node.items;
    case 'prop':
      return node.target ? [node.target] : [];
    case 'call':
      return node.args;
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'conditional':
      return [node.test, node.then, node.otherwise];
    default:
      return [];
  }
}

/**
 * Chains the parser reads in a loop (`a + b + c`, `x.f().g()`) nest in the tree all the same, and
 * type checking and evaluation recurse through the tree: its depth is bounded too (walked without
 * recursion).
 */
function checkDepth(root: Node): void {
  const stack: Array<[Node, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > LIMITS.depth) throw tooDeep(node.start, node.end);
    for (const child of children(node)) stack.push([child, depth + 1]);
  }
}

export function parse(source: string): Node {
  const root = new Parser(tokenize(source)).parse();
  checkDepth(root);
  return root;
}
