// Query routes (https://developers.notion.com/reference/query-a-data-source): POST /v1/data_sources/{id}/query from 2025-09-03 on, and
// POST /v1/databases/{id}/query under 2022-06-28, each an invalid request URL in the other versions.
import type { FastifyRequest } from 'fastify';
import type { Routes } from '../route-table.js';
import type { AppContext } from '../../context.js';
import { presentList } from '../../present/list.js';
import { listedProperties, presentPage } from '../../present/page.js';
import { DATA_SOURCE_VERSIONS, DATABASE_QUERY_VERSIONS, pageListTypeOf, statusGroupFilters } from '../../api-version.js';
import { DatabaseIdParams, DataSourceIdParams } from '../../schemas/databases.js';
import { queryBody, type QueryBody } from '../../schemas/filters.js';
import { queryDataSource, type QueryTarget } from '../../services/query.js';
import { sendObject, viewOf } from '../reply.js';
import { bodyOf, pageSizeOf, pathParams, propertyFilterOf } from '../input.js';

export function queryRoutes(app: Routes, ctx: AppContext): void {
  const query = async (request: FastifyRequest, target: QueryTarget) => {
    const properties = propertyFilterOf(request);
    const body = bodyOf(request, queryBody(request.apiVersion)) as QueryBody;
    const statusGroups = statusGroupFilters(request.apiVersion, request.betas);
    const result = await queryDataSource(ctx, request.actor, target, body, pageSizeOf(body.page_size), { statusGroups });
    const view = viewOf(ctx, request);
    const list = presentList(
      pageListTypeOf(view.version),
      result.records.map((r) => presentPage(r, view, listedProperties(view, properties))),
      result.nextCursor,
    );
    // Only a query that hit the result cap says so.
    if (result.incomplete) list.request_status = { type: 'incomplete', incomplete_reason: 'query_result_limit_reached' };
    return list;
  };

  app.post('/data_sources/:data_source_id/query', { config: { versions: DATA_SOURCE_VERSIONS } }, async (request, reply) => {
    const { data_source_id } = pathParams(request, DataSourceIdParams);
    return sendObject(reply, await query(request, { dataSourceId: data_source_id }));
  });

  app.post('/databases/:database_id/query', { config: { versions: DATABASE_QUERY_VERSIONS } }, async (request, reply) => {
    const { database_id } = pathParams(request, DatabaseIdParams);
    return sendObject(reply, await query(request, { databaseId: database_id }));
  });
}
