// Request shapes of the /v1/pages endpoints, https://developers.notion.com/reference/page
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ChildrenRequest } from './blocks.js';
import { CoverRequest, IconRequest, Keyed, PageParentRequest, RichTextRequest, Strict, Uuid } from './common.js';
import { hasArchived, markdownV2Only, type ApiVersion } from '../api-version.js';

export const PageIdParams = Strict({ page_id: Uuid });
export const PagePropertyParams = Strict({ page_id: Uuid, property_id: Type.String() });

const PropertyIds = Type.Union([Type.String(), Type.Array(Type.String())]);
/**
 * The query of the endpoints that answer with a page: `filter_properties`, repeated
 * (`?filter_properties=a&filter_properties=b`) or in bracket form (`?filter_properties[]=a`).
 */
export const PageQuery = Type.Object({
  filter_properties: Type.Optional(PropertyIds),
  'filter_properties[]': Type.Optional(PropertyIds),
});
export type PageQuery = Static<typeof PageQuery>;

export const PagePosition = Keyed(
  [
    Strict({ type: Type.Optional(Type.Literal('after_block')), after_block: Strict({ id: Uuid }) }),
    Strict({ type: Type.Literal('page_start') }),
    Strict({ type: Type.Literal('page_end') }),
  ],
  ['after_block', 'page_start', 'page_end'],
);

export const MovePageBody = Strict({
  parent: Keyed(
    [
      Strict({ type: Type.Optional(Type.Literal('page_id')), page_id: Uuid }),
      Strict({ type: Type.Optional(Type.Literal('data_source_id')), data_source_id: Uuid, database_id: Type.Optional(Uuid) }),
    ],
    ['page_id', 'data_source_id'],
  ),
});
export type MovePageBody = Static<typeof MovePageBody>;

// A template to apply (https://developers.notion.com/reference/post-page): the data source's
// default or a page named by id; `timezone` (IANA) resolves its @today and @now.
const Timezone = Type.String({ minLength: 1, maxLength: 100 });
const TemplateChoices = [
  Strict({ type: Type.Literal('default'), timezone: Type.Optional(Timezone) }),
  Strict({ type: Type.Literal('template_id'), template_id: Uuid, timezone: Type.Optional(Timezone) }),
];
export type TemplateRequest = { type: 'none' } | { type: 'default'; timezone?: string } | { type: 'template_id'; template_id: string; timezone?: string };

export const CreatePageBody = Strict({
  parent: PageParentRequest,
  properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  children: Type.Optional(ChildrenRequest),
  content: Type.Optional(ChildrenRequest),
  // Page content as Notion's markdown instead of blocks (https://developers.notion.com/reference/post-page).
  markdown: Type.Optional(Type.String()),
  allow_async: Type.Optional(Type.Boolean()),
  markdown_version: Type.Optional(Type.Union([Type.Literal('v1'), Type.Literal('v2')])),
  icon: Type.Optional(IconRequest),
  cover: Type.Optional(CoverRequest),
  template: Type.Optional(Keyed([Strict({ type: Type.Literal('none') }), ...TemplateChoices], ['none', 'default', 'template_id'])),
  position: Type.Optional(PagePosition),
});
export type CreatePageBody = Static<typeof CreatePageBody>;
// 2026-12-01 reads markdown as v2 only (https://developers.notion.com/guides/data-apis/migrate-to-notion-flavored-markdown).
const CreatePageBodyV2 = Strict({ ...CreatePageBody.properties, markdown_version: Type.Optional(Type.Literal('v2')) });
export const createPageBody = (v: ApiVersion): TSchema => (markdownV2Only(v) ? CreatePageBodyV2 : CreatePageBody);

const updateFields = {
  properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  icon: Type.Optional(IconRequest),
  cover: Type.Optional(CoverRequest),
  in_trash: Type.Optional(Type.Boolean()),
  is_locked: Type.Optional(Type.Boolean()),
  template: Type.Optional(Keyed(TemplateChoices, ['default', 'template_id'])),
  erase_content: Type.Optional(Type.Boolean()),
};
const UpdatePageBodyLegacy = Strict({ ...updateFields, archived: Type.Optional(Type.Boolean()) });
const UpdatePageBody2026 = Strict(updateFields);
export type UpdatePageBody = Static<typeof UpdatePageBodyLegacy>;

/** `archived` was removed from requests in 2026-03-11. */
export const updatePageBody = (v: ApiVersion): TSchema => (hasArchived(v) ? UpdatePageBodyLegacy : UpdatePageBody2026);

/** The title of a page outside a data source: `{title: [...]}`, or the bare array as the seed shows. */
export const TitlePropertyValue = Type.Union([
  RichTextRequest,
  Strict({ id: Type.Optional(Type.Literal('title')), type: Type.Optional(Type.Literal('title')), title: RichTextRequest }),
]);
