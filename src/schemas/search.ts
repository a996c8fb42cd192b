// Request shape of POST /v1/search (https://developers.notion.com/reference/post-search), per version: the object filter names databases
// under 2022-06-28 and data sources from 2025-09-03; 2026-03-11 adds `in_trash` to the filter
// and a relevance sort.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { hasDataSources, hasSearchTrashFilter, type ApiVersion } from '../api-version.js';
import { Enum, Keyed, Nullable, Strict } from './common.js';

// Notion's own message says `direction` may be left out ("should be `"ascending"`,
// `"descending"`, or `undefined`").
const TimestampSort = Strict({
  timestamp: Type.Literal('last_edited_time'),
  direction: Type.Optional(Enum(['ascending', 'descending'] as const)),
});

const common = {
  query: Type.Optional(Type.String()),
  start_cursor: Type.Optional(Nullable(Type.String())),
  page_size: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
};

const objectFilter = <const T extends readonly string[]>(values: T) => ({ property: Type.Literal('object'), value: Enum(values) });

const SearchBodyLegacy = Strict({
  ...common,
  filter: Type.Optional(Strict(objectFilter(['page', 'database'] as const))),
  sort: Type.Optional(TimestampSort),
});

const SearchBody2025 = Strict({
  ...common,
  filter: Type.Optional(Strict(objectFilter(['page', 'data_source'] as const))),
  sort: Type.Optional(TimestampSort),
});

const SearchBody2026 = Strict({
  ...common,
  filter: Type.Optional(
    Keyed(
      [Strict({ ...objectFilter(['page', 'data_source'] as const), in_trash: Type.Optional(Type.Boolean()) }), Strict({ in_trash: Type.Boolean() })],
      ['property', 'in_trash'],
    ),
  ),
  sort: Type.Optional(Keyed([TimestampSort, Strict({ property: Type.Literal('relevance') })], ['timestamp', 'property'])),
});

export type SearchBody = Static<typeof SearchBodyLegacy> | Static<typeof SearchBody2025> | Static<typeof SearchBody2026>;

export function searchBody(v: ApiVersion): TSchema {
  if (!hasDataSources(v)) return SearchBodyLegacy;
  return hasSearchTrashFilter(v) ? SearchBody2026 : SearchBody2025;
}
