// Bounds on formulas: expressions that once exhausted memory, stalled every request or blocked the
// event loop now evaluate to an empty value promptly; nesting too deep for the stack is refused
// when the formula is compiled. Elapsed times are bounds (seconds where the failures took tens of
// seconds or never ended), not benchmarks.
import { describe, expect, it } from 'vitest';
import { compileFormula, type PageScope, type PropertyRef, type SchemaEnv, type Value } from './index.js';
import { Budget, LIMITS, sharedLimits } from './limits.js';
import { T } from './types.js';

const NOW = Date.parse('2024-05-01T10:30:00.000Z');
/** Generous: the evaluations bounded here took from 25 seconds to forever before. */
const BOUND_MS = 2_000;

function pageWith(values: Record<string, Value>): { env: SchemaEnv; page: PageScope } {
  const env: SchemaEnv = {
    property: (dataSourceId, key) => {
      if (dataSourceId !== null || !('name' in key) || !(key.name in values)) return undefined;
      const v = values[key.name];
      return { id: key.name, name: key.name, type: typeof v === 'number' ? T.number : T.string } satisfies PropertyRef;
    },
  };
  return { env, page: { id: 'p1', title: String(values.Name ?? ''), value: (id) => values[id] ?? null } };
}

const { env, page } = pageWith({ Name: `${'a'.repeat(30)}!`, Num: 3 });

function timed(expression: string): { value: Value; ms: number } {
  const formula = compileFormula(expression, env);
  const started = performance.now();
  const value = formula.evaluate(page, NOW);
  return { value, ms: performance.now() - started };
}

describe('values past a bound are empty, at once', () => {
  it.each([
    // Once out of memory, killing the process.
    ['repeat("x", 400000000).length()'],
    // Once 25 seconds of a blocked event loop.
    ['repeat("x", 1e8).length()'],
    ['padStart("x", 1e9, "ab")'],
    ['repeat("x", 10000).split("").map(current.repeat(100000)).length()'],
    ['repeat("ab", 50000).replaceAll("", repeat("y", 1000))'],
    // Past the steps: two maps of seven nodes over 9,999 items.
    ['repeat("x", 9999).split("").map(index * 2 + 1 - index).map(current * 2 + 1 - current).sum()'],
    ['flat(repeat("x", 6000).split("").map([current, current]))'],
    ['join(repeat("x", 9000).split("").map(repeat(current, 20)), "")'],
    ['format(repeat("x", 9000).split("").map(repeat(current, 20)))'],
    ['concat(repeat("x", 6000).split(""), repeat("y", 6000).split(""))'],
  ])('%s', (expression) => {
    const { value, ms } = timed(expression);
    expect(value).toBeNull();
    expect(ms).toBeLessThan(BOUND_MS);
  });

  it('keeps values within the bounds', () => {
    expect(timed(`repeat("x", ${LIMITS.text}).length()`).value).toBe(LIMITS.text);
    expect(timed(`repeat("x", ${LIMITS.text + 1}).length()`).value).toBeNull();
    expect(timed('repeat("ab", 3)').value).toBe('ababab');
    expect(timed('padStart("7", 3, "0")').value).toBe('007');
    expect(timed('padEnd("7", 1e9, "")').value).toBe('7');
    // Long lists are not spread into arguments (which overflows the stack past ~100,000).
    expect(timed(`max(repeat("1,", ${LIMITS.list - 1}).split(",").map(toNumber(current)))`).value).toBe(1);
    expect(timed(`repeat("1,", ${LIMITS.list}).split(",")`).value).toBeNull();
    expect(timed('repeat("ab", 4000).split("").unique()').value).toEqual(['a', 'b']);
  });

  it('makes a date past what a date can hold empty', () => {
    expect(timed('fromTimestamp(1e20)').value).toBeNull();
    expect(timed('dateAdd(now(), 1e15, "years")').value).toBeNull();
  });
});

describe('regular expressions run in linear time', () => {
  it('does not backtrack on (a+)+$ (once 26 to 50 seconds on a 30-character title)', () => {
    const { value, ms } = timed('test(prop("Name"), "(a+)+$")');
    expect(value).toBe(false);
    expect(ms).toBeLessThan(BOUND_MS);
    expect(timed('match(prop("Name"), "(a|aa)+b")').value).toEqual([]);
    expect(timed('replaceAll(prop("Name"), "(a*)*!", "-")').value).toBe('-');
  });

  it('keeps the JavaScript forms of patterns and replacements', () => {
    expect(timed('test("abc123", "\\\\d+")').value).toBe(true);
    expect(timed('match("a1b22c333", "\\\\d+")').value).toEqual(['1', '22', '333']);
    expect(timed('match("axxb", "x*")').value).toEqual(['', 'xx', '', '']);
    expect(timed('replaceAll("2024-05-01", "(\\\\d+)-(\\\\d+)-(\\\\d+)", "$3/$2/$1")').value).toBe('01/05/2024');
    expect(timed('replace("in 2024", "(?<year>\\\\d{4})", "[$<year>]")').value).toBe('in [2024]');
    expect(timed('replaceAll("a.b", "\\\\.", "$$&$&")').value).toBe('a$&.b');
    expect(timed('replaceAll("abc", "", "-")').value).toBe('-a-b-c-');
    expect(timed('replace("aaa", "a", "b")').value).toBe('baa');
    expect(timed('replaceAll("ab cb", "(?<=a)b", "X")').value).toBe('aX cb');
    expect(timed('test("a/b", "/")').value).toBe(true);
  });

  it('makes patterns RE2 cannot run in linear time empty, as invalid ones', () => {
    expect(timed('test("aa", "(a)\\\\1")').value).toBeNull();
    expect(timed('test("ab", "a(?=b)")').value).toBeNull();
    expect(timed('test("a", "(")').value).toBeNull();
    expect(timed(`test("a", repeat("a", ${LIMITS.pattern + 1}))`).value).toBeNull();
  });

  it('pays for scanning long texts with large patterns', () => {
    const { value, ms } = timed('test(repeat("ab", 50000), "(a?){30}a{30}")');
    expect(value).toBeNull();
    expect(ms).toBeLessThan(BOUND_MS);
  });
});

describe('nesting is bounded when a formula is compiled', () => {
  const deep = LIMITS.depth + 1;
  it.each([
    ['parentheses', `${'('.repeat(5_000)}1${')'.repeat(5_000)}`],
    ['calls', `${'abs('.repeat(deep)}1${')'.repeat(deep)}`],
    ['a chain of operators', Array.from({ length: deep + 1 }, () => '1').join(' + ')],
    ['unary minus', `${'-'.repeat(50_000)}1`],
    ['not', `${'not '.repeat(deep)}true`],
    ['a let chain', `${Array.from({ length: deep }, (_, i) => `let(v${i}, ${i}, `).join('')}0${')'.repeat(deep)}`],
    ['method calls', `"a"${'.upper()'.repeat(deep)}`],
    ['lists', `${'['.repeat(deep)}1${']'.repeat(deep)}`],
  ])('%s', (_what, expression) => {
    expect(() => compileFormula(expression, env)).toThrow(`Formula is nested too deeply: more than ${LIMITS.depth} levels`);
  });

  it('compiles and evaluates what nests within the bound', () => {
    const depth = LIMITS.depth - 2;
    expect(compileFormula(`${'('.repeat(depth)}1${')'.repeat(depth)}`, env).evaluate(page, NOW)).toBe(1);
    expect(compileFormula(Array.from({ length: depth }, () => '1').join(' + '), env).evaluate(page, NOW)).toBe(depth);
    const lets = `${Array.from({ length: depth / 2 }, (_, i) => `let(v${i}, ${i}, `).join('')}v${depth / 2 - 1}${')'.repeat(depth / 2)}`;
    expect(compileFormula(lets, env).evaluate(page, NOW)).toBe(depth / 2 - 1);
  });

  it('reads a long expression in time linear in its length', () => {
    const expression = Array.from({ length: 2_000 }, (_, i) => `if(prop("Num") == ${i}, "n${i}", "")`).join(' + ');
    // Too deep for a chain of `+`, refused without a stall.
    const started = performance.now();
    expect(() => compileFormula(expression, env)).toThrow('nested too deeply');
    expect(performance.now() - started).toBeLessThan(BOUND_MS);
  });
});

describe('the evaluations of one read share a budget', () => {
  it('makes the remaining formulas empty once the read has spent it', () => {
    // About 42,000 steps (seven per item): within one evaluation's bound, not 200 times over.
    const formula = compileFormula('repeat("x", 6000).split("").map(index * 2 + 1 - index).length()', env);
    expect(formula.evaluate(page, NOW)).toBe(6000);
    const shared = new Budget(sharedLimits(1));
    const values: Value[] = [];
    const started = performance.now();
    for (let i = 0; i < 200; i++) values.push(formula.evaluate(page, NOW, shared));
    expect(performance.now() - started).toBeLessThan(5 * BOUND_MS);
    const whole = values.indexOf(null);
    expect(whole).toBe(Math.floor(sharedLimits(1).steps / 42_000));
    expect(values.slice(0, whole).every((v) => v === 6000)).toBe(true);
    expect(values.slice(whole).every((v) => v === null)).toBe(true);
  });
});
