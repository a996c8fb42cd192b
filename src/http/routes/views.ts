// /v1/views routes (https://developers.notion.com/reference/view): views and their queries, from
// 2025-09-03 on; under 2022-06-28 they are unknown URLs, as the data source routes are.
import type { FastifyRequest } from 'fastify';
import type { Routes } from '../route-table.js';
import { DATA_SOURCE_VERSIONS, statusGroupFilters } from '../../api-version.js';
import type { AppContext } from '../../context.js';
import { presentList } from '../../present/list.js';
import {
  CreateViewBody,
  CreateViewQueryBody,
  ListViewsQuery,
  UpdateViewBody,
  ViewIdParams,
  ViewQueryParams,
  ViewQueryResultsQuery,
} from '../../schemas/views.js';
import { createViewQuery, deleteViewQuery, viewQueryResults } from '../../services/view-queries.js';
import { createView, deleteView, listViews, retrieveView, updateView, type ViewRecord } from '../../services/views.js';
import { pageReference, presentPartialView, presentView, presentViewQuery, viewReference, INCOMPLETE } from '../../views/present.js';
import { bodyOf, pageSizeOf, pathParams, queryParams } from '../input.js';
import { sendObject } from '../reply.js';

export function viewRoutes(app: Routes, ctx: AppContext): void {
  const config = { versions: DATA_SOURCE_VERSIONS };
  const present = (record: ViewRecord) => presentView(record.view, record.schema, ctx.config.urlBase);
  // Filters of views are read as data source queries read them under the request's version.
  const queryOptions = (request: FastifyRequest) => ({ statusGroups: statusGroupFilters(request.apiVersion, request.betas) });

  app.get('/views', { config }, async (request, reply) => {
    const query = queryParams(request, ListViewsQuery);
    const { ids, nextCursor } = await listViews(ctx, request.actor, query, pageSizeOf(query.page_size));
    return sendObject(reply, presentList('view', ids.map(viewReference), nextCursor));
  });

  app.post('/views', { config }, async (request, reply) => {
    const body = bodyOf(request, CreateViewBody);
    return sendObject(reply, present(await createView(ctx, request.actor, body, queryOptions(request))));
  });

  app.get('/views/:view_id', { config }, async (request, reply) => {
    const { view_id } = pathParams(request, ViewIdParams);
    return sendObject(reply, present(await retrieveView(ctx, request.actor, view_id)));
  });

  app.patch('/views/:view_id', { config }, async (request, reply) => {
    const { view_id } = pathParams(request, ViewIdParams);
    const body = bodyOf(request, UpdateViewBody);
    return sendObject(reply, present(await updateView(ctx, request.actor, view_id, body, queryOptions(request))));
  });

  app.delete('/views/:view_id', { config }, async (request, reply) => {
    const { view_id } = pathParams(request, ViewIdParams);
    return sendObject(reply, presentPartialView(await deleteView(ctx, request.actor, view_id)));
  });

  app.post('/views/:view_id/queries', { config }, async (request, reply) => {
    const { view_id } = pathParams(request, ViewIdParams);
    const body = bodyOf(request, CreateViewQueryBody);
    return sendObject(reply, presentViewQuery(await createViewQuery(ctx, request.actor, view_id, pageSizeOf(body.page_size), queryOptions(request))));
  });

  app.get('/views/:view_id/queries/:query_id', { config }, async (request, reply) => {
    const { view_id, query_id } = pathParams(request, ViewQueryParams);
    const query = queryParams(request, ViewQueryResultsQuery);
    const page = await viewQueryResults(ctx, request.actor, view_id, query_id, query.start_cursor, pageSizeOf(query.page_size));
    const list = presentList('page', page.ids.map(pageReference), page.nextCursor);
    if (page.incomplete) list.request_status = INCOMPLETE;
    return sendObject(reply, list);
  });

  app.delete('/views/:view_id/queries/:query_id', { config }, async (request, reply) => {
    const { view_id, query_id } = pathParams(request, ViewQueryParams);
    const id = await deleteViewQuery(ctx, request.actor, view_id, query_id);
    return sendObject(reply, { object: 'view_query', id, deleted: true });
  });
}
