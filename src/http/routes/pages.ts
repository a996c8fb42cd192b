// /v1/pages routes, https://developers.notion.com/reference/page
import type { Routes } from '../route-table.js';
import type { AppContext } from '../../context.js';
import { computedWhenRead, presentPage } from '../../present/page.js';
import { presentPropertyItem } from '../../present/property-item.js';
import { PaginationQuery } from '../../schemas/common.js';
import {
  createPageBody,
  MovePageBody,
  PageIdParams,
  PagePropertyParams,
  updatePageBody,
  type CreatePageBody,
  type UpdatePageBody,
} from '../../schemas/pages.js';
import { movePage } from '../../services/page-move.js';
import { retrievePage } from '../../services/pages.js';
import { createPageFromTemplate, updatePageWithTemplate } from '../../services/templates.js';
import { retrievePropertyItem } from '../../services/property-items.js';
import { sendObject, viewOf } from '../reply.js';
import type { AnswerMemo } from '../answer-memo.js';
import { bodyOf, pageSizeOf, pathParams, propertyFilterOf, queryParams } from '../input.js';
import { markdownVersionOf, withWorkspaceParent } from './markdown.js';
import { acceptAsync } from './async-tasks.js';
import { tasksOf } from '../../async-tasks/runner.js';
import type { Actor } from '../../actor.js';
import type { ApiVersion } from '../../api-version.js';

const CREATE_PAGE = 'POST /v1/pages';

export function pageRoutes(app: Routes, ctx: AppContext, memo: AnswerMemo): void {
  const create = async (actor: Actor, body: CreatePageBody, version: ApiVersion, filter: string[] | undefined) =>
    presentPage(await createPageFromTemplate(ctx, actor, body), { version, actor, urlBase: ctx.config.urlBase }, filter);
  tasksOf(ctx).define(CREATE_PAGE, (actor, task) => create(actor, task.body as CreatePageBody, task.version as ApiVersion, task.filter));

  app.post('/pages', async (request, reply) => {
    const filter = propertyFilterOf(request);
    const parsed = bodyOf(request, createPageBody(request.apiVersion), withWorkspaceParent) as CreatePageBody;
    // Markdown content is read in the version the request names, else its Notion-Version's.
    const markdown_version = parsed.markdown === undefined ? undefined : markdownVersionOf(parsed.markdown_version, request.apiVersion);
    const body = markdown_version ? { ...parsed, markdown_version } : parsed;
    // Only a page made from markdown may be made in the background (https://developers.notion.com/reference/post-page).
    if (body.allow_async && body.markdown !== undefined) return acceptAsync(ctx, request, reply, CREATE_PAGE, { params: {}, body, filter });
    return sendObject(reply, await create(request.actor, body, request.apiVersion, filter));
  });

  app.get('/pages/:page_id', async (request, reply) => {
    if (await memo.send(request, reply)) return reply;
    const { page_id } = pathParams(request, PageIdParams);
    const filter = propertyFilterOf(request);
    const page = presentPage(await retrievePage(ctx, request.actor, page_id), viewOf(ctx, request), filter);
    if (!computedWhenRead(page)) memo.keep(request);
    return sendObject(reply, page);
  });

  app.patch('/pages/:page_id', async (request, reply) => {
    const { page_id } = pathParams(request, PageIdParams);
    const filter = propertyFilterOf(request);
    const body = bodyOf(request, updatePageBody(request.apiVersion)) as UpdatePageBody;
    const page = await updatePageWithTemplate(ctx, request.actor, page_id, body);
    return sendObject(reply, presentPage(page, viewOf(ctx, request), filter));
  });

  app.post('/pages/:page_id/move', async (request, reply) => {
    const { page_id } = pathParams(request, PageIdParams);
    const filter = propertyFilterOf(request);
    const body = bodyOf(request, MovePageBody);
    const page = await movePage(ctx, request.actor, page_id, body);
    return sendObject(reply, presentPage(page, viewOf(ctx, request), filter));
  });

  app.get('/pages/:page_id/properties/:property_id', async (request, reply) => {
    // The path's property id arrives URL-decoded once; the service also knows its encoded form.
    const { page_id, property_id } = pathParams(request, PagePropertyParams);
    const query = queryParams(request, PaginationQuery);
    const pageSize = pageSizeOf(query.page_size);
    const result = await retrievePropertyItem(ctx, request.actor, page_id, property_id, query.start_cursor, pageSize);
    const origin = `${request.protocol}://${request.host}`;
    return sendObject(
      reply,
      presentPropertyItem(
        result,
        { origin, pageSize: query.page_size === undefined ? undefined : pageSize },
        { actor: request.actor, version: request.apiVersion },
      ),
    );
  });
}
