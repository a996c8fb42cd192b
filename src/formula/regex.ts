// Regular expressions of `test`, `match`, `replace` and `replaceAll`, run by RE2 (re2js): matching
// takes time linear in the text, so no pattern can backtrack for seconds as JavaScript's RegExp
// can on `(a+)+$`. Patterns are written as JavaScript writes them (named groups, `\d`, `$1` in
// replacements); what RE2 cannot do in linear time (backreferences, lookaheads) is an invalid
// pattern, which makes the formula's value empty (docs/decisions.md, Formula limits).
import { RE2JS } from 're2js';
import { LIMITS, limitError, type Budget } from './limits.js';
import { FormulaError } from './types.js';

const cache = new Map<string, RE2JS>();
const CACHE_SIZE = 256;

function compiled(pattern: string): RE2JS {
  const known = cache.get(pattern);
  if (known) return known;
  if (pattern.length > LIMITS.pattern) throw limitError(`regular expression longer than ${LIMITS.pattern} characters`);
  let re: RE2JS;
  try {
    // Captureless lookbehinds have a linear-time form in re2js; lookaheads and backreferences do not.
    re = RE2JS.compile(RE2JS.translateRegExp(pattern), RE2JS.LOOKBEHINDS);
  } catch {
    throw new FormulaError(`Invalid regular expression: ${pattern}`, 'runtime');
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(pattern, re);
  return re;
}

/**
 * The pattern, its scan of `text` paid for first: matching costs about the text's length times
 * the size of the compiled program, whichever engine re2js picks.
 */
function prepared(pattern: string, text: string, budget: Budget): RE2JS {
  const re = compiled(pattern);
  budget.spend(Math.max(1, text.length) * Math.max(1, re.programSize()));
  return re;
}

export function regexTest(text: string, pattern: string, budget: Budget): boolean {
  return prepared(pattern, text, budget).test(text);
}

/** Every match, as JavaScript's `text.match(/pattern/g)` lists them. */
export function regexMatches(text: string, pattern: string, budget: Budget): string[] {
  const matcher = prepared(pattern, text, budget).matcher(text);
  const out: string[] = [];
  let length = 0;
  while (matcher.find()) {
    const found = matcher.group() ?? '';
    length += found.length;
    budget.checkList(out.length + 1);
    budget.checkText(length);
    out.push(found);
  }
  budget.spend(out.length + length);
  return out;
}

/** The first match (or every one) replaced; `$1`, `$<name>`, `$&` and `$$` as JavaScript reads them. */
export function regexReplace(text: string, pattern: string, by: string, all: boolean, budget: Budget): string {
  const matcher = prepared(pattern, text, budget).matcher(text);
  let length = text.length;
  // A replacement is built per match: its size is checked before the next one is appended.
  const replacer = (...args: unknown[]): string => {
    const matched = String(args[0] ?? '');
    // As for String.prototype.replace: match, groups..., offset, text, then named groups if any.
    const last = args.at(-1);
    const hasNamed = typeof last === 'object' && last !== null;
    const groups = args.slice(1, hasNamed ? -3 : -2).map((g) => (g === undefined || g === null ? '' : String(g)));
    const out = expand(by, matched, groups, hasNamed ? (last as Record<string, string | undefined>) : {});
    length += out.length - matched.length;
    budget.checkText(length);
    return out;
  };
  const out = all ? matcher.replaceAll(replacer) : matcher.replaceFirst(replacer);
  budget.spend(out.length);
  return out;
}

/** A replacement pattern read as `String.prototype.replace` reads it. */
function expand(by: string, matched: string, groups: string[], named: Record<string, string | undefined>): string {
  if (!by.includes('$')) return by;
  return by.replace(/\$(\$|&|<([^>]*)>|(\d{1,2}))/g, (whole, what: string, name: string | undefined, index: string | undefined) => {
    if (what === '$') return '$';
    if (what === '&') return matched;
    if (name !== undefined) return name in named ? (named[name] ?? '') : whole;
    const n = Number(index);
    if (n >= 1 && n <= groups.length) return groups[n - 1]!;
    // `$12` with one group is `$1` then "2", as JavaScript reads it.
    const first = Number(index![0]);
    if (index!.length === 2 && first >= 1 && first <= groups.length) return groups[first - 1]! + index![1];
    return whole;
  });
}
