// Fault rules: make matching /v1 requests fail with a chosen Notion error, a number of times or
// with a probability, and/or answer late. They run after the token is checked, so they can match
// an integration, and before the request is handled, so a failed write changes nothing.
import { pathMatcher } from './request-log.js';

export interface FaultRuleInput {
  method?: string;
  /** A path prefix, or a pattern with `*` (`/v1/pages/*`). */
  path?: string;
  /** Integration id or name. */
  integration?: string;
  /** A Notion error code; the request fails with it. Absent: latency only. */
  code?: string;
  /** HTTP status; Notion's status for `code` when absent. */
  status?: number;
  /** Message of the error; Notion's usual message for `code` when absent. */
  message?: string;
  /** Retry-After header (seconds) sent with the error. */
  retry_after?: number;
  /** How many matching requests it affects; unlimited when absent. */
  times?: number;
  /** Chance (0 to 1) that a matching request is affected; 1 when absent. */
  probability?: number;
  /** Delay before answering, in milliseconds. */
  latency_ms?: number;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** Requests it has affected so far. */
  hits: number;
}

export interface FaultTarget {
  method: string;
  path: string;
  integrationId: string | undefined;
  integrationName: string | undefined;
}

interface Compiled {
  rule: FaultRule;
  path: ((path: string) => boolean) | undefined;
}

export class FaultRules {
  private rules: Compiled[] = [];
  private counter = 0;

  constructor(private readonly random: () => number) {}

  get size(): number {
    return this.rules.length;
  }

  add(input: FaultRuleInput): FaultRule {
    this.counter += 1;
    const rule: FaultRule = { id: `fault_${this.counter}`, ...input, hits: 0 };
    if (rule.method) rule.method = rule.method.toUpperCase();
    this.rules.push({ rule, path: input.path === undefined ? undefined : pathMatcher(input.path) });
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((c) => ({ ...c.rule }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((c) => c.rule.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  /**
   * The first rule that affects this request, counted as a hit (a rule whose `times` are used up
   * is removed); undefined when none does.
   */
  take(target: FaultTarget): FaultRule | undefined {
    if (this.rules.length === 0) return undefined;
    for (const c of this.rules) {
      const r = c.rule;
      if (r.method !== undefined && r.method !== target.method) continue;
      if (c.path && !c.path(target.path)) continue;
      if (r.integration !== undefined && r.integration !== target.integrationId && r.integration !== target.integrationName) continue;
      if (r.probability !== undefined && this.random() >= r.probability) continue;
      r.hits += 1;
      if (r.times !== undefined && r.hits >= r.times) this.remove(r.id);
      return { ...r };
    }
    return undefined;
  }
}
