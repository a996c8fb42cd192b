// The meaning of a query's filter and sorts against a data source's schema (https://developers.notion.com/reference/filter-data-source-entries, https://developers.notion.com/reference/sort-data-source-entries): each
// condition of each property type becomes a predicate of store/query.ts, or Notion's
// validation_error when it does not fit the schema. Pure: the schema, the schemas of related data
// sources, the time and who "me" is are given.
import { validationError } from '../errors.js';
import { RELATIVE_DATE_CONDITIONS, type FilterRequest, type SortRequest, type Timestamp } from '../schemas/filters.js';
import type { RollupFunction } from '../schemas/properties.js';
import type { Aggregate, NumberOp, Predicate, RollupTarget, RowTest, ScalarTest, SortExpression, SortKey, TimestampColumn } from '../store/query.js';
import { formatIssue } from '../validation/format.js';
import { addMonths, DAY_MS, dayStart, instantOf, isDateOnly, isoInstant } from './instants.js';
import { findProperty, optionsOf, type PropertySchema, type Schema, type StatusGroup } from './schema.js';
import { DATE_ROLLUPS, NUMERIC_ROLLUPS } from './rollups.js';

export interface CompileContext {
  dataSourceId: string;
  schema: Schema;
  /** The schema of a related data source, when it exists. */
  relatedSchema(dataSourceId: string): Schema | undefined;
  /** Relative dates are evaluated against this instant, in UTC. */
  now: Date;
  /** The users "me" stands for in people filters. */
  me: string[];
  /** Status filters by group (`status.group`), and `equals` names options only (2026-12-01, or its beta). */
  statusGroups?: boolean;
}

type Condition = Record<string, unknown>;

const TEXT_TYPES = new Set(['title', 'rich_text', 'url', 'email', 'phone_number']);
// Text conditions are one condition under five names: Notion runs any of them on a property of
// any of the five text types (docs/decisions.md).
const isText = (type: string): boolean => TEXT_TYPES.has(type);
const NUMBER_OPS: Record<string, NumberOp> = {
  equals: '=',
  greater_than: '>',
  less_than: '<',
  greater_than_or_equal_to: '>=',
  less_than_or_equal_to: '<=',
};

const notFound = (key: string) => validationError(`Could not find property with name or id: ${key}`);
const mismatch = (propertyType: string, filterType: string) =>
  validationError(
    `The property type in the database does not match the property type of the filter provided: database property ${propertyType} does not match filter ${filterType}`,
  );

const not = (item: Predicate): Predicate => (item.kind === 'const' ? { kind: 'const', value: !item.value } : { kind: 'not', item });
const has = (target: ValueTarget, test?: RowTest): Predicate => ({ kind: 'has', dataSourceId: target.dataSourceId, propertyId: target.property.id, test });

/** The only condition of a condition object (the validator lets exactly one through). */
function only(condition: Condition): [string, unknown] {
  return Object.entries(condition)[0]!;
}

interface ValueTarget {
  dataSourceId: string;
  property: PropertySchema;
}

// ---- Dates ---------------------------------------------------------------------------------

/** The span a date filter value names: a whole UTC day for a date, one millisecond for a time. */
interface Span {
  from: number;
  to: number;
}

const RELATIVE_DAYS: Record<string, (today: number) => number> = {
  today: (t) => t,
  tomorrow: (t) => t + DAY_MS,
  yesterday: (t) => t - DAY_MS,
  one_week_ago: (t) => t - 7 * DAY_MS,
  one_week_from_now: (t) => t + 7 * DAY_MS,
  one_month_ago: (t) => addMonths(t, -1),
  one_month_from_now: (t) => addMonths(t, 1),
};

/** The span of a date filter value: an ISO 8601 date or date-time, or one of the relative dates. */
export function spanOf(value: string, now: Date, path: string): Span {
  const relative = RELATIVE_DAYS[value];
  if (relative) {
    const day = relative(dayStart(now.getTime()));
    return { from: day, to: day + DAY_MS };
  }
  const ms = /^\d{4}-\d{2}-\d{2}/.test(value) ? instantOf(value) : undefined;
  if (ms === undefined) {
    throw validationError(
      formatIssue('body', { kind: 'expected', path, expected: ['a valid ISO 8601 date string', 'a relative date such as `"today"`'], value }),
    );
  }
  return isDateOnly(value) ? { from: ms, to: ms + DAY_MS } : { from: ms, to: ms + 1 };
}

/**
 * The instants a relative range (`past_week`, ...) covers, as [from, to): whole UTC days, today
 * included. Weeks start on Sunday, Notion's default.
 */
export function relativeRange(condition: string, now: Date): Span {
  const today = dayStart(now.getTime());
  const tomorrow = today + DAY_MS;
  switch (condition) {
    case 'past_week':
      return { from: today - 7 * DAY_MS, to: tomorrow };
    case 'past_month':
      return { from: addMonths(today, -1), to: tomorrow };
    case 'past_year':
      return { from: addMonths(today, -12), to: tomorrow };
    case 'next_week':
      return { from: today, to: tomorrow + 7 * DAY_MS };
    case 'next_month':
      return { from: today, to: addMonths(today, 1) + DAY_MS };
    case 'next_year':
      return { from: today, to: addMonths(today, 12) + DAY_MS };
    default: {
      // this_week
      const sunday = today - new Date(today).getUTCDay() * DAY_MS;
      return { from: sunday, to: sunday + 7 * DAY_MS };
    }
  }
}

/** A date condition as a range of start instants [gte, lt), or an emptiness check. */
export type DateTest = { kind: 'range'; gte?: number; lt?: number } | { kind: 'empty'; empty: boolean };

export function dateTest(condition: Condition, now: Date, path: string): DateTest {
  const [name, value] = only(condition);
  if (name === 'is_empty') return { kind: 'empty', empty: true };
  if (name === 'is_not_empty') return { kind: 'empty', empty: false };
  if ((RELATIVE_DATE_CONDITIONS as readonly string[]).includes(name)) {
    const span = relativeRange(name, now);
    return { kind: 'range', gte: span.from, lt: span.to };
  }
  const span = spanOf(value as string, now, `${path}.${name}`);
  switch (name) {
    case 'equals':
      return { kind: 'range', gte: span.from, lt: span.to };
    case 'before':
      return { kind: 'range', lt: span.from };
    case 'after':
      return { kind: 'range', gte: span.to };
    case 'on_or_before':
      return { kind: 'range', lt: span.to };
    default:
      // on_or_after
      return { kind: 'range', gte: span.from };
  }
}

const MINUTE_MS = 60_000;
const ceilMinute = (ms: number): number => Math.ceil(ms / MINUTE_MS) * MINUTE_MS;

/**
 * Page timestamps are shown cut to the minute while stored exactly: a condition is met when the
 * time as shown meets it. For the shown time f(t) = floor(t), f(t) >= x exactly when t >= ceil(x).
 */
function timestampPredicate(column: TimestampColumn, test: DateTest): Predicate {
  if (test.kind === 'empty') return { kind: 'const', value: !test.empty };
  return {
    kind: 'timestamp',
    column,
    gte: test.gte === undefined ? undefined : isoInstant(ceilMinute(test.gte)),
    lt: test.lt === undefined ? undefined : isoInstant(ceilMinute(test.lt)),
  };
}

const rangeTest = (test: Extract<DateTest, { kind: 'range' }>): RowTest => ({
  kind: 'range',
  gte: test.gte === undefined ? undefined : isoInstant(test.gte),
  lt: test.lt === undefined ? undefined : isoInstant(test.lt),
});

// ---- Conditions per type -------------------------------------------------------------------

function existence(name: string, target: ValueTarget): Predicate | undefined {
  if (name === 'is_empty') return not(has(target));
  if (name === 'is_not_empty') return has(target);
  return undefined;
}

function textPredicate(target: ValueTarget, condition: Condition): Predicate {
  const [name, raw] = only(condition);
  const exists = existence(name, target);
  if (exists) return exists;
  const value = (raw as string).toLowerCase();
  // An empty value leaves the filter out, as the Notion app does with an empty filter box.
  if (value === '') return { kind: 'const', value: true };
  const test: RowTest =
    name === 'equals' || name === 'does_not_equal'
      ? { kind: 'text', op: 'equals', value }
      : { kind: 'text', op: name === 'starts_with' || name === 'ends_with' ? name : 'contains', value };
  // Negative conditions hold for pages without a value too.
  return name === 'does_not_equal' || name === 'does_not_contain' ? not(has(target, test)) : has(target, test);
}

function numberPredicate(target: ValueTarget, condition: Condition): Predicate {
  const [name, value] = only(condition);
  const exists = existence(name, target);
  if (exists) return exists;
  if (name === 'does_not_equal') return not(has(target, { kind: 'num', op: '=', value: value as number }));
  return has(target, { kind: 'num', op: NUMBER_OPS[name]!, value: value as number });
}

function checkboxPredicate(target: ValueTarget, condition: Condition): Predicate {
  const [name, value] = only(condition);
  const checked = has(target, { kind: 'num', op: '=', value: 1 });
  return (name === 'equals') === (value === true) ? checked : not(checked);
}

/** Option names, compared without regard to case (option names are unique that way). */
function optionPredicate(target: ValueTarget, condition: Condition): Predicate {
  const [name, value] = only(condition);
  const exists = existence(name, target);
  if (exists) return exists;
  const names = (Array.isArray(value) ? value : [value]).map((v) => (v as string).toLowerCase());
  const matches: Predicate = names.length === 0 ? { kind: 'const', value: false } : has(target, { kind: 'text_in', values: names });
  return name === 'equals' || name === 'contains' ? matches : not(matches);
}

/**
 * Status conditions (https://developers.notion.com/reference/filter-data-source-entries#status): `group` matches every
 * option of a group. Without group filters, `equals` a name no option has but a group has matches
 * that group's options, as Notion did before 2026-12-01; with them it names options only.
 */
function statusPredicate(target: ValueTarget, condition: Condition, groupsOn: boolean): Predicate {
  const groups = (target.property.config.groups as StatusGroup[] | undefined) ?? [];
  const options = optionsOf(target.property);
  const namesOfGroup = (name: string): string[] | undefined => {
    const group = groups.find((g) => g.name.toLowerCase() === name.toLowerCase());
    return group && options.filter((o) => group.option_ids.includes(o.id)).map((o) => o.name);
  };
  const [name, value] = only(condition);
  if (name === 'group') {
    if (!groupsOn) throw validationError(STATUS_GROUP_UNAVAILABLE);
    const [op, groupName] = only(value as Condition);
    return optionPredicate(target, { [op === 'equals' ? 'equals' : 'does_not_equal']: namesOfGroup(groupName as string) ?? [] });
  }
  if (groupsOn || (name !== 'equals' && name !== 'does_not_equal')) return optionPredicate(target, condition);
  const known = new Set(options.map((o) => o.name.toLowerCase()));
  const names = (Array.isArray(value) ? value : [value]) as string[];
  return optionPredicate(target, { [name]: names.flatMap((n) => (known.has(n.toLowerCase()) ? [n] : (namesOfGroup(n) ?? [n]))) });
}

export const STATUS_GROUP_UNAVAILABLE =
  'Status group filters need Notion-Version 2026-12-01, or the Notion-Beta header status-group-filters-2026-10-06 before it.';

function idPredicate(target: ValueTarget, condition: Condition, me: string[]): Predicate {
  const [name, value] = only(condition);
  const exists = existence(name, target);
  if (exists) return exists;
  const ids = value === 'me' ? me : [value as string];
  const matches: Predicate = ids.length === 0 ? { kind: 'const', value: false } : has(target, { kind: 'id_in', values: ids });
  return name === 'contains' ? matches : not(matches);
}

function datePredicate(target: ValueTarget, condition: Condition, now: Date, path: string): Predicate {
  const test = dateTest(condition, now, path);
  if (test.kind === 'empty') return test.empty ? not(has(target)) : has(target);
  return has(target, rangeTest(test));
}

function verificationPredicate(target: ValueTarget, condition: Condition, now: Date): Predicate {
  const [name, state] = only(condition);
  const at = now.toISOString();
  const is: Predicate = state === 'none' ? not(has(target)) : has(target, { kind: 'verified', at, expired: state === 'expired' });
  return name === 'status' ? is : not(is);
}

function userPredicate(column: 'created_by' | 'last_edited_by', condition: Condition, me: string[]): Predicate {
  const [name, value] = only(condition);
  // Every page has a creator and an editor.
  if (name === 'is_empty' || name === 'is_not_empty') return { kind: 'const', value: name === 'is_not_empty' };
  const matches: Predicate = { kind: 'user', column, ids: value === 'me' ? me : [value as string] };
  return name === 'contains' ? matches : not(matches);
}

/** The predicate of a condition of the property's own type (`filterType` is its key in the request). */
function propertyPredicate(ctx: CompileContext, target: ValueTarget, filterType: string, condition: Condition, path: string): Predicate {
  const type = target.property.type;
  if (TEXT_TYPES.has(type)) return textPredicate(target, condition);
  switch (type) {
    case 'number':
    case 'unique_id':
      return numberPredicate(target, condition);
    case 'checkbox':
      return checkboxPredicate(target, condition);
    case 'status':
      return statusPredicate(target, condition, ctx.statusGroups === true);
    case 'select':
    case 'multi_select':
      return optionPredicate(target, condition);
    case 'people':
    case 'relation':
      return idPredicate(target, condition, ctx.me);
    case 'files':
      return existence(only(condition)[0], target)!;
    case 'date':
      return datePredicate(target, condition, ctx.now, `${path}.${filterType}`);
    case 'created_time':
    case 'last_edited_time':
      return timestampPredicate(type, dateTest(condition, ctx.now, `${path}.${filterType}`));
    case 'created_by':
    case 'last_edited_by':
      return userPredicate(type, condition, ctx.me);
    case 'verification':
      return verificationPredicate(target, condition, ctx.now);
    case 'formula':
      // Formula conditions are evaluated outside SQL (properties/query-formulas.ts routes them there).
      throw validationError(`Conditions on the formula property ${target.property.name} are not compiled to SQL.`);
    default:
      throw mismatch(type, filterType);
  }
}

// ---- Rollups -------------------------------------------------------------------------------

/** The filter type that conditions on values of a property of `type` use inside rollups. */
function rollupItemType(type: string): string | undefined {
  if (TEXT_TYPES.has(type)) return 'rich_text';
  if (type === 'unique_id') return 'number';
  if (type === 'created_time' || type === 'last_edited_time') return 'date';
  if (type === 'created_by' || type === 'last_edited_by') return 'people';
  if (['number', 'checkbox', 'select', 'multi_select', 'status', 'relation', 'date', 'people', 'files'].includes(type)) return type;
  return undefined;
}

interface RollupSource {
  relation: PropertySchema;
  targetDataSourceId: string;
  target: PropertySchema;
  fn: RollupFunction;
}

function rollupSource(ctx: CompileContext, rollup: PropertySchema): RollupSource {
  const config = rollup.config as { function: RollupFunction; relation_property_id?: string; rollup_property_id?: string };
  const relation = findProperty(ctx.schema, decodeURIComponent(config.relation_property_id ?? ''));
  const targetDataSourceId = relation?.type === 'relation' ? (relation.config.data_source_id as string) : undefined;
  const targetSchema = targetDataSourceId ? ctx.relatedSchema(targetDataSourceId) : undefined;
  const target = targetSchema && findProperty(targetSchema, decodeURIComponent(config.rollup_property_id ?? ''));
  if (!relation || !targetDataSourceId || !target) {
    throw validationError(`The rollup property ${rollup.name} reads a relation or property that no longer exists.`);
  }
  // Formula values are computed when read: the value index, which rollup conditions read in SQL,
  // holds none of them.
  if (target.type === 'formula') throw validationError(`Filters and sorts on rollups of formulas are not supported: ${rollup.name}.`);
  return { relation, targetDataSourceId, target, fn: config.function };
}

function rollupTarget(target: PropertySchema): RollupTarget {
  const t = target.type;
  if (t === 'created_time' || t === 'last_edited_time' || t === 'created_by' || t === 'last_edited_by') return { kind: 'column', column: t };
  return { kind: 'values', propertyId: target.id, type: t };
}

function rollupPredicate(ctx: CompileContext, rollup: PropertySchema, condition: Condition, path: string): Predicate {
  const source = rollupSource(ctx, rollup);
  const [form, inner] = only(condition);
  if (form === 'any' || form === 'every' || form === 'none') {
    const [itemType, itemCondition] = only(inner as Condition);
    const expected = rollupItemType(source.target.type);
    if (itemType !== expected && !(expected === 'rich_text' && isText(itemType))) throw mismatch(expected ?? source.target.type, itemType);
    const item = propertyPredicate(
      { ...ctx, dataSourceId: source.targetDataSourceId },
      { dataSourceId: source.targetDataSourceId, property: source.target },
      itemType,
      itemCondition as Condition,
      `${path}.rollup.${form}`,
    );
    return { kind: 'related', mode: form, dataSourceId: ctx.dataSourceId, relationId: source.relation.id, item };
  }
  // number / date: a condition on the rollup's result.
  const resultType = NUMERIC_ROLLUPS.has(source.fn) ? 'number' : DATE_ROLLUPS.has(source.fn) ? 'date' : 'array';
  if (resultType !== form) throw mismatch(`rollup (${resultType})`, form);
  if (source.fn === 'median') throw validationError(`Filters on median rollups are not supported: ${rollup.name}.`);
  const aggregate: Aggregate = { relationId: source.relation.id, fn: source.fn, target: rollupTarget(source.target) };
  return { kind: 'aggregate', aggregate, test: scalarTest(form, inner as Condition, ctx.now, `${path}.rollup.${form}`) };
}

function scalarTest(form: string, condition: Condition, now: Date, path: string): ScalarTest {
  const [name, value] = only(condition);
  if (name === 'is_empty' || name === 'is_not_empty') return { kind: 'empty', empty: name === 'is_empty' };
  if (form === 'number') {
    return name === 'does_not_equal' ? { kind: 'num', op: '<>', value: value as number } : { kind: 'num', op: NUMBER_OPS[name]!, value: value as number };
  }
  const test = dateTest(condition, now, path);
  if (test.kind === 'empty') return test;
  return { kind: 'range', gte: test.gte === undefined ? undefined : isoInstant(test.gte), lt: test.lt === undefined ? undefined : isoInstant(test.lt) };
}

// ---- Filters -------------------------------------------------------------------------------

function leafPredicate(ctx: CompileContext, filter: FilterRequest, path: string): Predicate {
  const filterType = Object.keys(filter).find((k) => k !== 'property' && k !== 'type' && k !== 'timestamp')!;
  const condition = filter[filterType] as Condition;
  if (filter.timestamp !== undefined) {
    // Timestamp filters name no property; "the API throws an error if you provide one" (https://developers.notion.com/reference/filter-data-source-entries).
    if (filter.property !== undefined) throw validationError(formatIssue('body', { kind: 'not_present', path: `${path}.property`, value: filter.property }));
    return timestampPredicate(filter.timestamp as Timestamp, dateTest(condition, ctx.now, `${path}.${filterType}`));
  }
  if (filter.property === undefined) throw validationError(formatIssue('body', { kind: 'required', path: `${path}.property` }));
  const key = filter.property as string;
  const property = findProperty(ctx.schema, key);
  if (!property) throw notFound(key);
  if (property.type !== filterType && !(isText(property.type) && isText(filterType))) throw mismatch(property.type, filterType);
  if (property.type === 'rollup') return rollupPredicate(ctx, property, condition, path);
  return propertyPredicate(ctx, { dataSourceId: ctx.dataSourceId, property }, filterType, condition, path);
}

/** The predicate of a request's filter (validated in shape by schemas/filters.ts). */
export function compileFilter(ctx: CompileContext, filter: FilterRequest | undefined, path = 'body.filter'): Predicate {
  if (filter === undefined) return { kind: 'const', value: true };
  for (const op of ['and', 'or'] as const) {
    const items = filter[op];
    if (Array.isArray(items)) {
      return { kind: op, items: items.map((item, i) => compileFilter(ctx, item as FilterRequest, `${path}.${op}[${i}]`)) };
    }
  }
  return leafPredicate(ctx, filter, path);
}

// ---- Sorts ---------------------------------------------------------------------------------

function sortExpression(ctx: CompileContext, property: PropertySchema): SortExpression {
  const value = (field: 'txt_lower' | 'txt' | 'num' | 'date_start'): SortExpression => ({ kind: 'value', propertyId: property.id, field });
  const type = property.type;
  if (TEXT_TYPES.has(type) || type === 'files') return value('txt_lower');
  switch (type) {
    case 'number':
    case 'unique_id':
    case 'checkbox':
    case 'select':
    case 'status':
    case 'multi_select':
      return value('num');
    case 'date':
      return value('date_start');
    case 'people':
    case 'relation':
    case 'verification':
      // Ids are lower-case already: their lower-cased column is the indexed one.
      return value('txt_lower');
    case 'created_time':
    case 'last_edited_time':
    case 'created_by':
    case 'last_edited_by':
      return { kind: 'column', column: type };
    case 'rollup': {
      const source = rollupSource(ctx, property);
      if (!NUMERIC_ROLLUPS.has(source.fn) && !DATE_ROLLUPS.has(source.fn)) return { kind: 'none' };
      if (source.fn === 'median') return { kind: 'none' };
      return { kind: 'aggregate', aggregate: { relationId: source.relation.id, fn: source.fn, target: rollupTarget(source.target) } };
    }
    case 'formula':
      // Formula sorts are evaluated outside SQL (properties/query-formulas.ts).
      return { kind: 'none' };
    default:
      return { kind: 'none' };
  }
}

/** The sort keys of a request's sorts; earlier entries take precedence (https://developers.notion.com/reference/sort-data-source-entries). */
export function compileSorts(ctx: CompileContext, sorts: SortRequest[] | undefined): SortKey[] {
  return (sorts ?? []).map((sort) => {
    if ('timestamp' in sort) return { expression: { kind: 'column', column: sort.timestamp }, direction: sort.direction };
    const property = findProperty(ctx.schema, sort.property);
    if (!property) throw validationError(`Could not find sort property with name or id: ${sort.property}`);
    return { expression: sortExpression(ctx, property), direction: sort.direction };
  });
}

/**
 * The full order of results: the requested sorts, then creation time and id in the direction of
 * the last sort. Without sorts, pages come in the order they were created (docs/decisions.md).
 * Creation time before id lets the pages that tie (empty values, most often) be read in the order
 * of the index blocks_created.
 */
export function resultOrder(sorts: SortKey[]): SortKey[] {
  const last = sorts[sorts.length - 1];
  if (last?.expression.kind === 'column' && last.expression.column === 'created_time') return sorts;
  return [...sorts, { expression: { kind: 'column', column: 'created_time' }, direction: last?.direction ?? 'ascending' }];
}
