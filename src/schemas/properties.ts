// Property shapes: the schema of a data source (configuration requests,
// https://developers.notion.com/reference/property-object) and the values a page holds (value
// requests, https://developers.notion.com/reference/page-property-values).
import { Type, type TProperties, type TSchema } from '@sinclair/typebox';
import { LIMITS } from '../formula/limits.js';
import { DateRequest, Enum, Keyed, Nullable, RichTextRequest, Strict, StringRequest, TextRequest, Uuid } from './common.js';

export const SELECT_COLORS = ['default', 'gray', 'brown', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'red'] as const;
export type SelectColor = (typeof SELECT_COLORS)[number];

export const NUMBER_FORMATS = [
  'number',
  'number_with_commas',
  'percent',
  'dollar',
  'australian_dollar',
  'canadian_dollar',
  'singapore_dollar',
  'euro',
  'pound',
  'yen',
  'ruble',
  'rupee',
  'won',
  'yuan',
  'real',
  'lira',
  'rupiah',
  'franc',
  'hong_kong_dollar',
  'new_zealand_dollar',
  'krona',
  'norwegian_krone',
  'mexican_peso',
  'rand',
  'new_taiwan_dollar',
  'danish_krone',
  'zloty',
  'baht',
  'forint',
  'koruna',
  'shekel',
  'chilean_peso',
  'philippine_peso',
  'dirham',
  'colombian_peso',
  'riyal',
  'ringgit',
  'leu',
  'argentine_peso',
  'uruguayan_peso',
  'peruvian_sol',
  'vietnamese_dong',
  'pakistani_rupee',
  'nigerian_naira',
  'bitcoin',
] as const;

export const ROLLUP_FUNCTIONS = [
  'count',
  'count_values',
  'empty',
  'not_empty',
  'unique',
  'show_unique',
  'percent_empty',
  'percent_not_empty',
  'sum',
  'average',
  'median',
  'min',
  'max',
  'range',
  'earliest_date',
  'latest_date',
  'date_range',
  'checked',
  'unchecked',
  'percent_checked',
  'percent_unchecked',
  'count_per_group',
  'percent_per_group',
  'show_original',
] as const;
export type RollupFunction = (typeof ROLLUP_FUNCTIONS)[number];

/** Every property type a data source schema can hold, in the order Notion lists them. */
export const PROPERTY_TYPES = [
  'title',
  'rich_text',
  'number',
  'select',
  'multi_select',
  'status',
  'date',
  'people',
  'files',
  'checkbox',
  'url',
  'email',
  'phone_number',
  'formula',
  'relation',
  'rollup',
  'created_time',
  'created_by',
  'last_edited_time',
  'last_edited_by',
  'unique_id',
  'button',
  'verification',
  'place',
] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

const description = { description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))) };

// A create request may carry options as read from another data source; their `id` is ignored
// there, since every option of a new property is new.
const OptionRequest = Strict({
  id: Type.Optional(StringRequest),
  name: TextRequest,
  color: Type.Optional(Enum(SELECT_COLORS)),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});
// On update an option is named by id or by name; either may come with the other fields.
const OptionUpdateRequest = Strict({
  id: Type.Optional(StringRequest),
  name: Type.Optional(TextRequest),
  color: Type.Optional(Enum(SELECT_COLORS)),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});

const empty = Strict({});

const StatusGroupEcho = Strict({
  id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  color: Type.Optional(Enum(SELECT_COLORS)),
  option_ids: Type.Optional(Type.Array(Type.String())),
});

// From 2025-09-03 a relation names its target by `data_source_id` only; 2022-06-28 takes a
// `database_id` (of a single-source database), a `data_source_id`, or both.
function relationConfig(legacy: boolean) {
  // A relation reads back with both ids, so from 2025-09-03 `database_id` may come beside the
  // required `data_source_id`, which alone names the target.
  const target: TProperties = legacy
    ? { data_source_id: Type.Optional(Uuid), database_id: Type.Optional(Uuid) }
    : { data_source_id: Uuid, database_id: Type.Optional(Uuid) };
  return Keyed(
    [
      Strict({ ...target, type: Type.Optional(Type.Literal('single_property')), single_property: empty }),
      Strict({
        ...target,
        type: Type.Optional(Type.Literal('dual_property')),
        dual_property: Strict({
          synced_property_id: Type.Optional(Type.String()),
          synced_property_name: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
        }),
      }),
    ],
    ['single_property', 'dual_property'],
  );
}

const RollupConfig = Strict({
  function: Enum(ROLLUP_FUNCTIONS),
  relation_property_name: Type.Optional(Type.String()),
  relation_property_id: Type.Optional(Type.String()),
  rollup_property_name: Type.Optional(Type.String()),
  rollup_property_id: Type.Optional(Type.String()),
});

/** The configuration object of each type, as a create request carries it. */
function configs(update: boolean, legacyRelations: boolean): Record<PropertyType, TSchema> {
  const options = Type.Optional(Type.Array(update ? OptionUpdateRequest : OptionRequest, { maxItems: 100 }));
  return {
    title: empty,
    rich_text: empty,
    number: Strict({ format: Type.Optional(Enum(NUMBER_FORMATS)) }),
    select: Strict({ options }),
    multi_select: Strict({ options }),
    // Groups are not writable through the API; as read, they are accepted and left as they are.
    status: Strict({ options, groups: Type.Optional(Type.Array(StatusGroupEcho)) }),
    date: empty,
    people: empty,
    files: empty,
    checkbox: empty,
    url: empty,
    email: empty,
    phone_number: empty,
    formula: Strict({ expression: Type.Optional(Type.String({ maxLength: LIMITS.expression })) }),
    relation: relationConfig(legacyRelations),
    rollup: RollupConfig,
    created_time: empty,
    created_by: empty,
    last_edited_time: empty,
    last_edited_by: empty,
    unique_id: Strict({ prefix: Type.Optional(Nullable(Type.String({ maxLength: 100 }))) }),
    button: empty,
    verification: empty,
    place: empty,
  };
}

// A client may send back a property object as it read it, so its `id` is accepted beside `name`,
// `description` and `type`, and ignored: the map key names the property (docs/decisions.md).
const echoedId = { id: Type.Optional(Type.String()) };

function configRequest(update: boolean, legacyRelations = true) {
  const byType = configs(update, legacyRelations);
  // A configuration names its type by its one type key (`type` alone is not enough).
  return Type.Union(
    PROPERTY_TYPES.map((t) =>
      Object.assign(
        Strict({
          ...echoedId,
          type: Type.Optional(Type.Literal(t)),
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
          ...description,
          [t]: byType[t],
        }),
        {
          'x-key': t,
        },
      ),
    ),
    { 'x-keyed': true },
  );
}

export const PropertyConfigRequest = configRequest(false, false);
export const PropertyConfigRequestLegacy = configRequest(false, true);
export const PropertyConfigUpdate = configRequest(true);

/** A schema change for one property: a new configuration, a rename (`{name}`), or `null` to remove it. */
export const PropertyUpdateRequest = Nullable(
  Type.Union([PropertyConfigUpdate, Strict({ ...echoedId, name: Type.String({ minLength: 1, maxLength: 2000 }), ...description })]),
);

export const PropertiesCreateRequest = Type.Record(Type.String(), PropertyConfigRequest);
export const PropertiesCreateRequestLegacy = Type.Record(Type.String(), PropertyConfigRequestLegacy);
export const PropertiesUpdateRequest = Type.Record(Type.String(), PropertyUpdateRequest);

// ---- values ----

const NamedOption = Type.Union([
  Strict({
    name: TextRequest,
    id: Type.Optional(StringRequest),
    color: Type.Optional(Enum(SELECT_COLORS)),
    description: Type.Optional(Nullable(Type.String())),
  }),
  Strict({
    id: StringRequest,
    name: Type.Optional(TextRequest),
    color: Type.Optional(Enum(SELECT_COLORS)),
    description: Type.Optional(Nullable(Type.String())),
  }),
]);

const UserRef = Type.Object({ id: Uuid, object: Type.Optional(Enum(['user', 'group'] as const)) });

const FileValue = Type.Union([
  Strict({ name: StringRequest, type: Type.Optional(Type.Literal('external')), external: Strict({ url: TextRequest }) }),
  Strict({ name: Type.Optional(StringRequest), type: Type.Optional(Type.Literal('file_upload')), file_upload: Strict({ id: Uuid }) }),
  Strict({ name: StringRequest, type: Type.Optional(Type.Literal('file')), file: Strict({ url: TextRequest, expiry_time: Type.Optional(Type.String()) }) }),
]);

/** Writable value types, in the order Notion's union message lists them. */
export const WRITABLE_VALUE_TYPES = [
  'title',
  'rich_text',
  'number',
  'url',
  'select',
  'multi_select',
  'people',
  'email',
  'phone_number',
  'date',
  'checkbox',
  'relation',
  'files',
  'status',
  'place',
  'verification',
] as const;
export type WritableValueType = (typeof WRITABLE_VALUE_TYPES)[number];

export const VALUE_SCHEMAS: Record<WritableValueType, TSchema> = {
  title: RichTextRequest,
  rich_text: RichTextRequest,
  number: Nullable(Type.Number()),
  // Empty strings do not clear a value; null does
  // (https://developers.notion.com/reference/page-property-values).
  url: Nullable(TextRequest),
  select: Nullable(NamedOption),
  multi_select: Type.Array(NamedOption, { maxItems: 100 }),
  people: Type.Array(UserRef, { maxItems: 100 }),
  email: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  phone_number: Nullable(Type.String({ minLength: 1, maxLength: 200 })),
  date: Nullable(DateRequest),
  checkbox: Type.Boolean(),
  relation: Type.Array(Type.Object({ id: Uuid }), { maxItems: 100 }),
  files: Type.Array(FileValue, { maxItems: 100 }),
  status: Nullable(NamedOption),
  place: Nullable(
    Strict({
      lat: Type.Number({ minimum: -90, maximum: 90 }),
      lon: Type.Number({ minimum: -180, maximum: 180 }),
      name: Type.Optional(Nullable(Type.String())),
      address: Type.Optional(Nullable(Type.String())),
      aws_place_id: Type.Optional(Nullable(Type.String())),
      google_place_id: Type.Optional(Nullable(Type.String())),
    }),
  ),
  verification: Type.Union([
    // `verified_by` is what a value reads back with; it is set by the server, never by the request.
    Strict({ state: Type.Literal('verified'), date: Type.Optional(Nullable(DateRequest)), verified_by: Type.Optional(Nullable(Type.Object({}))) }),
    Strict({ state: Type.Literal('unverified'), date: Type.Optional(Type.Null()), verified_by: Type.Optional(Type.Null()) }),
  ]),
};
