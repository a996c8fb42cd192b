// Request shapes of the views API (https://developers.notion.com/reference/view,
// https://developers.notion.com/reference/create-view): a view, its per-type configuration, and
// the queries run through it. Filters and sorts are those of data source queries (filters.ts).
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Enum, Keyed, Nullable, Strict, Uuid } from './common.js';
import { Filter, Sort } from './filters.js';

export const VIEW_TYPES = ['table', 'board', 'list', 'calendar', 'timeline', 'gallery', 'form', 'chart', 'map', 'dashboard'] as const;
export type ViewType = (typeof VIEW_TYPES)[number];

export const ViewIdParams = Strict({ view_id: Uuid });
export const ViewQueryParams = Strict({ view_id: Uuid, query_id: Uuid });

const Opt = <T extends TSchema>(schema: T) => Type.Optional(schema);
const OptNull = <T extends TSchema>(schema: T) => Type.Optional(Nullable(schema));
const GroupSort = Strict({ type: Enum(['manual', 'ascending', 'descending'] as const) });
const DATE_GROUPS = ['relative', 'day', 'week', 'month', 'year'] as const;
const TEXT_GROUPS = ['exact', 'alphabet_prefix'] as const;
const groupCommon = { property_id: Type.String(), sort: GroupSort, hide_empty_groups: Opt(Type.Boolean()) };
const numberRange = { range_start: Opt(Type.Number()), range_end: Opt(Type.Number()), range_size: Opt(Type.Number({ minimum: 1 })) };
const startDay = { start_day_of_week: Opt(Type.Union([Type.Literal(0), Type.Literal(1)])) };

const FormulaSubGroupBy = Keyed(
  [
    Strict({ type: Type.Literal('date'), group_by: Enum(DATE_GROUPS), sort: GroupSort, ...startDay }),
    Strict({ type: Type.Literal('text'), group_by: Enum(TEXT_GROUPS), sort: GroupSort }),
    Strict({ type: Type.Literal('number'), sort: GroupSort, ...numberRange }),
    Strict({ type: Type.Literal('checkbox'), sort: GroupSort }),
  ],
  ['date', 'text', 'number', 'checkbox'],
);

/** The property types a group-by names, each with the fields of its kind. */
export const GROUP_BY_TYPES: Record<string, TSchema> = {
  select: Strict({ type: Type.Literal('select'), ...groupCommon }),
  multi_select: Strict({ type: Type.Literal('multi_select'), ...groupCommon }),
  status: Strict({ type: Type.Literal('status'), group_by: Enum(['group', 'option'] as const), ...groupCommon }),
  person: Strict({ type: Type.Literal('person'), ...groupCommon }),
  created_by: Strict({ type: Type.Literal('created_by'), ...groupCommon }),
  last_edited_by: Strict({ type: Type.Literal('last_edited_by'), ...groupCommon }),
  relation: Strict({ type: Type.Literal('relation'), ...groupCommon }),
  date: Strict({ type: Type.Literal('date'), group_by: Enum(DATE_GROUPS), ...groupCommon, ...startDay }),
  created_time: Strict({ type: Type.Literal('created_time'), group_by: Enum(DATE_GROUPS), ...groupCommon, ...startDay }),
  last_edited_time: Strict({ type: Type.Literal('last_edited_time'), group_by: Enum(DATE_GROUPS), ...groupCommon, ...startDay }),
  text: Strict({ type: Type.Literal('text'), group_by: Enum(TEXT_GROUPS), ...groupCommon }),
  title: Strict({ type: Type.Literal('title'), group_by: Enum(TEXT_GROUPS), ...groupCommon }),
  url: Strict({ type: Type.Literal('url'), group_by: Enum(TEXT_GROUPS), ...groupCommon }),
  email: Strict({ type: Type.Literal('email'), group_by: Enum(TEXT_GROUPS), ...groupCommon }),
  phone_number: Strict({ type: Type.Literal('phone_number'), group_by: Enum(TEXT_GROUPS), ...groupCommon }),
  number: Strict({ type: Type.Literal('number'), ...groupCommon, ...numberRange }),
  checkbox: Strict({ type: Type.Literal('checkbox'), ...groupCommon }),
  formula: Strict({ type: Type.Literal('formula'), property_id: Type.String(), group_by: FormulaSubGroupBy, hide_empty_groups: Opt(Type.Boolean()) }),
};
const GroupBy = Keyed(Object.values(GROUP_BY_TYPES) as never, Object.keys(GROUP_BY_TYPES));

export const ViewPropertyConfig = Strict({
  property_id: Type.String(),
  visible: Opt(Type.Boolean()),
  width: Opt(Type.Number({ minimum: 0 })),
  wrap: Opt(Type.Boolean()),
  status_show_as: Opt(Enum(['select', 'checkbox'] as const)),
  card_property_width_mode: Opt(Enum(['full_line', 'inline'] as const)),
  date_format: Opt(Enum(['full', 'short', 'month_day_year', 'day_month_year', 'year_month_day', 'relative'] as const)),
  time_format: Opt(Enum(['12_hour', '24_hour', 'hidden'] as const)),
});
const Properties = OptNull(Type.Array(ViewPropertyConfig, { maxItems: 500 }));
const Cover = Strict({ type: Enum(['page_cover', 'page_content', 'property'] as const), property_id: Opt(Type.String()) });
const cards = {
  cover: OptNull(Cover),
  cover_size: OptNull(Enum(['small', 'medium', 'large'] as const)),
  cover_aspect: OptNull(Enum(['contain', 'cover'] as const)),
  card_layout: OptNull(Enum(['list', 'compact'] as const)),
};
const HEIGHTS = ['small', 'medium', 'large', 'extra_large'] as const;
const AGGREGATORS = [
  'count',
  'count_values',
  'sum',
  'average',
  'median',
  'min',
  'max',
  'range',
  'unique',
  'empty',
  'not_empty',
  'percent_empty',
  'percent_not_empty',
  'checked',
  'unchecked',
  'percent_checked',
  'percent_unchecked',
  'earliest_date',
  'latest_date',
  'date_range',
] as const;
const Aggregation = Strict({ aggregator: Enum(AGGREGATORS), property_id: Opt(Type.String()) });
const LINE_COLORS = ['gray', 'lightgray', 'brown', 'yellow', 'orange', 'green', 'blue', 'purple', 'pink', 'red'] as const;
const ReferenceLine = Strict({
  id: Opt(Type.String()),
  value: Type.Number(),
  label: Type.String({ maxLength: 2000 }),
  color: Enum(LINE_COLORS),
  dash_style: Enum(['solid', 'dash'] as const),
});

/** The configuration of each view type; dashboards have none a request can set. */
export const CONFIG_TYPES: Record<string, TSchema> = {
  table: Strict({
    type: Type.Literal('table'),
    properties: Properties,
    group_by: OptNull(GroupBy),
    subtasks: OptNull(
      Strict({
        property_id: OptNull(Type.String()),
        display_mode: Opt(Enum(['show', 'hidden', 'flattened', 'disabled'] as const)),
        filter_scope: Opt(Enum(['parents', 'parents_and_subitems', 'subitems'] as const)),
        toggle_column_id: Opt(Type.String()),
      }),
    ),
    wrap_cells: Opt(Type.Boolean()),
    frozen_column_index: Opt(Type.Number({ minimum: 0 })),
    show_vertical_lines: Opt(Type.Boolean()),
  }),
  board: Strict({ type: Type.Literal('board'), group_by: GroupBy, sub_group_by: OptNull(GroupBy), properties: Properties, ...cards }),
  list: Strict({ type: Type.Literal('list'), properties: Properties }),
  calendar: Strict({
    type: Type.Literal('calendar'),
    date_property_id: Type.String(),
    properties: Properties,
    view_range: OptNull(Enum(['week', 'month'] as const)),
    show_weekends: OptNull(Type.Boolean()),
  }),
  timeline: Strict({
    type: Type.Literal('timeline'),
    date_property_id: Type.String(),
    end_date_property_id: OptNull(Type.String()),
    properties: Properties,
    show_table: OptNull(Type.Boolean()),
    table_properties: Properties,
    preference: OptNull(
      Strict({
        zoom_level: Enum(['hours', 'day', 'week', 'bi_week', 'month', 'quarter', 'year', '5_years'] as const),
        center_timestamp: Opt(Type.Number()),
      }),
    ),
    arrows_by: OptNull(Strict({ property_id: OptNull(Type.String()) })),
    color_by: OptNull(Type.Boolean()),
  }),
  gallery: Strict({ type: Type.Literal('gallery'), properties: Properties, ...cards }),
  form: Strict({
    type: Type.Literal('form'),
    is_form_closed: OptNull(Type.Boolean()),
    anonymous_submissions: OptNull(Type.Boolean()),
    submission_permissions: OptNull(Enum(['none', 'comment_only', 'reader', 'read_and_write', 'editor'] as const)),
  }),
  chart: Strict({
    type: Type.Literal('chart'),
    chart_type: Enum(['column', 'bar', 'line', 'donut', 'number'] as const),
    x_axis: OptNull(GroupBy),
    y_axis: OptNull(Aggregation),
    x_axis_property_id: OptNull(Type.String()),
    y_axis_property_id: OptNull(Type.String()),
    value: OptNull(Aggregation),
    sort: OptNull(Enum(['manual', 'x_ascending', 'x_descending', 'y_ascending', 'y_descending'] as const)),
    color_theme: OptNull(Enum(['gray', 'blue', 'yellow', 'green', 'purple', 'teal', 'orange', 'pink', 'red', 'auto', 'colorful'] as const)),
    height: OptNull(Enum(HEIGHTS)),
    hide_empty_groups: OptNull(Type.Boolean()),
    legend_position: OptNull(Enum(['off', 'bottom', 'side'] as const)),
    show_data_labels: OptNull(Type.Boolean()),
    axis_labels: OptNull(Enum(['none', 'x_axis', 'y_axis', 'both'] as const)),
    grid_lines: OptNull(Enum(['none', 'horizontal', 'vertical', 'both'] as const)),
    cumulative: OptNull(Type.Boolean()),
    smooth_line: OptNull(Type.Boolean()),
    hide_line_fill_area: OptNull(Type.Boolean()),
    group_style: OptNull(Enum(['normal', 'percent', 'side_by_side'] as const)),
    y_axis_min: OptNull(Type.Number()),
    y_axis_max: OptNull(Type.Number()),
    donut_labels: OptNull(Enum(['none', 'value', 'name', 'name_and_value'] as const)),
    hide_title: OptNull(Type.Boolean()),
    stack_by: OptNull(GroupBy),
    reference_lines: OptNull(Type.Array(ReferenceLine, { maxItems: 100 })),
    caption: OptNull(Type.String({ maxLength: 2000 })),
    color_by_value: OptNull(Type.Boolean()),
  }),
  map: Strict({ type: Type.Literal('map'), height: OptNull(Enum(HEIGHTS)), map_by: OptNull(Type.String()), properties: Properties }),
};
export const ViewConfig = Keyed(Object.values(CONFIG_TYPES) as never, Object.keys(CONFIG_TYPES));

/** An update names only the fields it changes: every field but `type` may be left out. */
function partial(schema: TSchema): TSchema {
  const props = (schema as unknown as { properties: Record<string, TSchema> }).properties;
  return Strict(Object.fromEntries(Object.entries(props).map(([key, sub]) => [key, key === 'type' ? sub : Type.Optional(sub)])));
}
const ViewConfigUpdate = Keyed(Object.values(CONFIG_TYPES).map(partial) as never, Object.keys(CONFIG_TYPES));
export type ViewConfigRequest = Record<string, unknown> & { type: ViewType };

/** A quick filter: a property filter's condition without `property`; `{}` pins the property with no criteria. */
export const QuickFilters = Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()));

const Sorts = Type.Array(Sort, { maxItems: 100 });
const PropertySort = Strict({ property: Type.String(), direction: Enum(['ascending', 'descending'] as const) });

export const CreateViewBody = Strict({
  data_source_id: Uuid,
  name: Type.String({ maxLength: 2000 }),
  type: Enum(VIEW_TYPES),
  database_id: Opt(Uuid),
  view_id: Opt(Uuid),
  create_database: Opt(
    Strict({
      parent: Strict({ type: Opt(Type.Literal('page_id')), page_id: Uuid }),
      position: Opt(Strict({ type: Type.Literal('after_block'), block_id: Uuid })),
    }),
  ),
  filter: Opt(Filter),
  sorts: Opt(Sorts),
  quick_filters: Opt(QuickFilters),
  configuration: Opt(ViewConfig),
  position: Opt(
    Keyed(
      [Strict({ type: Type.Literal('start') }), Strict({ type: Type.Literal('end') }), Strict({ type: Type.Literal('after_view'), view_id: Uuid })],
      ['start', 'end', 'after_view'],
    ),
  ),
  placement: Opt(
    Keyed(
      [
        Strict({ type: Type.Literal('new_row'), row_index: Opt(Type.Integer({ minimum: 0 })) }),
        Strict({ type: Type.Literal('existing_row'), row_index: Type.Integer({ minimum: 0 }) }),
      ],
      ['new_row', 'existing_row'],
    ),
  ),
});
export type CreateViewBody = Static<typeof CreateViewBody>;

export const UpdateViewBody = Strict({
  name: Opt(Type.String({ maxLength: 2000 })),
  filter: OptNull(Filter),
  sorts: OptNull(Type.Array(PropertySort, { maxItems: 100 })),
  quick_filters: OptNull(Type.Record(Type.String(), Nullable(Type.Record(Type.String(), Type.Unknown())))),
  configuration: Opt(ViewConfigUpdate),
});
export type UpdateViewBody = Static<typeof UpdateViewBody>;

export const ListViewsQuery = Strict({
  database_id: Opt(Uuid),
  data_source_id: Opt(Uuid),
  start_cursor: Opt(Type.String()),
  page_size: Opt(Type.Number({ minimum: 0, maximum: 100 })),
});

export const CreateViewQueryBody = Strict({ page_size: Opt(Type.Number({ minimum: 0, maximum: 100 })) });
export const ViewQueryResultsQuery = Strict({ start_cursor: Opt(Type.String()), page_size: Opt(Type.Number({ minimum: 0, maximum: 100 })) });
