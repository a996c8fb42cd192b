// Property-based test of formula evaluation: well-typed expressions drawn from the grammar (the
// function library, literals, operators, let, lists, map and filter, regular expressions that
// backtrack in other engines, sizes past the bounds) compile or are refused with a FormulaError,
// and every evaluation ends within a time bound (generous: a bound, not a benchmark) with a value
// whose texts and lists are within LIMITS. Seeded and bounded in count, so it runs in seconds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFormula, FormulaError, type PageScope, type PropertyRef, type SchemaEnv, type Value } from './index.js';
import { LIMITS } from './limits.js';
import { T, type FormulaType } from './types.js';

const NOW = Date.parse('2024-05-01T10:30:00.000Z');
const BOUND_MS = 1_500;

const props: Record<string, { type: FormulaType; value: Value }> = {
  Name: { type: T.string, value: `${'a'.repeat(30)}!` },
  Num: { type: T.number, value: 7 },
  Tags: { type: T.list(T.string), value: ['b', 'a', 'c'] },
};
const env: SchemaEnv = {
  property: (dataSourceId, key) => {
    const name = 'name' in key ? key.name : key.id;
    const p = dataSourceId === null ? props[name] : undefined;
    return p ? ({ id: name, name, type: p.type } satisfies PropertyRef) : undefined;
  },
};
const page: PageScope = { id: 'p1', title: 'fuzz', value: (id) => props[id]?.value ?? null };

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Patterns that backtrack exponentially in JavaScript, ordinary ones, and ones RE2 refuses. */
const PATTERNS = ['(a+)+$', '(a|aa)+b', '(\\w+\\s?)*$', '(x*)*y', '(a?){25}a{25}', '\\d+', '[a-z]*', '.', '^a', '(', '(a)\\1', 'a(?=b)', '(?<=a)b', ''];
const pattern = fc.oneof(fc.constantFrom(...PATTERNS).map(quote), fc.stringMatching(/^[a()|+*?.\\dw[\]^$]{0,12}$/).map(quote));

const bigNumber = fc.constantFrom('0', '1', '3', '-2', '1e8', '4e8', '1e9', '100000', '99999', '1e20', '0.5');
const textLiteral = fc.oneof(fc.string({ maxLength: 8 }).map(quote), fc.constantFrom('"ab"', '"x"', '""', '"aaaaaaaaaaaaaaaaaaaaaaaaaaaa!"'));

const { num, text, bool, nums, texts } = fc.letrec<{ num: string; text: string; bool: string; nums: string; texts: string }>((tie) => {
  const n = () => tie('num');
  const t = () => tie('text');
  const b = () => tie('bool');
  const ln = () => tie('nums');
  const lt = () => tie('texts');
  const call = (template: (...parts: string[]) => string, ...args: Array<fc.Arbitrary<string>>) => fc.tuple(...args).map((parts) => template(...parts));
  return {
    num: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      bigNumber,
      fc.constant('prop("Num")'),
      call((a, op, c) => `(${a} ${op} ${c})`, n(), fc.constantFrom('+', '-', '*', '/', '%', '^'), n()),
      call((a) => `abs(${a})`, n()),
      call((a) => `${a}.length()`, t()),
      call((a) => `${a}.length()`, ln()),
      call((a) => `sum(${a})`, ln()),
      call((a) => `max(${a})`, ln()),
      call((a) => `median(${a})`, ln()),
      call((a) => `toNumber(${a})`, t()),
      call((c, a, d) => `if(${c}, ${a}, ${d})`, b(), n(), n()),
      call((a, c) => `let(v, ${a}, v * ${c})`, n(), n()),
      call((a, c) => `${a}.at(${c})`, ln(), n()),
      call((a, c) => `${a}.count(current > ${c})`, ln(), n()),
    ),
    text: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      textLiteral,
      fc.constant('prop("Name")'),
      call((a, c) => `(${a} + ${c})`, t(), t()),
      call((a, c) => `repeat(${a}, ${c})`, t(), n()),
      call((a, c, d) => `padStart(${a}, ${c}, ${d})`, t(), n(), t()),
      call((a, c, d) => `padEnd(${a}, ${c}, ${d})`, t(), n(), t()),
      call((a) => `upper(${a})`, t()),
      call((a, p, c) => `replace(${a}, ${p}, ${c})`, t(), pattern, t()),
      call((a, p, c) => `replaceAll(${a}, ${p}, ${c})`, t(), pattern, t()),
      call((a, c, d) => `substring(${a}, ${c}, ${d})`, t(), n(), n()),
      call((a, c) => `join(${a}, ${c})`, lt(), t()),
      call((a) => `format(${a})`, ln()),
      call((a) => `format(${a})`, n()),
      call((a, c) => `concat(${a}, ${c})`, t(), t()),
      call((c, a, d) => `if(${c}, ${a}, ${d})`, b(), t(), t()),
      call((a, c) => `lets(s, ${a}, w, s + s, w + ${c})`, t(), t()),
      call((a) => `formatDate(dateAdd(now(), ${a}, "days"), "YYYY-MM-DD")`, n()),
    ),
    bool: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom('true', 'false'),
      call((a, op, c) => `(${a} ${op} ${c})`, n(), fc.constantFrom('>', '<=', '==', '!='), n()),
      call((a, p) => `test(${a}, ${p})`, t(), pattern),
      call((a, c) => `contains(${a}, ${c})`, t(), t()),
      call((a) => `not ${a}`, b()),
      call((a, c) => `(${a} and ${c})`, b(), b()),
      call((a, c) => `${a}.some(current > ${c})`, ln(), n()),
      call((a) => `empty(${a})`, t()),
    ),
    nums: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.array(n(), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
      call((a, c) => `${a}.map(current * ${c})`, ln(), n()),
      call((a, c) => `${a}.filter(current > ${c})`, ln(), n()),
      call((a) => `${a}.map(current.length())`, lt()),
      call((a) => `${a}.map(index)`, lt()),
      call((a, c) => `concat(${a}, ${c})`, ln(), ln()),
      call((a) => `${a}.sort().reverse()`, ln()),
      call((a) => `${a}.unique()`, ln()),
      call((a, c) => `flat([${a}, ${c}])`, ln(), ln()),
    ),
    texts: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant('prop("Tags")'),
      call((a, c) => `split(${a}, ${c})`, t(), t()),
      call((a, p) => `match(${a}, ${p})`, t(), pattern),
      call((a, c) => `${a}.map(current + ${c})`, lt(), t()),
      call((a, c) => `${a}.map(repeat(current, ${c}))`, lt(), n()),
      call((a, p) => `${a}.filter(test(current, ${p}))`, lt(), pattern),
      call((a) => `${a}.map(format(current))`, ln()),
      call((a, c) => `concat(${a}, ${c})`, lt(), lt()),
    ),
  };
});

/** The texts and lists of a value, each within its bound. */
function withinBounds(value: Value): boolean {
  if (typeof value === 'string') return value.length <= LIMITS.text;
  if (Array.isArray(value)) return value.length <= LIMITS.list && value.every(withinBounds);
  return true;
}

describe('formulas drawn from the grammar', () => {
  it('compile or are refused, and evaluate within the bounds', () => {
    fc.assert(
      fc.property(fc.oneof(num, text, bool, nums, texts), (expression) => {
        let formula;
        try {
          formula = compileFormula(expression, env);
        } catch (error) {
          // Refused as a formula error (a type the generator could not rule out), never otherwise.
          expect(error, expression).toBeInstanceOf(FormulaError);
          return;
        }
        const started = performance.now();
        const value = formula.evaluate(page, NOW);
        const elapsed = performance.now() - started;
        expect(elapsed, expression).toBeLessThan(BOUND_MS);
        expect(withinBounds(value), expression).toBe(true);
      }),
      { seed: 20261206, numRuns: 400 },
    );
  });
});
