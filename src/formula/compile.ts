// Type checking and evaluation of a parsed formula. `compile` checks every node once against the
// schema (so a formula that cannot be typed is refused when the schema is written, as Notion
// refuses it) and returns closures that evaluate it for a page. Types follow formulas 2.0: no
// implicit conversion except text + value (which is text), `+x` (a number), and the text
// arguments of `test`, `match`, `replace` and `replaceAll`. An empty number counts as 0 in
// arithmetic; other functions given an empty number or date are empty themselves.
import { FUNCTIONS, compare, equals, isEmpty, type Library } from './functions.js';
import { Budget, LIMITS } from './limits.js';
import type { Node } from './parser.js';
import { toText } from './text.js';
import { assignable, FormulaError, isDate, T, typeName, unify, type FormulaType, type PageScope, type Value } from './types.js';

export interface PropertyRef {
  id: string;
  name: string;
  type: FormulaType;
}

/** What a formula may read: the properties of its own data source (null) and of related ones. */
export interface SchemaEnv {
  property(dataSourceId: string | null, key: { name: string } | { id: string }): PropertyRef | undefined;
}

export interface EvalContext {
  page: PageScope | undefined;
  /** `now()`, in milliseconds: formulas are evaluated when they are read. */
  now: number;
  /** What this evaluation may still spend (src/formula/limits.ts). */
  budget: Budget;
}

export interface Frame {
  ctx: EvalContext;
  vars: Map<string, Value>;
}

export type Run = (frame: Frame) => Value;

interface Compiled {
  type: FormulaType;
  run: Run;
}

export interface Reference {
  /** The span of the reference in the source: `prop("Name")` or a stored id reference. */
  start: number;
  end: number;
  /** null: the formula's own data source. */
  dataSourceId: string | null;
  property: PropertyRef;
}

export interface CompiledFormula {
  type: FormulaType;
  references: Reference[];
  /**
   * The formula's value for a page; a runtime error or a bound exceeded makes it empty, as a cell
   * with an error shows nothing. `shared`: the budget of the whole read, charged too.
   */
  evaluate(page: PageScope | undefined, now: number, shared?: Budget): Value;
}

const at = (node: Node) => `[${node.start},${node.end}]`;
export const typeError = (message: string, node: Node) => new FormulaError(`${message} ${at(node)}`, 'type');

interface Scope {
  env: SchemaEnv;
  vars: Map<string, FormulaType>;
  references: Reference[];
  library: Library;
}

const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };

function expectType(c: Compiled, expected: FormulaType, what: string, node: Node): void {
  if (!assignable(c.type, expected)) throw typeError(`${what} expects ${typeName(expected)}, but got ${typeName(c.type)}`, node);
}

const num = (v: Value): number => (typeof v === 'number' ? v : 0);

function binary(node: Extract<Node, { k: 'binary' }>, scope: Scope): Compiled {
  const left = compileNode(node.left, scope);
  const right = compileNode(node.right, scope);
  const lt = left.type.kind;
  const rt = right.type.kind;
  const l = left.run;
  const r = right.run;
  switch (node.op) {
    case 'and':
    case 'or':
      expectType(left, T.boolean, `"${node.op}"`, node.left);
      expectType(right, T.boolean, `"${node.op}"`, node.right);
      return node.op === 'and'
        ? { type: T.boolean, run: (f) => l(f) === true && r(f) === true }
        : { type: T.boolean, run: (f) => l(f) === true || r(f) === true };
    case '==':
    case '!=': {
      if (!unify(left.type, right.type)) throw typeError(`Cannot compare ${typeName(left.type)} and ${typeName(right.type)}`, node);
      const same = node.op === '==';
      return { type: T.boolean, run: (f) => equals(l(f), r(f)) === same };
    }
    case '>':
    case '>=':
    case '<':
    case '<=': {
      const type = unify(left.type, right.type);
      if (!type || !['number', 'string', 'boolean', 'date', 'any'].includes(type.kind)) {
        throw typeError(`Cannot compare ${typeName(left.type)} and ${typeName(right.type)}`, node);
      }
      const test = { '>': (c: number) => c > 0, '>=': (c: number) => c >= 0, '<': (c: number) => c < 0, '<=': (c: number) => c <= 0 }[node.op];
      return {
        type: T.boolean,
        run: (f) => {
          const c = compare(l(f), r(f));
          return c !== undefined && test(c);
        },
      };
    }
    case '+': {
      if (lt === 'string' || rt === 'string') {
        // Text + any value is text (formulas 2.0); lists are not added to text.
        if (lt === 'list' || rt === 'list') throw typeError(`Cannot add ${typeName(left.type)} and ${typeName(right.type)}`, node);
        return {
          type: T.string,
          run: (f) => {
            const [a, b] = [toText(l(f)), toText(r(f))];
            f.ctx.budget.text(a.length + b.length);
            return a + b;
          },
        };
      }
      if (!assignable(left.type, T.number) || !assignable(right.type, T.number)) {
        throw typeError(`Cannot add ${typeName(left.type)} and ${typeName(right.type)}`, node);
      }
      return { type: T.number, run: (f) => num(l(f)) + num(r(f)) };
    }
    default: {
      expectType(left, T.number, `"${node.op}"`, node.left);
      expectType(right, T.number, `"${node.op}"`, node.right);
      const op = node.op;
      return {
        type: T.number,
        run: (f) => {
          const a = num(l(f));
          const b = num(r(f));
          switch (op) {
            case '-':
              return a - b;
            case '*':
              return a * b;
            case '/':
              if (b === 0) throw new FormulaError('Division by zero', 'runtime');
              return a / b;
            case '%':
              if (b === 0) throw new FormulaError('Division by zero', 'runtime');
              return a % b;
            default:
              return a ** b;
          }
        },
      };
    }
  }
}

/** `current` and `index` inside the second argument of `map`, `filter`, ... */
function lambda(body: Node, itemType: FormulaType, scope: Scope): Compiled {
  const vars = new Map(scope.vars);
  vars.set('current', itemType);
  vars.set('index', T.number);
  return compileNode(body, { ...scope, vars });
}

function each(list: Value, fn: (item: Value, index: number, vars: Map<string, Value>) => void, frame: Frame): void {
  const items = Array.isArray(list) ? list : [];
  const vars = new Map(frame.vars);
  items.forEach((item, i) => {
    vars.set('current', item);
    vars.set('index', i);
    fn(item, i, vars);
  });
}

const LIST_FUNCTIONS = new Set(['map', 'filter', 'find', 'findIndex', 'some', 'every', 'count', 'sort']);

/** Functions whose arguments are not all evaluated first: conditions, bindings and list callbacks. */
type Call = Extract<Node, { k: 'call' }>;

/** A check that a call has `min` to `max` arguments. */
const arityOf =
  (node: Call) =>
  (min: number, max = min) => {
    const { name, args } = node;
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      throw typeError(`${name}() expects ${expected} argument${min === 1 && max === 1 ? '' : 's'}, but got ${args.length}`, node);
    }
  };

function special(node: Call, scope: Scope): Compiled | undefined {
  const { name, args } = node;
  const arity = arityOf(node);
  switch (name) {
    case 'if': {
      arity(3);
      return conditional(args[0]!, args[1]!, args[2]!, node, scope);
    }
    case 'ifs': {
      arity(3, Infinity);
      if (args.length % 2 === 0) throw typeError('ifs() expects pairs of conditions and values, then a default value', node);
      const tests: Compiled[] = [];
      const values: Compiled[] = [];
      for (let i = 0; i + 1 < args.length; i += 2) {
        const test = compileNode(args[i]!, scope);
        expectType(test, T.boolean, 'ifs()', args[i]!);
        tests.push(test);
        values.push(compileNode(args[i + 1]!, scope));
      }
      const otherwise = compileNode(args[args.length - 1]!, scope);
      let type = otherwise.type;
      for (const v of values) {
        const u = unify(type, v.type);
        if (!u) throw typeError(`ifs() values must all be of one type, but got ${typeName(type)} and ${typeName(v.type)}`, node);
        type = u;
      }
      return {
        type,
        run: (f) => {
          for (let i = 0; i < tests.length; i++) if (tests[i]!.run(f) === true) return values[i]!.run(f);
          return otherwise.run(f);
        },
      };
    }
    case 'and':
    case 'or': {
      arity(1, Infinity);
      const parts = args.map((a) => {
        const c = compileNode(a, scope);
        expectType(c, T.boolean, `${name}()`, a);
        return c.run;
      });
      return name === 'and'
        ? { type: T.boolean, run: (f) => parts.every((p) => p(f) === true) }
        : { type: T.boolean, run: (f) => parts.some((p) => p(f) === true) };
    }
    case 'let':
    case 'lets': {
      if (name === 'let') arity(3);
      else arity(3, Infinity);
      if (args.length % 2 === 0) throw typeError(`${name}() expects pairs of names and values, then an expression`, node);
      const vars = new Map(scope.vars);
      const bindings: Array<{ name: string; run: Run }> = [];
      for (let i = 0; i + 1 < args.length; i += 2) {
        const variable = args[i]!;
        if (variable.k !== 'name') throw typeError(`${name}() expects a variable name`, variable);
        const value = compileNode(args[i + 1]!, { ...scope, vars });
        vars.set(variable.name, value.type);
        bindings.push({ name: variable.name, run: value.run });
      }
      const body = compileNode(args[args.length - 1]!, { ...scope, vars });
      return {
        type: body.type,
        run: (f) => {
          const inner = new Map(f.vars);
          for (const b of bindings) inner.set(b.name, b.run({ ctx: f.ctx, vars: inner }));
          return body.run({ ctx: f.ctx, vars: inner });
        },
      };
    }
  }
  return LIST_FUNCTIONS.has(name) ? listFunction(node, scope) : undefined;
}

/** The list functions: a list and a callback run per item (`sort` takes an optional key). */
function listFunction(node: Call, scope: Scope): Compiled {
  const { name, args } = node;
  const arity = arityOf(node);
  if (name === 'sort') arity(1, 2);
  else arity(2);
  const list = compileNode(args[0]!, scope);
  if (list.type.kind !== 'list' && list.type.kind !== 'any') throw typeError(`${name}() expects list, but got ${typeName(list.type)}`, args[0]!);
  const item = list.type.kind === 'list' ? list.type.item : T.any;
  if (name === 'sort') {
    const key = args[1] ? lambda(args[1], item, scope) : undefined;
    return {
      type: list.type,
      run: (f) => {
        const items = (list.run(f) as Value[] | null) ?? [];
        f.ctx.budget.list(items.length);
        const keyed: Array<{ item: Value; key: Value }> = [];
        each(items, (it, _i, vars) => keyed.push({ item: it, key: key ? key.run({ ctx: f.ctx, vars }) : it }), f);
        // Empty values go last, as Notion sorts them.
        keyed.sort((a, b) => (a.key === null ? (b.key === null ? 0 : 1) : b.key === null ? -1 : (compare(a.key, b.key) ?? 0)));
        return keyed.map((k) => k.item);
      },
    };
  }
  const body = lambda(args[1]!, item, scope);
  if (name !== 'map') expectType(body, T.boolean, `${name}()`, args[1]!);
  const type = { map: T.list(body.type), filter: list.type, find: item, findIndex: T.number, some: T.boolean, every: T.boolean, count: T.number }[name]!;
  return {
    type,
    run: (f) => {
      const items = list.run(f);
      if (Array.isArray(items)) f.ctx.budget.list(items.length);
      const results: Value[] = [];
      each(items, (_it, _i, vars) => results.push(body.run({ ctx: f.ctx, vars })), f);
      const all = Array.isArray(items) ? items : [];
      switch (name) {
        case 'map':
          return results;
        case 'filter':
          return all.filter((_x, i) => results[i] === true);
        case 'find': {
          const i = results.indexOf(true);
          return i < 0 ? null : all[i]!;
        }
        case 'findIndex':
          return results.indexOf(true);
        case 'some':
          return results.includes(true);
        case 'every':
          return results.every((r) => r === true);
        default:
          return results.filter((r) => r === true).length;
      }
    },
  };
}

function conditional(testNode: Node, thenNode: Node, elseNode: Node, node: Node, scope: Scope): Compiled {
  const test = compileNode(testNode, scope);
  expectType(test, T.boolean, 'The condition', testNode);
  const then = compileNode(thenNode, scope);
  const otherwise = compileNode(elseNode, scope);
  const type = unify(then.type, otherwise.type);
  if (!type) throw typeError(`Both results of a condition must be of one type, but got ${typeName(then.type)} and ${typeName(otherwise.type)}`, node);
  return { type, run: (f) => (test.run(f) === true ? then.run(f) : otherwise.run(f)) };
}

function call(node: Extract<Node, { k: 'call' }>, scope: Scope): Compiled {
  const lazy = special(node, scope);
  if (lazy) return lazy;
  const fn = scope.library[node.name];
  if (!fn) throw new FormulaError(`Unknown function "${node.name}" ${at(node)}`, 'reference');
  const args = node.args.map((a) => compileNode(a, scope));
  const type = fn.check(
    args.map((a) => a.type),
    (message, i) => typeError(message, i === undefined ? node : (node.args[i] ?? node)),
    node.name,
  );
  const runs = args.map((a) => a.run);
  return {
    type,
    run: (f) => {
      const value = fn.call(
        runs.map((r) => r(f)),
        f.ctx,
      );
      // A date past what a date can be (fromTimestamp(1e20), a far dateAdd) is an error, not a value.
      if (isDate(value) && !(validInstant(value.start) && (value.end === null || validInstant(value.end)))) {
        throw new FormulaError('Date out of range', 'runtime');
      }
      return value;
    },
  };
}

/** Within the instants a JavaScript date holds (±8.64e15 ms, about 275,000 years). */
const validInstant = (ms: number) => Number.isFinite(ms) && Math.abs(ms) <= 8.64e15;

/** Each node evaluated is a step of the evaluation's budget. */
function compileNode(node: Node, scope: Scope): Compiled {
  const compiled = compileBare(node, scope);
  const run = compiled.run;
  return {
    type: compiled.type,
    run: (f) => {
      f.ctx.budget.step();
      return run(f);
    },
  };
}

function compileBare(node: Node, scope: Scope): Compiled {
  switch (node.k) {
    case 'number':
      return { type: T.number, run: () => node.value };
    case 'string':
      return { type: T.string, run: () => node.value };
    case 'boolean':
      return { type: T.boolean, run: () => node.value };
    case 'list': {
      const items = node.items.map((i) => compileNode(i, scope));
      let item: FormulaType = T.any;
      for (const i of items) {
        const u = unify(item, i.type);
        if (!u) throw typeError(`List items must all be of one type, but got ${typeName(item)} and ${typeName(i.type)}`, node);
        item = u;
      }
      return {
        type: T.list(item),
        run: (f) => {
          f.ctx.budget.list(items.length);
          return items.map((i) => i.run(f));
        },
      };
    }
    case 'name': {
      const type = scope.vars.get(node.name);
      if (type) return { type, run: (f) => f.vars.get(node.name) ?? null };
      const constant = CONSTANTS[node.name];
      if (constant !== undefined) return { type: T.number, run: () => constant };
      if (node.name === 'current' || node.name === 'index') {
        throw new FormulaError(`"${node.name}" can only be used inside map(), filter() and the other list functions ${at(node)}`, 'reference');
      }
      throw new FormulaError(`Unknown name "${node.name}" ${at(node)}`, 'reference');
    }
    case 'prop':
      return prop(node, scope);
    case 'call':
      return call(node, scope);
    case 'unary': {
      const operand = compileNode(node.operand, scope);
      const run = operand.run;
      if (node.op === 'not') {
        expectType(operand, T.boolean, '"not"', node.operand);
        return { type: T.boolean, run: (f) => run(f) !== true };
      }
      if (node.op === '+') {
        // Unary plus converts to a number, as toNumber() does.
        const toNumber = scope.library.toNumber!;
        return { type: T.number, run: (f) => toNumber.call([run(f)], f.ctx) };
      }
      expectType(operand, T.number, '"-"', node.operand);
      return { type: T.number, run: (f) => -num(run(f)) };
    }
    case 'binary':
      return binary(node, scope);
    case 'conditional':
      return conditional(node.test, node.then, node.otherwise, node, scope);
  }
}

function prop(node: Extract<Node, { k: 'prop' }>, scope: Scope): Compiled {
  const describe = 'name' in node.key ? `"${node.key.name}"` : `with ID "${node.key.id}"`;
  if (!node.target) {
    const property = scope.env.property(null, node.key);
    if (!property) throw new FormulaError(`Property ${describe} does not exist ${at(node)}`, 'reference');
    scope.references.push({ start: node.start, end: node.end, dataSourceId: null, property });
    const id = property.id;
    return { type: property.type, run: (f) => f.ctx.page?.value(id) ?? null };
  }
  const target = compileNode(node.target, scope);
  if (target.type.kind !== 'page') throw typeError(`prop() can only be read from a page, not from ${typeName(target.type)}`, node.target);
  if (target.type.dataSourceId === null) throw typeError('prop() cannot read a page whose data source is not known', node.target);
  const dataSourceId = target.type.dataSourceId;
  const property = scope.env.property(dataSourceId, node.key);
  if (!property) throw new FormulaError(`Property ${describe} does not exist in the related data source ${at(node)}`, 'reference');
  scope.references.push({ start: node.start, end: node.end, dataSourceId, property });
  const id = property.id;
  const run = target.run;
  return {
    type: property.type,
    run: (f) => {
      const page = run(f);
      return page !== null && typeof page === 'object' && !Array.isArray(page) && page.kind === 'page' ? (page.scope?.value(id) ?? null) : null;
    },
  };
}

export function compile(root: Node, env: SchemaEnv, library: Library = FUNCTIONS): CompiledFormula {
  const scope: Scope = { env, vars: new Map(), references: [], library };
  const compiled = compileNode(root, scope);
  return {
    type: compiled.type,
    references: scope.references,
    evaluate(page, now, shared) {
      try {
        const value = compiled.run({ ctx: { page, now, budget: new Budget(LIMITS, shared) }, vars: new Map() });
        return typeof value === 'number' && !Number.isFinite(value) ? null : value;
      } catch (error) {
        // A runtime error or a bound exceeded; a RangeError is the engine's own bound (the call
        // stack, through a long chain of formulas reading formulas, or a string or array too long).
        if (error instanceof FormulaError || error instanceof RangeError) return null;
        throw error;
      }
    },
  };
}

export { isEmpty };
