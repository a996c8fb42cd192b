// /v1/comments routes (https://developers.notion.com/reference/comment-object). Every route is
// served in every version: retrieving, updating and deleting one comment answer under 2025-09-03
// (recorded) and came while the SDK's default was 2022-06-28 (docs/decisions.md).
import type { Routes } from '../route-table.js';
import type { AppContext } from '../../context.js';
import { presentComment } from '../../present/comment.js';
import { presentList } from '../../present/list.js';
import {
  CommentIdParams,
  createCommentBody,
  ListCommentsQuery,
  updateCommentBody,
  type CreateCommentBody,
  type UpdateCommentBody,
} from '../../schemas/comments.js';
import { createComment, deleteComment, listComments, retrieveComment, updateComment } from '../../services/comments.js';
import { sendObject } from '../reply.js';
import { bodyOf, pageSizeOf, pathParams, queryParams } from '../input.js';

export function commentRoutes(app: Routes, ctx: AppContext): void {
  app.post('/comments', async (request, reply) => {
    const body = bodyOf(request, createCommentBody(request.apiVersion)) as CreateCommentBody;
    return sendObject(reply, presentComment(await createComment(ctx, request.actor, body)));
  });

  app.get('/comments', async (request, reply) => {
    const query = queryParams(request, ListCommentsQuery);
    const page = await listComments(ctx, request.actor, query.block_id, query.start_cursor, pageSizeOf(query.page_size));
    return sendObject(reply, presentList('comment', page.comments.map(presentComment), page.nextCursor));
  });

  app.get('/comments/:comment_id', async (request, reply) => {
    const { comment_id } = pathParams(request, CommentIdParams);
    return sendObject(reply, presentComment(await retrieveComment(ctx, request.actor, comment_id)));
  });

  app.patch('/comments/:comment_id', async (request, reply) => {
    const { comment_id } = pathParams(request, CommentIdParams);
    const body = bodyOf(request, updateCommentBody(request.apiVersion)) as UpdateCommentBody;
    return sendObject(reply, presentComment(await updateComment(ctx, request.actor, comment_id, body)));
  });

  app.delete('/comments/:comment_id', async (request, reply) => {
    const { comment_id } = pathParams(request, CommentIdParams);
    return sendObject(reply, presentComment(await deleteComment(ctx, request.actor, comment_id)));
  });
}
