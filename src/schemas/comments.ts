// Request shapes of the /v1/comments endpoints, https://developers.notion.com/reference/comment-object
import { Type, type Static } from '@sinclair/typebox';
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
