// Notion's formula language: parse an expression, type it against a schema, evaluate it for a
// page. Pure: what a formula reads comes in through SchemaEnv (types) and PageScope (values).
import { compile, type CompiledFormula, type Reference, type SchemaEnv } from './compile.js';
import { parse } from './parser.js';

export { compile, type CompiledFormula, type EvalContext, type PropertyRef, type Reference, type SchemaEnv } from './compile.js';
export { Budget, LIMITS, sharedLimits } from './limits.js';
export { parse, type Node } from './parser.js';
export { toText } from './text.js';
export * from './types.js';

/** Parse and type an expression (names or stored id references) against `env`. */
export function compileFormula(expression: string, env: SchemaEnv): CompiledFormula {
  return compile(parse(expression), env);
}

/**
 * The expression with every property reference written as `ref` writes it (Notion stores
 * `{{notion:block_property:<id>:<uuid>:<uuid>}}` in place of `prop("Name")`), the rest as written.
 */
export function rewriteReferences(expression: string, references: Reference[], ref: (r: Reference) => string): string {
  const sorted = [...new Map(references.map((r) => [r.start, r])).values()].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const r of sorted) {
    out += expression.slice(at, r.start) + ref(r);
    at = r.end;
  }
  return out + expression.slice(at);
}
