// Wire shapes shared by several endpoints: ids, colors, rich text, icons, covers, parents.
// Each schema is the validator's input, the source of the error text and the type the code uses.
import { Type, type TSchema, type TObject, type TProperties, type Static } from '@sinclair/typebox';

export const Uuid = Type.String({ format: 'uuid' });

/** A closed object: unknown keys are "should be not present", as Notion answers. */
export const Strict = <T extends TProperties>(props: T): TObject<T> => Type.Object(props, { additionalProperties: false });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A union whose alternatives are told apart by `type` or by the one key present. */
export function Keyed<T extends TObject[]>(alternatives: [...T], keys: string[]) {
  alternatives.forEach((alt, i) => {
    (alt as unknown as Record<string, unknown>)['x-key'] = keys[i];
  });
  return Type.Union(alternatives, { 'x-keyed': true });
}

export const Enum = <const T extends readonly string[]>(values: T) =>
  Type.Union(values.map((v) => Type.Literal(v)) as never) as TSchema & { static: T[number] };

// Notion's scalar helpers (https://developers.notion.com/reference/request-limits): textRequest is 1..2000, stringRequest 1..100.
export const TextRequest = Type.String({ minLength: 1, maxLength: 2000 });
export const StringRequest = Type.String({ minLength: 1, maxLength: 100 });
export const UrlRequest = Type.String({ maxLength: 2000 });

export const TEXT_COLORS = ['default', 'gray', 'brown', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'red'] as const;
export const API_COLORS = [
  ...TEXT_COLORS,
  'default_background',
  'gray_background',
  'brown_background',
  'orange_background',
  'yellow_background',
  'green_background',
  'blue_background',
  'purple_background',
  'pink_background',
  'red_background',
] as const;
export type ApiColor = (typeof API_COLORS)[number];
export const ApiColorSchema = Enum(API_COLORS);

export const Annotations = Strict({
  bold: Type.Optional(Type.Boolean()),
  italic: Type.Optional(Type.Boolean()),
  strikethrough: Type.Optional(Type.Boolean()),
  underline: Type.Optional(Type.Boolean()),
  code: Type.Optional(Type.Boolean()),
  color: Type.Optional(ApiColorSchema),
});

export const DateRequest = Strict({
  start: Type.String(),
  end: Type.Optional(Nullable(Type.String())),
  time_zone: Type.Optional(Nullable(Type.String())),
});
export type DateRequest = Static<typeof DateRequest>;

// Mentions of objects may echo back a full user or page object; only the id is read.
const IdRef = Type.Object({ id: Uuid });

const MentionRequest = Keyed(
  [
    Strict({ type: Type.Optional(Type.Literal('user')), user: IdRef }),
    Strict({ type: Type.Optional(Type.Literal('page')), page: IdRef }),
    Strict({ type: Type.Optional(Type.Literal('database')), database: IdRef }),
    Strict({ type: Type.Optional(Type.Literal('date')), date: DateRequest }),
    Strict({
      type: Type.Optional(Type.Literal('template_mention')),
      template_mention: Keyed(
        [
          Strict({ type: Type.Optional(Type.Literal('template_mention_date')), template_mention_date: Enum(['today', 'now'] as const) }),
          Strict({ type: Type.Optional(Type.Literal('template_mention_user')), template_mention_user: Type.Literal('me') }),
        ],
        ['template_mention_date', 'template_mention_user'],
      ),
    }),
  ],
  ['user', 'page', 'database', 'date', 'template_mention'],
);

// Clients commonly send retrieved rich text back verbatim, so `plain_text` and `href` are accepted
// (and ignored) on every item.
const echoed = {
  annotations: Type.Optional(Annotations),
  plain_text: Type.Optional(Type.String()),
  href: Type.Optional(Nullable(Type.String())),
};

export const RichTextItemRequest = Keyed(
  [
    Strict({
      type: Type.Optional(Type.Literal('text')),
      text: Strict({
        content: Type.String({ maxLength: 2000 }),
        // Link objects carry `type: "url"` in some clients' output (martian's among them); Notion takes it.
        link: Type.Optional(Nullable(Strict({ type: Type.Optional(Type.Literal('url')), url: UrlRequest }))),
      }),
      ...echoed,
    }),
    Strict({ type: Type.Optional(Type.Literal('mention')), mention: MentionRequest, ...echoed }),
    Strict({
      type: Type.Optional(Type.Literal('equation')),
      equation: Strict({ expression: Type.String({ maxLength: 1000 }) }),
      ...echoed,
    }),
  ],
  ['text', 'mention', 'equation'],
);
export type RichTextItemRequest = Static<typeof RichTextItemRequest>;

export const RichTextRequest = Type.Array(RichTextItemRequest, { maxItems: 100 });

export const ExternalFile = Strict({ url: UrlRequest });
const FileUploadRef = Strict({ id: Uuid });

/** The colours of Notion's own icons (https://developers.notion.com/reference/emoji-and-icon). */
export const NOTION_ICON_COLORS = ['gray', 'lightgray', 'brown', 'yellow', 'orange', 'green', 'blue', 'purple', 'pink', 'red'] as const;
export type NotionIconColor = (typeof NOTION_ICON_COLORS)[number];
// Notion does not publish its icon names; they are lower-case words joined by `-` or `_`.
export const NOTION_ICON_NAME = '^[a-z0-9_-]+$';

export const IconRequest = Nullable(
  Keyed(
    [
      Strict({ type: Type.Optional(Type.Literal('emoji')), emoji: Type.String() }),
      Strict({ type: Type.Optional(Type.Literal('external')), external: ExternalFile }),
      Strict({ type: Type.Optional(Type.Literal('file_upload')), file_upload: FileUploadRef }),
      // A custom emoji is named by its id; `name` and `url` come along when a read icon is sent back.
      Strict({
        type: Type.Optional(Type.Literal('custom_emoji')),
        custom_emoji: Strict({ id: Uuid, name: Type.Optional(Type.String()), url: Type.Optional(Type.String()) }),
      }),
      Strict({
        type: Type.Optional(Type.Literal('icon')),
        icon: Strict({
          name: Type.String({ pattern: NOTION_ICON_NAME, 'x-expected': 'a Notion icon name' }),
          color: Type.Optional(Enum(NOTION_ICON_COLORS)),
        }),
      }),
    ],
    ['emoji', 'external', 'file_upload', 'custom_emoji', 'icon'],
  ),
);
export type IconRequest = Static<typeof IconRequest>;

export const CoverRequest = Nullable(
  Keyed(
    [
      Strict({ type: Type.Optional(Type.Literal('external')), external: ExternalFile }),
      Strict({ type: Type.Optional(Type.Literal('file_upload')), file_upload: FileUploadRef }),
    ],
    ['external', 'file_upload'],
  ),
);
export type CoverRequest = Static<typeof CoverRequest>;

// Listed in the order Notion lists the alternatives in its "Fix one:" message for a bad parent.
// A page's parent reads back with the database beside the data source; sent back, the data source
// names the parent.
export const PageParentRequest = Type.Union([
  Strict({ type: Type.Optional(Type.Literal('page_id')), page_id: Uuid }),
  Strict({ type: Type.Optional(Type.Literal('database_id')), database_id: Uuid }),
  Strict({ type: Type.Optional(Type.Literal('data_source_id')), data_source_id: Uuid, database_id: Type.Optional(Uuid) }),
  Strict({ type: Type.Optional(Type.Literal('workspace')), workspace: Type.Literal(true) }),
]);
export type PageParentRequest = Static<typeof PageParentRequest>;

export const PaginationQuery = Strict({
  start_cursor: Type.Optional(Type.String()),
  page_size: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
});
export type PaginationQuery = Static<typeof PaginationQuery>;
