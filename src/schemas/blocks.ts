// Block request shapes (https://developers.notion.com/reference/block). A request may nest `children` two levels below its own
// array; the third level has no `children` key, so sending one is "should be not present", which
// is Notion's answer. Column and table wrappers do not use up a level.
import { Type, type TSchema, type TObject } from '@sinclair/typebox';
import { ApiColorSchema, Enum, ExternalFile, IconRequest, Keyed, Nullable, RichTextRequest, Strict, Uuid, UrlRequest } from './common.js';

export const CODE_LANGUAGES = [
  'abap',
  'abc',
  'agda',
  'arduino',
  'ascii art',
  'assembly',
  'bash',
  'basic',
  'bnf',
  'c',
  'c#',
  'c++',
  'clojure',
  'coffeescript',
  'coq',
  'css',
  'dart',
  'dhall',
  'diff',
  'docker',
  'ebnf',
  'elixir',
  'elm',
  'erlang',
  'f#',
  'flow',
  'fortran',
  'gherkin',
  'glsl',
  'go',
  'graphql',
  'groovy',
  'haskell',
  'hcl',
  'html',
  'idris',
  'java',
  'javascript',
  'json',
  'julia',
  'kotlin',
  'latex',
  'less',
  'lisp',
  'livescript',
  'llvm ir',
  'lua',
  'makefile',
  'markdown',
  'markup',
  'matlab',
  'mathematica',
  'mermaid',
  'nix',
  'notion formula',
  'objective-c',
  'ocaml',
  'pascal',
  'perl',
  'php',
  'plain text',
  'powershell',
  'prolog',
  'protobuf',
  'purescript',
  'python',
  'r',
  'racket',
  'reason',
  'ruby',
  'rust',
  'sass',
  'scala',
  'scheme',
  'scss',
  'shell',
  'smalltalk',
  'solidity',
  'sql',
  'swift',
  'toml',
  'typescript',
  'vb.net',
  'verilog',
  'vhdl',
  'visual basic',
  'webassembly',
  'xml',
  'yaml',
  'java/c/c++/c#',
] as const;

/** Block types the API can create, in the order the request union lists them. */
export const CREATABLE_BLOCK_TYPES = [
  'embed',
  'bookmark',
  'image',
  'video',
  'pdf',
  'file',
  'audio',
  'code',
  'equation',
  'divider',
  'breadcrumb',
  'tab',
  'table_of_contents',
  'link_to_page',
  'table_row',
  'table',
  'column_list',
  'column',
  'heading_1',
  'heading_2',
  'heading_3',
  'heading_4',
  'paragraph',
  'bulleted_list_item',
  'numbered_list_item',
  'quote',
  'to_do',
  'toggle',
  'callout',
  'synced_block',
] as const;
export type CreatableBlockType = (typeof CREATABLE_BLOCK_TYPES)[number];

/** Types whose blocks may hold children (headings only when toggleable). */
export const PARENT_BLOCK_TYPES: ReadonlySet<string> = new Set([
  'paragraph',
  'bulleted_list_item',
  'numbered_list_item',
  'quote',
  'to_do',
  'toggle',
  'callout',
  'heading_1',
  'heading_2',
  'heading_3',
  'heading_4',
  'column_list',
  'column',
  'table',
  'synced_block',
  'child_page',
  'tab',
]);

export const MAX_NESTING = 2;

const caption = { caption: Type.Optional(RichTextRequest) };
const colored = { color: Type.Optional(ApiColorSchema) };

function mediaPayload(extra: Record<string, TSchema> = {}) {
  return Keyed(
    [
      Strict({ type: Type.Optional(Type.Literal('external')), external: ExternalFile, ...caption, ...extra }),
      Strict({ type: Type.Optional(Type.Literal('file_upload')), file_upload: Strict({ id: Uuid }), ...caption, ...extra }),
    ],
    ['external', 'file_upload'],
  );
}

const TableRowPayload = Strict({ cells: Type.Array(RichTextRequest, { maxItems: 100 }) });

function blockObject(type: string, payload: TSchema): TObject {
  return Strict({ object: Type.Optional(Type.Literal('block')), type: Type.Optional(Type.Literal(type)), [type]: payload });
}

const cache = new Map<number, TSchema>();

/** A tab item: a paragraph whose children (the tab's content) start at `depth + 1`. */
function tabItem(depth: number): TSchema {
  const children: Record<string, TSchema> = depth < MAX_NESTING ? { children: Type.Optional(Type.Array(blockRequest(depth + 1), { maxItems: 100 })) } : {};
  return Strict({ rich_text: RichTextRequest, ...colored, icon: Type.Optional(IconRequest), ...children });
}

/** The block request at `depth` below the request's own array (0 = top level). */
export function blockRequest(depth: number): TSchema {
  const cached = cache.get(depth);
  if (cached) return cached;
  const canNest = depth < MAX_NESTING;
  const children: Record<string, TSchema> = canNest ? { children: Type.Optional(Type.Array(blockRequest(depth + 1), { maxItems: 100 })) } : {};
  const text = (extra: Record<string, TSchema> = {}) => Strict({ rich_text: RichTextRequest, ...colored, ...extra, ...children });
  const heading = () => text({ is_toggleable: Type.Optional(Type.Boolean()) });
  // Columns hold blocks as if they were the column list's own children.
  // Columns exist only where their children may still nest. A column may start empty
  // (`children: []`), as the request types of Notion's SDK allow.
  const column = canNest
    ? Strict({
        children: Type.Array(blockRequest(depth + 1), { maxItems: 100 }),
        width_ratio: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
      })
    : undefined;
  // A tab group holds paragraphs, one per tab: the paragraph is the tab's title, its children the
  // tab's content. Like columns, the tab does not use up a level (SDK `TabRequestWithNestedTabItemChildren`).
  const tab = canNest ? Strict({ children: Type.Array(blockObject('paragraph', tabItem(depth + 1)), { minItems: 1, maxItems: 100 }) }) : undefined;
  const payloads: Record<CreatableBlockType, TSchema | undefined> = {
    embed: Strict({ url: UrlRequest, ...caption }),
    bookmark: Strict({ url: UrlRequest, ...caption }),
    image: mediaPayload(),
    video: mediaPayload(),
    pdf: mediaPayload(),
    file: mediaPayload({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }),
    audio: mediaPayload(),
    code: Strict({ rich_text: RichTextRequest, language: Enum(CODE_LANGUAGES), ...caption }),
    equation: Strict({ expression: Type.String({ maxLength: 1000 }) }),
    divider: Strict({}),
    breadcrumb: Strict({}),
    tab,
    table_of_contents: Strict({ ...colored }),
    link_to_page: Keyed(
      [
        Strict({ type: Type.Optional(Type.Literal('page_id')), page_id: Uuid }),
        Strict({ type: Type.Optional(Type.Literal('database_id')), database_id: Uuid }),
        Strict({ type: Type.Optional(Type.Literal('comment_id')), comment_id: Uuid }),
      ],
      ['page_id', 'database_id', 'comment_id'],
    ),
    table_row: TableRowPayload,
    table: Strict({
      table_width: Type.Integer({ minimum: 1 }),
      has_column_header: Type.Optional(Type.Boolean()),
      has_row_header: Type.Optional(Type.Boolean()),
      children: Type.Array(blockObject('table_row', TableRowPayload), { minItems: 1, maxItems: 100 }),
    }),
    column_list: column && Strict({ children: Type.Array(blockObject('column', column), { minItems: 2, maxItems: 100 }) }),
    column,
    heading_1: heading(),
    heading_2: heading(),
    heading_3: heading(),
    heading_4: heading(),
    paragraph: text({ icon: Type.Optional(IconRequest) }),
    bulleted_list_item: text(),
    numbered_list_item: text(),
    quote: text(),
    to_do: text({ checked: Type.Optional(Type.Boolean()) }),
    toggle: text(),
    callout: text({ icon: Type.Optional(IconRequest) }),
    synced_block: Strict({
      synced_from: Nullable(Strict({ type: Type.Optional(Type.Literal('block_id')), block_id: Uuid })),
      ...children,
    }),
  };
  const types = CREATABLE_BLOCK_TYPES.filter((t) => payloads[t] !== undefined);
  const schema = Keyed(
    types.map((t) => blockObject(t, payloads[t]!)),
    types,
  );
  cache.set(depth, schema);
  return schema;
}

export const ChildrenRequest = Type.Array(blockRequest(0), { maxItems: 100 });
/** Appending takes 1 to 100 blocks (spec B5). */
export const AppendChildrenRequest = Type.Array(blockRequest(0), { minItems: 1, maxItems: 100 });

/** A validated block request, read generically by the block normalizer. */
export interface BlockRequest {
  type?: string;
  object?: 'block';
  [key: string]: unknown;
}

// A block's content sent back as read may carry `children: []` (what a client that reads children
// into its copy of the block holds); an update cannot add children, so any other list is refused.
const NoChildren = Type.Optional(Type.Array(Type.Unknown(), { maxItems: 0 }));

// Update payloads (spec B2): the same fields, all optional, `children` only as an empty list.
function optionalFields(schema: TSchema): TSchema {
  const s = schema as TSchema & { properties?: Record<string, TSchema>; anyOf?: TSchema[] };
  if (s.anyOf) return { ...s, anyOf: s.anyOf.map(optionalFields) } as TSchema;
  if (!s.properties) return schema;
  const props = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, k === 'children' ? NoChildren : Type.Optional(v)]));
  return Strict(props);
}

/** Update payload per block type, for the types that can be updated. */
export const BLOCK_UPDATE_PAYLOADS: Record<string, TSchema> = (() => {
  const top = blockRequest(0) as TSchema & { anyOf: Array<TSchema & { properties: Record<string, TSchema> }> };
  const out: Record<string, TSchema> = {};
  for (const alt of top.anyOf) {
    const type = (alt as unknown as Record<string, string>)['x-key']!;
    if (type === 'column_list' || type === 'tab') {
      out[type] = Strict({});
      continue;
    }
    let payload = optionalFields(alt.properties[type]!);
    if (type === 'table') {
      // table_width is fixed once the table exists.
      const p = (payload as TSchema & { properties: Record<string, TSchema> }).properties;
      payload = Strict({ has_column_header: p.has_column_header!, has_row_header: p.has_row_header! });
    }
    if (type === 'column') payload = Strict({ width_ratio: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })) });
    if (type === 'synced_block') {
      payload = Strict({ synced_from: Type.Optional((alt.properties[type] as TSchema & { properties: Record<string, TSchema> }).properties.synced_from!) });
    }
    out[type] = payload;
  }
  return out;
})();
