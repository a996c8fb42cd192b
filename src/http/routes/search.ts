// /v1/search, https://developers.notion.com/reference/post-search
import type { Routes } from '../route-table.js';
import type { AppContext } from '../../context.js';
import { presentSearch } from '../../present/search.js';
import { searchBody, type SearchBody } from '../../schemas/search.js';
import { search } from '../../services/search.js';
import { sendObject, viewOf } from '../reply.js';
import { bodyOf, pageSizeOf, propertyFilterOf } from '../input.js';

export function searchRoutes(app: Routes, ctx: AppContext): void {
  app.post('/search', async (request, reply) => {
    // `filter_properties` came with 2026-12-01 and, as an addition, works in every version.
    const properties = propertyFilterOf(request);
    const body = bodyOf(request, searchBody(request.apiVersion)) as SearchBody;
    const page = await search(ctx, request.actor, body, request.apiVersion, pageSizeOf(body.page_size));
    return sendObject(reply, presentSearch(page, viewOf(ctx, request), properties));
  });
}
