// Bounds on what one formula may be and do, so that no formula can stall or exhaust the server:
// how deeply an expression nests (checked when it is written), and per evaluation the nodes run,
// the size of each text and list built, and the characters and items built or scanned in all.
// An evaluation past a bound stops and the formula's value is empty, as for a runtime error.
// The figures and their reasons are in docs/decisions.md (Formula limits).
import { FormulaError } from './types.js';

export const LIMITS = {
  /** Characters of an expression as a request writes it (reads parse the stored form every time). */
  expression: 50_000,
  /** Nesting of an expression: parentheses, calls, operands, `let` chains (parser and evaluator recurse this deep). */
  depth: 200,
  /** Characters of one text value. */
  text: 100_000,
  /** Items of one list value a formula builds (`map` over each of them fits the steps). */
  list: 10_000,
  /** Expression nodes evaluated in one evaluation (each item of `map`, `filter`, ... runs its body again). */
  steps: 100_000,
  /** Characters and items built, copied or scanned by a regular expression in one evaluation. */
  work: 2_000_000,
  /** Characters of a regular expression's pattern. */
  pattern: 1_000,
};

/**
 * What all the evaluations of one read of `pages` pages (a page of results, a batch of a query,
 * every candidate of a formula sort) may spend together, so that many formulas on many pages,
 * each within its own bounds, cannot add up to a stall either: once it is spent, the read's
 * remaining formulas are empty. A read of many pages may spend a little more per page.
 */
export const sharedLimits = (pages: number) => ({ ...LIMITS, steps: 5_000_000 + 2_000 * pages, work: 20_000_000 + 10_000 * pages });

/** A bound exceeded: evaluation stops and the value is empty. */
export const limitError = (what: string): FormulaError => new FormulaError(`Formula limit exceeded: ${what}`, 'limit');

/** What one evaluation has spent. */
export class Budget {
  private steps = 0;
  private work = 0;

  /** `shared`: the budget of the read this evaluation is part of, charged too. */
  constructor(
    private readonly limits = LIMITS,
    private readonly shared?: Budget,
  ) {}

  /** One expression node evaluated. */
  step(): void {
    if (++this.steps > this.limits.steps) throw limitError(`more than ${this.limits.steps} steps`);
    this.shared?.step();
  }

  /** `amount` characters or items about to be built or scanned. */
  spend(amount: number): void {
    this.work += amount;
    if (this.work > this.limits.work) throw limitError(`more than ${this.limits.work} characters and items built`);
    this.shared?.spend(amount);
  }

  /** A text of `length` characters about to be built: within the text bound, and paid for. */
  text(length: number): void {
    this.checkText(length);
    this.spend(length);
  }

  /** A list of `length` items about to be built: within the list bound, and paid for. */
  list(length: number): void {
    this.checkList(length);
    this.spend(length);
  }

  /** Whether a text being built may grow to `length` (paid for once it is built). */
  checkText(length: number): void {
    if (!(length <= this.limits.text)) throw limitError(`text longer than ${this.limits.text} characters`);
  }

  checkList(length: number): void {
    if (!(length <= this.limits.list)) throw limitError(`list longer than ${this.limits.list} items`);
  }
}
