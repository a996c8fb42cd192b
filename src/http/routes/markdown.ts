// /v1/pages/{page_id}/markdown: a page's content as Notion's markdown
// (https://developers.notion.com/reference/retrieve-page-markdown). Served under every version.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { Keyed, Strict, Uuid } from '../../schemas/common.js';
import { retrievePageMarkdown, updatePageMarkdown, type MarkdownEdit, type PageMarkdown } from '../../services/markdown.js';
import { sendObject } from '../reply.js';
import { bodyOf, pathParams, queryParams } from '../input.js';
import { acceptAsync } from './async-tasks.js';

const MarkdownParams = Strict({ page_id: Uuid });
const MarkdownQuery = Strict({
  include_transcript: Type.Optional(Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false')])),
  markdown_version: Type.Optional(Type.Union([Type.Literal('v1'), Type.Literal('v2')])),
});

const allowDeleting = { allow_deleting_content: Type.Optional(Type.Boolean()) };
const common = { allow_async: Type.Optional(Type.Boolean()), markdown_version: Type.Optional(Type.Union([Type.Literal('v1'), Type.Literal('v2')])) };

const UpdateMarkdownBody = Keyed(
  [
    Strict({
      type: Type.Optional(Type.Literal('insert_content')),
      insert_content: Strict({
        content: Type.String(),
        after: Type.Optional(Type.String()),
        position: Type.Optional(Keyed([Strict({ type: Type.Literal('start') }), Strict({ type: Type.Literal('end') })], ['start', 'end'])),
      }),
      ...common,
    }),
    Strict({
      type: Type.Optional(Type.Literal('replace_content_range')),
      replace_content_range: Strict({ content: Type.String(), content_range: Type.String(), ...allowDeleting }),
      ...common,
    }),
    Strict({
      type: Type.Optional(Type.Literal('update_content')),
      update_content: Strict({
        content_updates: Type.Array(Strict({ old_str: Type.String(), new_str: Type.String(), replace_all_matches: Type.Optional(Type.Boolean()) }), {
          minItems: 1,
          maxItems: 100,
        }),
        ...allowDeleting,
      }),
      ...common,
    }),
    Strict({ type: Type.Optional(Type.Literal('replace_content')), replace_content: Strict({ new_str: Type.String(), ...allowDeleting }), ...common }),
  ],
  ['insert_content', 'replace_content_range', 'update_content', 'replace_content'],
);

/**
 * A page created from markdown without a parent goes to the top of the workspace, as the
 * Quickstart's first call does (https://developers.notion.com/guides/notion-api/quick-start).
 */
export function withWorkspaceParent(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const b = body as Record<string, unknown>;
  return b.parent === undefined && typeof b.markdown === 'string' ? { ...b, parent: { workspace: true } } : body;
}

function present(result: PageMarkdown): Record<string, unknown> {
  return {
    object: 'page_markdown',
    id: result.id,
    markdown: result.markdown,
    truncated: result.truncated,
    unknown_block_ids: result.unknownBlockIds,
  };
}

export function markdownRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/pages/:page_id/markdown', async (request, reply) => {
    const { page_id } = pathParams(request, MarkdownParams);
    const query = queryParams(request, MarkdownQuery);
    return sendObject(reply, present(await retrievePageMarkdown(ctx, request.actor, page_id, query.markdown_version)));
  });

  app.patch('/pages/:page_id/markdown', async (request, reply) => {
    const { page_id } = pathParams(request, MarkdownParams);
    const body = bodyOf(request, UpdateMarkdownBody) as unknown as MarkdownEdit & { markdown_version?: 'v1' | 'v2'; allow_async?: boolean };
    const edit = async () => present(await updatePageMarkdown(ctx, request.actor, page_id, body));
    if (body.allow_async) return acceptAsync(ctx, request, reply, 'PATCH /v1/pages/:page_id/markdown', edit);
    return sendObject(reply, await edit());
  });
}
