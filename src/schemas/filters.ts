// Request shapes of data source queries: filters, sorts, pagination.
// https://developers.notion.com/reference/filter-data-source-entries
// The filter grammar is declared here once, so shape errors come out in Notion's validation
// grammar; what a filter means against a schema is checked by services/query-compile.ts.
import { Type, type TSchema } from '@sinclair/typebox';
import { hasArchived, hasDataSources, type ApiVersion } from '../api-version.js';
import { Enum, Keyed, Nullable, Strict, Uuid } from './common.js';

/** One condition object: exactly one of `conditions`, told apart by its key. */
function conditions(alternatives: Record<string, TSchema>): TSchema {
  const keys = Object.keys(alternatives);
  return Keyed(
    keys.map((key) => Strict({ [key]: alternatives[key]! })),
    keys,
  );
}

const True = Type.Literal(true);
const existence = { is_empty: True, is_not_empty: True };
const Empty = Strict({});
const StringOrStrings = Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 100 })]);
const PersonIdOrMe = Type.Union([Uuid, Type.Literal('me')]);

export const TEXT_CONDITIONS = ['equals', 'does_not_equal', 'contains', 'does_not_contain', 'starts_with', 'ends_with'] as const;
export const NUMBER_CONDITIONS = ['equals', 'does_not_equal', 'greater_than', 'less_than', 'greater_than_or_equal_to', 'less_than_or_equal_to'] as const;
export const DATE_CONDITIONS = ['equals', 'before', 'after', 'on_or_before', 'on_or_after'] as const;
export const RELATIVE_DATE_CONDITIONS = ['this_week', 'past_week', 'past_month', 'past_year', 'next_week', 'next_month', 'next_year'] as const;
export const VERIFICATION_STATES = ['verified', 'expired', 'none'] as const;

const TextCondition = conditions({ ...Object.fromEntries(TEXT_CONDITIONS.map((c) => [c, Type.String()])), ...existence });
const NumberCondition = conditions({ ...Object.fromEntries(NUMBER_CONDITIONS.map((c) => [c, Type.Number()])), ...existence });
const CheckboxCondition = conditions({ equals: Type.Boolean(), does_not_equal: Type.Boolean() });
const SelectCondition = conditions({ equals: StringOrStrings, does_not_equal: StringOrStrings, ...existence });
// Status groups: https://developers.notion.com/reference/filter-data-source-entries#status
const StatusCondition = conditions({
  equals: StringOrStrings,
  does_not_equal: StringOrStrings,
  ...existence,
  group: conditions({ equals: Type.String(), does_not_equal: Type.String() }),
});
const MultiSelectCondition = conditions({ contains: StringOrStrings, does_not_contain: StringOrStrings, ...existence });
const DateCondition = conditions({
  ...Object.fromEntries(DATE_CONDITIONS.map((c) => [c, Type.String()])),
  ...Object.fromEntries(RELATIVE_DATE_CONDITIONS.map((c) => [c, Empty])),
  ...existence,
});
const PeopleCondition = conditions({ contains: PersonIdOrMe, does_not_contain: PersonIdOrMe, ...existence });
const RelationCondition = conditions({ contains: Uuid, does_not_contain: Uuid, ...existence });
const FilesCondition = conditions(existence);
const VerificationCondition = conditions({ status: Enum(VERIFICATION_STATES), does_not_equal: Enum(VERIFICATION_STATES) });
const FormulaCondition = conditions({ string: TextCondition, checkbox: CheckboxCondition, number: NumberCondition, date: DateCondition });
const RollupItemCondition = conditions({
  rich_text: TextCondition,
  number: NumberCondition,
  checkbox: CheckboxCondition,
  select: SelectCondition,
  multi_select: MultiSelectCondition,
  relation: RelationCondition,
  date: DateCondition,
  people: PeopleCondition,
  files: FilesCondition,
  status: SelectCondition,
});
const RollupCondition = conditions({
  any: RollupItemCondition,
  none: RollupItemCondition,
  every: RollupItemCondition,
  date: DateCondition,
  number: NumberCondition,
});

/** Filter types in the order Notion's "Fix one:" message lists them. */
const LEAF_CONDITIONS: Array<[string, TSchema]> = [
  ['title', TextCondition],
  ['rich_text', TextCondition],
  ['number', NumberCondition],
  ['checkbox', CheckboxCondition],
  ['select', SelectCondition],
  ['multi_select', MultiSelectCondition],
  ['status', StatusCondition],
  ['date', DateCondition],
  ['people', PeopleCondition],
  ['files', FilesCondition],
  ['url', TextCondition],
  ['email', TextCondition],
  ['phone_number', TextCondition],
  ['relation', RelationCondition],
  ['created_by', PeopleCondition],
  ['created_time', DateCondition],
  ['last_edited_by', PeopleCondition],
  ['last_edited_time', DateCondition],
  ['formula', FormulaCondition],
  ['unique_id', NumberCondition],
  ['rollup', RollupCondition],
  ['verification', VerificationCondition],
];

export const FILTER_TYPES = LEAF_CONDITIONS.map(([key]) => key);
export const TIMESTAMPS = ['created_time', 'last_edited_time'] as const;
export type Timestamp = (typeof TIMESTAMPS)[number];

// The type key comes first: a filter without any is told which keys would do ("Fix one:"), as
// Notion tells it. Timestamp filters name `timestamp` instead of `property`; which of
// the two is given is checked with the schema at hand.
const leaves = LEAF_CONDITIONS.map(([key, condition]) =>
  (TIMESTAMPS as readonly string[]).includes(key)
    ? Strict({ [key]: condition, property: Type.Optional(Type.String()), timestamp: Type.Optional(Type.Literal(key)), type: Type.Optional(Type.Literal(key)) })
    : Strict({ [key]: condition, property: Type.String(), type: Type.Optional(Type.Literal(key)) }),
);

/** A compound's members: at most 100 (docs silent; the request limit of arrays). */
const members = (item: TSchema) => Type.Array(item, { maxItems: 100 });
export const Leaf = Keyed(leaves, FILTER_TYPES);
// "Nesting is supported up to two levels deep": a compound inside a compound holds leaves only.
const Inner = Keyed([Strict({ or: members(Leaf) }), Strict({ and: members(Leaf) }), ...leaves], ['or', 'and', ...FILTER_TYPES]);
export const Filter = Keyed([Strict({ or: members(Inner) }), Strict({ and: members(Inner) }), ...leaves], ['or', 'and', ...FILTER_TYPES]);

export const Direction = Enum(['ascending', 'descending'] as const);
export const Sort = Keyed(
  [Strict({ property: Type.String(), direction: Direction }), Strict({ timestamp: Enum(TIMESTAMPS), direction: Direction })],
  ['property', 'timestamp'],
);

const queryFields = {
  filter: Type.Optional(Filter),
  sorts: Type.Optional(Type.Array(Sort, { maxItems: 100 })),
  start_cursor: Type.Optional(Nullable(Type.String())),
  page_size: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  in_trash: Type.Optional(Type.Boolean()),
};

const QueryDatabaseBody = Strict({ ...queryFields, archived: Type.Optional(Type.Boolean()) });
const QueryDataSourceBody2025 = Strict({
  ...queryFields,
  archived: Type.Optional(Type.Boolean()),
  result_type: Type.Optional(Enum(['page', 'data_source'] as const)),
});
const QueryDataSourceBody2026 = Strict({ ...queryFields, result_type: Type.Optional(Enum(['page', 'data_source'] as const)) });

/** The body of a query: `result_type` from 2025-09-03 on (data sources), no `archived` in 2026-03-11. */
export function queryBody(version: ApiVersion): TSchema {
  if (!hasDataSources(version)) return QueryDatabaseBody;
  return hasArchived(version) ? QueryDataSourceBody2025 : QueryDataSourceBody2026;
}

/** A filter as the validator lets it through; its meaning is checked against the schema. */
export type FilterRequest = Record<string, unknown>;
export type SortRequest = { property: string; direction: 'ascending' | 'descending' } | { timestamp: Timestamp; direction: 'ascending' | 'descending' };

export interface QueryBody {
  filter?: FilterRequest;
  sorts?: SortRequest[];
  start_cursor?: string | null;
  page_size?: number;
  in_trash?: boolean;
  archived?: boolean;
  result_type?: 'page' | 'data_source';
}
