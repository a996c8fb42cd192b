// /v1/pages/{page_id}/markdown: a page's content as Notion's markdown
// (https://developers.notion.com/reference/retrieve-page-markdown). Served under every version.
import { Type } from '@sinclair/typebox';
import type { Routes } from '../route-table.js';
import type { AppContext } from '../../context.js';
import { anchoredInsertAfter, markdownV2Only, refusesContentRange, type ApiVersion } from '../../api-version.js';
import { Keyed, Strict, Uuid } from '../../schemas/common.js';
import { retrievePageMarkdown, updatePageMarkdown, type MarkdownEdit, type PageMarkdown } from '../../services/markdown.js';
import { sendObject } from '../reply.js';
import { bodyOf, pathParams, queryParams } from '../input.js';
import { acceptAsync } from './async-tasks.js';
import { tasksOf } from '../../async-tasks/runner.js';
import type { Actor } from '../../actor.js';

const MarkdownParams = Strict({ page_id: Uuid });

// From 2026-12-01 markdown is v2 only: "v1" is refused where a version may be named
// (https://developers.notion.com/guides/data-apis/migrate-to-notion-flavored-markdown).
const AnyMarkdownVersion = Type.Optional(Type.Union([Type.Literal('v1'), Type.Literal('v2')]));
const V2Only = Type.Optional(Type.Literal('v2'));

const markdownQuery = (markdown_version: typeof AnyMarkdownVersion | typeof V2Only) =>
  Strict({ include_transcript: Type.Optional(Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false')])), markdown_version });
const MarkdownQuery = { legacy: markdownQuery(AnyMarkdownVersion), v2: markdownQuery(V2Only) };

const allowDeleting = { allow_deleting_content: Type.Optional(Type.Boolean()) };

// `after_content` anchors came with 2026-12-01's changes and are served in every version.
const InsertPosition = Keyed(
  [
    Strict({ type: Type.Literal('start') }),
    Strict({ type: Type.Literal('end') }),
    Strict({ type: Type.Literal('after_content'), anchor: Type.String({ minLength: 1 }) }),
  ],
  ['start', 'end', 'after_content'],
);

/** The body of a markdown edit; 2026-12-01 has no `replace_content_range` and no "v1". */
function updateMarkdownBody(withRange: boolean, markdown_version: typeof AnyMarkdownVersion | typeof V2Only) {
  const common = { allow_async: Type.Optional(Type.Boolean()), markdown_version };
  const alternatives = [
    Strict({
      type: Type.Optional(Type.Literal('insert_content')),
      insert_content: Strict({ content: Type.String(), after: Type.Optional(Type.String()), position: Type.Optional(InsertPosition) }),
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
  ];
  const keys = ['insert_content', 'replace_content_range', 'update_content', 'replace_content'];
  return withRange ? Keyed(alternatives, keys) : Keyed([alternatives[0]!, alternatives[2]!, alternatives[3]!], [keys[0]!, keys[2]!, keys[3]!]);
}
const UpdateMarkdownBody = { legacy: updateMarkdownBody(true, AnyMarkdownVersion), v2: updateMarkdownBody(false, V2Only) };

const schemaFor = <T>(pair: { legacy: T; v2: T }, v: ApiVersion): T => (markdownV2Only(v) || refusesContentRange(v) ? pair.v2 : pair.legacy);

/** The markdown version of a request: the one it names, else its Notion-Version's default. */
export const markdownVersionOf = (named: 'v1' | 'v2' | undefined, v: ApiVersion): 'v1' | 'v2' => named ?? (markdownV2Only(v) ? 'v2' : 'v1');

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

const EDIT_MARKDOWN = 'PATCH /v1/pages/:page_id/markdown';

type StoredEdit = MarkdownEdit & { markdown_version?: 'v1' | 'v2' };

export function markdownRoutes(app: Routes, ctx: AppContext): void {
  const edit = async (actor: Actor, pageId: string, body: StoredEdit, version: ApiVersion) => {
    const options = { version: markdownVersionOf(body.markdown_version, version), anchoredAfter: anchoredInsertAfter(version) };
    return present(await updatePageMarkdown(ctx, actor, pageId, body, options));
  };
  tasksOf(ctx).define(EDIT_MARKDOWN, (actor, task) => edit(actor, task.params.page_id!, task.body as StoredEdit, task.version as ApiVersion));

  app.get('/pages/:page_id/markdown', async (request, reply) => {
    const { page_id } = pathParams(request, MarkdownParams);
    const query = queryParams(request, schemaFor(MarkdownQuery, request.apiVersion));
    const version = markdownVersionOf(query.markdown_version, request.apiVersion);
    return sendObject(reply, present(await retrievePageMarkdown(ctx, request.actor, page_id, version)));
  });

  app.patch('/pages/:page_id/markdown', async (request, reply) => {
    const { page_id } = pathParams(request, MarkdownParams);
    const body = bodyOf(request, schemaFor(UpdateMarkdownBody, request.apiVersion)) as unknown as MarkdownEdit & {
      markdown_version?: 'v1' | 'v2';
      allow_async?: boolean;
    };
    if (body.allow_async) return acceptAsync(ctx, request, reply, EDIT_MARKDOWN, { params: { page_id }, body });
    return sendObject(reply, await edit(request.actor, page_id, body, request.apiVersion));
  });
}
