// Comments (https://developers.notion.com/reference/create-a-comment): a comment on a page or block opens a discussion; a comment given a
// discussion_id replies in it. Reading needs the read-comments capability, writing the
// insert-comments one, and the page or block must be reachable by the integration.
import type { AppContext } from '../context.js';
import { invalidCursor, NotionError, objectNotFound, restrictedResource, validationError } from '../errors.js';
import type { RichTextItemRequest } from '../schemas/common.js';
import type { CreateCommentBody, UpdateCommentBody } from '../schemas/comments.js';
import { commentById, commentsOf, deleteComment as deleteRow, discussionStart, insertComment, updateComment as updateRow } from '../store/comments.js';
import type { AncestorRow } from '../store/blocks.js';
import type { CommentRow } from '../store/schema.js';
import type { Db } from '../store/store.js';
import { getUser } from '../store/users.js';
import { renderValue } from '../validation/format.js';
import { assertEditable, reachable, requireCapability, type Actor } from './access.js';
import { attachCommentFiles } from '../files/attach.js';
import { inlineMarkdown } from './inline-markdown.js';
import { normalizeRichText } from '../rich-text.js';
import { resolveMentions } from './rich-text.js';
import { recordEvents } from '../webhooks/record.js';

/** Exactly one of two body keys: Notion's union message when neither, "not present" for the second. */
/** `markdown_version` only beside `markdown`, as on page creation (https://developers.notion.com/guides/data-apis/migrate-to-notion-flavored-markdown). */
function versionWithMarkdown(body: { markdown?: string; markdown_version?: string }): void {
  if (body.markdown_version !== undefined && body.markdown === undefined) {
    throw validationError('body failed validation: body.markdown_version should be not present unless body.markdown is present.');
  }
}

function exactlyOne(body: Record<string, unknown>, a: string, b: string): void {
  if (body[a] === undefined && body[b] === undefined) {
    throw validationError(
      `body failed validation. Fix one:\nbody.${a} should be defined, instead was \`undefined\`.\nbody.${b} should be defined, instead was \`undefined\`.`,
    );
  }
  if (body[a] !== undefined && body[b] !== undefined) {
    throw validationError(`body failed validation: body.${b} should be not present, instead was ${renderValue(body[b])}.`);
  }
}

/** The comment's text in response form, from rich text or Markdown. */
async function textOf(ctx: AppContext, db: Db, actor: Actor, body: { rich_text?: RichTextItemRequest[]; markdown?: string }): Promise<string> {
  const items = body.rich_text ?? inlineMarkdown(body.markdown!);
  const targets = await resolveMentions(db, items, actor);
  return JSON.stringify(normalizeRichText(items, targets, ctx.config.urlBase));
}

/** The chain above the page or block a comment is on; `missing` when the integration cannot reach it. */
async function reachableOr(db: Db, actor: Actor, parentId: string, missing: NotionError) {
  return reachable(db, actor, parentId, 'block').catch((error: unknown) => {
    throw error instanceof NotionError && error.code === 'object_not_found' ? missing : error;
  });
}

/** Pages and content blocks take comments; databases and data sources are refused. */
async function commentable(db: Db, actor: Actor, id: string, kind: 'page' | 'block') {
  const chain = await reachable(db, actor, id, kind);
  const row = chain[0]!;
  if (row.type === 'data_source' || row.type === 'child_database') throw restrictedResource();
  if (kind === 'page' && row.type !== 'child_page') throw objectNotFound('page', id, actor);
  return chain;
}

async function displayName(db: Db, actor: Actor, requested: CreateCommentBody['display_name']): Promise<{ type: string; resolved_name: string | null }> {
  switch (requested?.type ?? 'integration') {
    case 'custom':
      return { type: 'custom', resolved_name: (requested as { custom: { name: string } }).custom.name };
    case 'user': {
      // The person the integration acts for: its owner, when a person owns it.
      const owner = actor.ownerUserId ? await getUser(db, actor.ownerUserId) : undefined;
      return { type: 'user', resolved_name: owner?.name ?? actor.integrationName };
    }
    default:
      return { type: 'integration', resolved_name: actor.integrationName };
  }
}

export async function createComment(ctx: AppContext, actor: Actor, body: CreateCommentBody): Promise<CommentRow> {
  requireCapability(actor, 'insert_comments');
  exactlyOne(body, 'parent', 'discussion_id');
  exactlyOne(body, 'rich_text', 'markdown');
  versionWithMarkdown(body);
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    let parent: Pick<CommentRow, 'parent_type' | 'parent_id' | 'discussion_id'>;
    if (body.discussion_id !== undefined) {
      const start = await discussionStart(tx, body.discussion_id);
      const refused = objectNotFound('discussion', body.discussion_id, actor);
      if (!start) throw refused;
      assertEditable(await reachableOr(tx, actor, start.parent_id, refused));
      parent = { parent_type: start.parent_type, parent_id: start.parent_id, discussion_id: start.discussion_id };
    } else {
      const target = body.parent!;
      const [kind, id] = 'page_id' in target ? (['page', target.page_id] as const) : (['block', target.block_id] as const);
      assertEditable(await commentable(tx, actor, id, kind));
      parent = { parent_type: kind === 'page' ? 'page_id' : 'block_id', parent_id: id, discussion_id: ctx.ids.uuid() };
    }
    const row: CommentRow = {
      id: ctx.ids.uuid(),
      workspace_id: actor.workspaceId,
      ...parent,
      rich_text: await textOf(ctx, tx, actor, body),
      display_name: JSON.stringify(await displayName(tx, actor, body.display_name)),
      attachments: await attachCommentFiles(
        ctx,
        tx,
        actor,
        (body.attachments ?? []).map((a) => a.file_upload_id),
      ),
      created_by: actor.botId,
      created_time: now,
      last_edited_time: now,
    };
    await insertComment(tx, row);
    await recordEvents(tx, ctx, actor, { kind: 'comment', action: 'created', comment: row });
    return row;
  });
}

export interface CommentsPage {
  comments: CommentRow[];
  nextCursor: string | null;
}

export async function listComments(ctx: AppContext, actor: Actor, blockId: string, cursor: string | undefined, pageSize: number): Promise<CommentsPage> {
  requireCapability(actor, 'read_comments');
  const db = ctx.store.db;
  await commentable(db, actor, blockId, 'block');
  let from: CommentRow | undefined;
  if (cursor !== undefined) {
    // Comment cursors are the id of the next comment, as block children's are (https://developers.notion.com/reference/intro#pagination).
    from = await commentById(db, cursor);
    if (!from || from.parent_id !== blockId) throw invalidCursor(cursor);
  }
  const rows = await commentsOf(db, blockId, from, pageSize + 1);
  const more = rows.length > pageSize;
  return { comments: rows.slice(0, pageSize), nextCursor: more ? rows[pageSize]!.id : null };
}

/** The comment `id`, when the integration may reach what it is on; 404 otherwise. */
async function findComment(db: Db, actor: Actor, id: string): Promise<{ row: CommentRow; chain: AncestorRow[] }> {
  const row = await commentById(db, id);
  const missing = objectNotFound('comment', id, actor);
  if (!row) throw missing;
  return { row, chain: await reachableOr(db, actor, row.parent_id, missing) };
}

export async function retrieveComment(ctx: AppContext, actor: Actor, id: string): Promise<CommentRow> {
  requireCapability(actor, 'read_comments');
  return (await findComment(ctx.store.db, actor, id)).row;
}

/**
 * An integration edits and deletes the comments it wrote, no one else's; another's comment is a
 * 404 (https://developers.notion.com/reference/delete-a-comment).
 */
function assertOwn(row: CommentRow, actor: Actor): void {
  if (row.created_by !== actor.botId) throw objectNotFound('comment', row.id, actor);
}

export async function updateComment(ctx: AppContext, actor: Actor, id: string, body: UpdateCommentBody): Promise<CommentRow> {
  requireCapability(actor, 'insert_comments');
  exactlyOne(body, 'rich_text', 'markdown');
  versionWithMarkdown(body);
  const now = ctx.clock.now().toISOString();
  return ctx.store.transaction(async (tx) => {
    const { row, chain } = await findComment(tx, actor, id);
    assertOwn(row, actor);
    assertEditable(chain);
    const updated = { ...row, rich_text: await textOf(ctx, tx, actor, body), last_edited_time: now };
    await updateRow(tx, id, { rich_text: updated.rich_text, last_edited_time: now });
    await recordEvents(tx, ctx, actor, { kind: 'comment', action: 'updated', comment: updated });
    return updated;
  });
}

export async function deleteComment(ctx: AppContext, actor: Actor, id: string): Promise<CommentRow> {
  requireCapability(actor, 'insert_comments');
  return ctx.store.transaction(async (tx) => {
    const { row } = await findComment(tx, actor, id);
    assertOwn(row, actor);
    await deleteRow(tx, id);
    await recordEvents(tx, ctx, actor, { kind: 'comment', action: 'deleted', comment: row });
    return row;
  });
}
