// /v1/pages routes (spec 3.2).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { presentPage } from '../../present/page.js';
import { presentList } from '../../present/list.js';
import { PaginationQuery } from '../../schemas/common.js';
import { CreatePageBody, PageIdParams, PagePropertyParams, updatePageBody, type UpdatePageBody } from '../../schemas/pages.js';
import { createPage, retrievePage, retrieveTitleItems, updatePage } from '../../services/pages.js';
import { sendObject, viewOf } from '../app.js';
import { bodyOf, pageSizeOf, pathParams, queryParams } from '../input.js';

export function pageRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/pages', async (request, reply) => {
    const body = bodyOf(request, CreatePageBody);
    const page = await createPage(ctx, request.actor, body);
    return sendObject(reply, presentPage(page, viewOf(ctx, request)));
  });

  app.get('/pages/:page_id', async (request, reply) => {
    const { page_id } = pathParams(request, PageIdParams);
    const page = await retrievePage(ctx, request.actor, page_id);
    return sendObject(reply, presentPage(page, viewOf(ctx, request)));
  });

  app.patch('/pages/:page_id', async (request, reply) => {
    const { page_id } = pathParams(request, PageIdParams);
    const body = bodyOf(request, updatePageBody(request.apiVersion)) as UpdatePageBody;
    const page = await updatePage(ctx, request.actor, page_id, body);
    return sendObject(reply, presentPage(page, viewOf(ctx, request)));
  });

  app.get('/pages/:page_id/properties/:property_id', async (request, reply) => {
    const { page_id, property_id } = pathParams(request, PagePropertyParams);
    const query = queryParams(request, PaginationQuery);
    const pageSize = pageSizeOf(query.page_size);
    const { items, nextCursor } = await retrieveTitleItems(ctx, request.actor, page_id, property_id, query.start_cursor, pageSize);
    const base = `${request.protocol}://${request.host}/v1/pages/${page_id}/properties/${encodeURIComponent(property_id)}`;
    const results = items.map((item) => ({ object: 'property_item', id: 'title', type: 'title', title: item }));
    return sendObject(
      reply,
      presentList('property_item', results, nextCursor, {
        id: 'title',
        next_url: nextCursor ? `${base}?start_cursor=${nextCursor}${query.page_size === undefined ? '' : `&page_size=${pageSize}`}` : null,
        type: 'title',
        title: {},
      }),
    );
  });
}
