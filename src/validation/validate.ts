// A validator that walks the wire schemas (TypeBox, i.e. JSON Schema) the way Notion's own
// validator does: it stops at the first failure, reports unions as "Fix one:" lists, and returns
// structured issues that `format.ts` turns into Notion's message grammar. It also normalizes what
// the schema marks as a uuid to the dashed lower-case form, so services only see canonical ids.
import type { TSchema } from '@sinclair/typebox';

export type Issue =
  | { kind: 'required'; path: string }
  | { kind: 'not_present'; path: string; value: unknown }
  | { kind: 'expected'; path: string; expected: string[]; value: unknown }
  | { kind: 'length'; path: string; op: '≤' | '≥'; limit: number; actual: number }
  | { kind: 'union'; options: Issue[] };

// Schema annotations the walker reads beyond plain JSON Schema: `x-keyed` on a union picks the
// alternative named by the value's `type` or its one key (otherwise every alternative is listed,
// "Fix one:"); `x-key` on an alternative is that key; `x-expected` on a patterned string is what
// the message says it should be.

const UUID_DASHED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
// Notion does not fold case: upper-case dashless ids are not recognised as ids at all.
const UUID_DASHLESS = /^[0-9a-f]{32}$/;

/** The dashed form of a Notion id, or undefined when the string is not one. */
export function parseUuid(value: string): string | undefined {
  if (UUID_DASHED.test(value)) return value;
  if (UUID_DASHLESS.test(value)) {
    return `${value.slice(0, 8)}-${value.slice(8, 12)}-${value.slice(12, 16)}-${value.slice(16, 20)}-${value.slice(20)}`;
  }
  return undefined;
}

type Node = TSchema & Record<string, unknown>;

interface Result {
  issue?: Issue;
  value?: unknown;
}

/**
 * Validate `value` against `schema`. `root` is the location name used in paths (`body`, `query`,
 * `path`). Returns the first issue, or the normalized value.
 */
export function validate(schema: TSchema, value: unknown, root: string): { ok: true; value: unknown } | { ok: false; issue: Issue } {
  const r = walk(schema as Node, value, root, false);
  return r.issue ? { ok: false, issue: r.issue } : { ok: true, value: r.value };
}

function walk(schema: Node, value: unknown, path: string, optional: boolean): Result {
  if (value === undefined) {
    if (optional) return { value };
    return { issue: { kind: 'required', path } };
  }
  if (schema.anyOf) return walkUnion(schema, value, path, optional);
  if ('const' in schema) {
    if (value === schema.const) return { value };
    return expected(path, [literal(schema.const)], value, optional);
  }
  switch (schema.type) {
    case 'string':
      return walkString(schema, value, path, optional);
    case 'number':
    case 'integer':
      return walkNumber(schema, value, path, optional);
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      return expected(path, ['a boolean'], value, optional);
    case 'null':
      if (value === null) return { value };
      return expected(path, ['`null`'], value, optional);
    case 'array':
      return walkArray(schema, value, path, optional);
    case 'object':
      return walkObject(schema, value, path, optional);
    default:
      return { value };
  }
}

function expected(path: string, what: string[], value: unknown, optional: boolean): Result {
  return { issue: { kind: 'expected', path, expected: optional ? [...what, '`undefined`'] : what, value } };
}

function literal(v: unknown): string {
  return `\`${JSON.stringify(v)}\``;
}

function walkString(schema: Node, value: unknown, path: string, optional: boolean): Result {
  if (typeof value !== 'string') {
    return expected(path, [schema.format === 'uuid' ? 'a valid uuid' : 'a string'], value, optional);
  }
  if (schema.format === 'uuid') {
    const id = parseUuid(value);
    if (!id) return expected(path, ['a valid uuid'], value, optional);
    return { value: id };
  }
  const pattern = patternOf(schema);
  if (pattern !== null && !pattern.test(value)) {
    return expected(path, [(schema['x-expected'] as string | undefined) ?? 'a string'], value, optional);
  }
  // Notion counts UTF-16 code units, which is what String#length is.
  const max = schema.maxLength as number | undefined;
  if (max !== undefined && value.length > max) {
    return { issue: { kind: 'length', path: `${path}.length`, op: '≤', limit: max, actual: value.length } };
  }
  const min = schema.minLength as number | undefined;
  if (min !== undefined && value.length < min) {
    return { issue: { kind: 'length', path: `${path}.length`, op: '≥', limit: min, actual: value.length } };
  }
  return { value };
}

function walkNumber(schema: Node, value: unknown, path: string, optional: boolean): Result {
  const integer = schema.type === 'integer';
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    return expected(path, [integer ? 'an integer' : 'a number'], value, optional);
  }
  const max = schema.maximum as number | undefined;
  if (max !== undefined && value > max) return expected(path, [`≤ \`${max}\``], value, optional);
  const min = schema.minimum as number | undefined;
  if (min !== undefined && value < min) return expected(path, [`≥ \`${min}\``], value, optional);
  return { value };
}

function walkArray(schema: Node, value: unknown, path: string, optional: boolean): Result {
  if (!Array.isArray(value)) return expected(path, ['an array'], value, optional);
  const max = schema.maxItems as number | undefined;
  if (max !== undefined && value.length > max) {
    return { issue: { kind: 'length', path: `${path}.length`, op: '≤', limit: max, actual: value.length } };
  }
  const min = schema.minItems as number | undefined;
  if (min !== undefined && value.length < min) {
    return { issue: { kind: 'length', path: `${path}.length`, op: '≥', limit: min, actual: value.length } };
  }
  const items = schema.items as Node | undefined;
  if (items) {
    for (let i = 0; i < value.length; i++) {
      const r = walk(items, value[i], `${path}[${i}]`, false);
      if (r.issue) return r;
      value[i] = r.value;
    }
  }
  return { value };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `work` of a schema node, worked out once per node: the schemas are built once and walked for
 * every request (bench/RESULTS.md, "Fifteenth round").
 */
function perNode<T>(work: (schema: Node) => T): (schema: Node) => T {
  const kept = new WeakMap<Node, T>();
  return (schema) => {
    let value = kept.get(schema);
    if (value === undefined) kept.set(schema, (value = work(schema)));
    return value;
  };
}

/** What a walk needs of an object node. */
interface ObjectShape {
  props: Record<string, Node>;
  entries: [string, Node][];
  required: Set<string>;
  /** Maps keyed by free-form names (Type.Record: property configurations by property name). */
  patterns: (readonly [RegExp, Node])[];
}

const objectShapeOf = perNode((schema): ObjectShape => {
  const props = (schema.properties ?? {}) as Record<string, Node>;
  return {
    props,
    entries: Object.entries(props),
    required: new Set((schema.required ?? []) as string[]),
    patterns: Object.entries((schema.patternProperties ?? {}) as Record<string, Node>).map(([p, sub]) => [new RegExp(p), sub] as const),
  };
});

/** A string node's pattern, compiled (null without one). */
const patternOf = perNode((schema) => (schema.pattern === undefined ? null : new RegExp(schema.pattern as string)));

function walkObject(schema: Node, value: unknown, path: string, optional: boolean): Result {
  if (!isPlainObject(value)) return expected(path, ['an object'], value, optional);
  const { props, entries, required, patterns } = objectShapeOf(schema);
  for (const [key, sub] of entries) {
    const item = value[key];
    const optionalKey = !required.has(key);
    // An optional property left out is fine as it is (walk would say so, at the cost of a path).
    if (item === undefined && optionalKey) continue;
    const r = walk(sub, item, `${path}.${key}`, optionalKey);
    if (r.issue) return r;
    if (r.value !== undefined) value[key] = r.value;
  }
  const matched = new Set<string>();
  if (patterns.length > 0) {
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(props, key)) continue;
      const sub = patterns.find(([re]) => re.test(key))?.[1];
      if (!sub) continue;
      matched.add(key);
      const r = walk(sub, value[key], `${path}.${key}`, false);
      if (r.issue) return r;
      value[key] = r.value;
    }
  }
  const extra = schema.additionalProperties as boolean | Node | undefined;
  if (extra === false || isPlainObject(extra)) {
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(props, key) || matched.has(key)) continue;
      if (extra === false) {
        // Absent and undefined are the same to Notion.
        if (value[key] === undefined) continue;
        return { issue: { kind: 'not_present', path: `${path}.${key}`, value: value[key] } };
      }
      const r = walk(extra as Node, value[key], `${path}.${key}`, false);
      if (r.issue) return r;
      value[key] = r.value;
    }
  }
  return { value };
}

/** What a walk needs of a union node (`anyOf`). */
interface UnionShape {
  nullable: boolean;
  /** The alternatives other than null. */
  rest: Node[];
  literals: boolean;
  objects: boolean;
  kinded: boolean;
  arrays: Node[];
  records: Node[];
}

const unionShapeOf = perNode((schema): UnionShape => {
  const options = schema.anyOf as Node[];
  const rest = options.filter((o) => o.type !== 'null');
  return {
    nullable: options.some((o) => o.type === 'null'),
    rest,
    literals: rest.length > 0 && rest.every((o) => 'const' in o),
    objects: rest.every((o) => o.type === 'object'),
    kinded: rest.every((o) => typeof o.type === 'string'),
    arrays: rest.filter((o) => o.type === 'array'),
    records: rest.filter((o) => o.type === 'object'),
  };
});

function walkUnion(schema: Node, value: unknown, path: string, optional: boolean): Result {
  const { nullable, rest, literals, objects, kinded, arrays, records } = unionShapeOf(schema);
  if (value === null) {
    if (nullable) return { value };
  }
  // A union of literals is an enumeration: `"a"`, `"b"`, or `undefined`.
  if (literals) {
    if (rest.some((o) => o.const === value)) return { value };
    const lits = rest.map((o) => literal(o.const));
    return expected(path, nullable ? [...lits, '`null`'] : lits, value, optional);
  }
  if (rest.length === 1) {
    const r = walk(rest[0]!, value, path, optional);
    if (r.issue && nullable && r.issue.kind === 'expected' && r.issue.path === path) {
      return expected(path, [...r.issue.expected.filter((e) => e !== '`undefined`'), '`null`'], value, optional);
    }
    return r;
  }
  // Objects only: a value of another kind is reported once, not per alternative.
  if (objects && !isPlainObject(value)) {
    return expected(path, nullable ? ['an object', '`null`'] : ['an object'], value, optional);
  }
  // An array or an object is checked only against the alternatives of its own kind (a title sent
  // as `{title: [...]}` is not also told that it should be an array). A nested union has no kind
  // of its own and may hold objects too, so then every alternative is tried.
  const sameKind = Array.isArray(value) ? arrays : records;
  if (kinded && sameKind.length === 1 && (Array.isArray(value) || isPlainObject(value))) return walk(sameKind[0]!, value, path, optional);
  if (schema['x-keyed'] && isPlainObject(value)) {
    const chosen = pickKeyed(rest, value);
    if (chosen) return walk(chosen, value, path, optional);
  }
  const issues: Issue[] = [];
  for (const option of rest) {
    const r = walk(option, value, path, optional);
    if (!r.issue) return r;
    if (r.issue.kind === 'union') issues.push(...r.issue.options);
    else issues.push(r.issue);
  }
  return { issue: mergeAlternatives(issues) };
}

/**
 * Alternatives that all reject the same value are one choice, said once as an enumeration
 * ("body.position.type should be `"end"`, `"start"`, or ..."); alternatives that fail in
 * different places are listed ("Fix one:").
 */
function mergeAlternatives(issues: Issue[]): Issue {
  const first = issues[0];
  if (first?.kind !== 'expected' || !issues.every((i) => i.kind === 'expected' && i.path === first.path)) {
    return { kind: 'union', options: issues };
  }
  const all = issues.flatMap((i) => (i.kind === 'expected' ? i.expected : []));
  const tail = ['`null`', '`undefined`'].filter((e) => all.includes(e));
  const named = [...new Set(all.filter((e) => !tail.includes(e)))];
  return { kind: 'expected', path: first.path, expected: [...named, ...tail], value: first.value };
}

function pickKeyed(options: Node[], value: Record<string, unknown>): Node | undefined {
  if (typeof value.type === 'string') {
    const byType = options.find((o) => o['x-key'] === value.type);
    if (byType) return byType;
  }
  const present = options.filter((o) => typeof o['x-key'] === 'string' && (o['x-key'] as string) in value);
  return present.length === 1 ? present[0] : undefined;
}
