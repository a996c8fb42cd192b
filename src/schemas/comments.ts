// Request shapes of the /v1/comments endpoints, https://developers.notion.com/reference/comment-object
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { markdownV2Only, type ApiVersion } from '../api-version.js';
import { Keyed, RichTextRequest, Strict, Uuid } from './common.js';

export const CommentIdParams = Strict({ comment_id: Uuid });

export const ListCommentsQuery = Strict({
  block_id: Uuid,
  start_cursor: Type.Optional(Type.String()),
  page_size: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
});

const CommentParent = Keyed(
  [Strict({ type: Type.Optional(Type.Literal('page_id')), page_id: Uuid }), Strict({ type: Type.Optional(Type.Literal('block_id')), block_id: Uuid })],
  ['page_id', 'block_id'],
);

const DisplayName = Keyed(
  [
    Strict({ type: Type.Literal('integration') }),
    Strict({ type: Type.Literal('user') }),
    Strict({ type: Type.Literal('custom'), custom: Strict({ name: Type.String({ minLength: 1, maxLength: 100 }) }) }),
  ],
  ['integration', 'user', 'custom'],
);

// Which target and which body are given is checked after the shape: exactly one of each.
export const CreateCommentBody = Strict({
  parent: Type.Optional(CommentParent),
  discussion_id: Type.Optional(Uuid),
  rich_text: Type.Optional(RichTextRequest),
  markdown: Type.Optional(Type.String({ maxLength: 2000 })),
  attachments: Type.Optional(Type.Array(Strict({ file_upload_id: Uuid, type: Type.Optional(Type.Literal('file_upload')) }), { maxItems: 3 })),
  display_name: Type.Optional(DisplayName),
});
export type CreateCommentBody = Static<typeof CreateCommentBody>;

export const UpdateCommentBody = Strict({
  rich_text: Type.Optional(RichTextRequest),
  markdown: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type UpdateCommentBody = Static<typeof UpdateCommentBody>;

// `markdown_version` beside `markdown` (https://developers.notion.com/guides/data-apis/migrate-to-notion-flavored-markdown):
// any version names "v1" or "v2"; from 2026-12-01 only "v2". Inline markdown reads the same in both.
const anyMarkdownVersion = { markdown_version: Type.Optional(Type.Union([Type.Literal('v1'), Type.Literal('v2')])) };
const v2Only = { markdown_version: Type.Optional(Type.Literal('v2')) };
const create = { legacy: Strict({ ...CreateCommentBody.properties, ...anyMarkdownVersion }), v2: Strict({ ...CreateCommentBody.properties, ...v2Only }) };
const update = { legacy: Strict({ ...UpdateCommentBody.properties, ...anyMarkdownVersion }), v2: Strict({ ...UpdateCommentBody.properties, ...v2Only }) };
export const createCommentBody = (v: ApiVersion): TSchema => (markdownV2Only(v) ? create.v2 : create.legacy);
export const updateCommentBody = (v: ApiVersion): TSchema => (markdownV2Only(v) ? update.v2 : update.legacy);
