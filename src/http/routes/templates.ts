// GET /v1/data_sources/{id}/templates (https://developers.notion.com/reference/list-data-source-templates),
// from 2025-09-03 on. Its answer has no `object` and, as Notion's has not, no request id.
import { Type } from '@sinclair/typebox';
import type { Routes } from '../route-table.js';
import { DATA_SOURCE_VERSIONS } from '../../api-version.js';
import type { AppContext } from '../../context.js';
import { Strict } from '../../schemas/common.js';
import { DataSourceIdParams } from '../../schemas/databases.js';
import { listTemplates } from '../../services/templates.js';
import { pageSizeOf, pathParams, queryParams } from '../input.js';

const TemplatesQuery = Strict({
  name: Type.Optional(Type.String()),
  start_cursor: Type.Optional(Type.String()),
  page_size: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
});

export function templateRoutes(app: Routes, ctx: AppContext): void {
  app.get('/data_sources/:data_source_id/templates', { config: { versions: DATA_SOURCE_VERSIONS } }, async (request, reply) => {
    const { data_source_id } = pathParams(request, DataSourceIdParams);
    const query = queryParams(request, TemplatesQuery);
    return reply.send(await listTemplates(ctx, request.actor, data_source_id, query, pageSizeOf(query.page_size)));
  });
}
