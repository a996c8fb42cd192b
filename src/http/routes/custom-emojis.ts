// /v1/custom_emojis, https://developers.notion.com/reference/list-custom-emojis
import { Type } from '@sinclair/typebox';
import type { Routes } from '../route-table.js';
import type { AppContext } from '../../context.js';
import { presentCustomEmojiList } from '../../present/custom-emoji.js';
import { PaginationQuery, Strict } from '../../schemas/common.js';
import { listCustomEmojis } from '../../services/custom-emojis.js';
import { pageSizeOf, queryParams } from '../input.js';
import { sendObject } from '../reply.js';

const CustomEmojisQuery = Strict({ ...PaginationQuery.properties, name: Type.Optional(Type.String()) });

export function customEmojiRoutes(app: Routes, ctx: AppContext): void {
  app.get('/custom_emojis', async (request, reply) => {
    const query = queryParams(request, CustomEmojisQuery);
    const page = await listCustomEmojis(ctx, request.actor, { start_cursor: query.start_cursor, page_size: pageSizeOf(query.page_size), name: query.name });
    return sendObject(reply, presentCustomEmojiList(page.emojis, page.nextCursor));
  });
}
