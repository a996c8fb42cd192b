// Custom emojis (https://developers.notion.com/reference/list-custom-emojis): listed through the
// API, made and removed only through fixtures and the control API, as Notion makes them only in
// its app. Icons name them by id (block-content.ts `normalizeIcon`).
import type { AppContext } from '../context.js';
import { invalidCursor } from '../errors.js';
import type { CustomEmojiRow } from '../store/schema.js';
import { customEmojiById, customEmojiByName, customEmojisByIds, deleteCustomEmoji, insertCustomEmoji, listCustomEmojiRows } from '../store/custom-emojis.js';
import type { Db } from '../store/store.js';
import { parseUuid } from '../validation/validate.js';
import type { Actor } from './access.js';

export interface CustomEmojiPage {
  emojis: CustomEmojiRow[];
  nextCursor: string | null;
}

/**
 * A page of the workspace's custom emojis, by name; `name` keeps only the emoji of that exact
 * name. The cursor is the id of the next emoji, as for users; any other text is Notion's invalid
 * cursor error.
 */
export async function listCustomEmojis(
  ctx: AppContext,
  actor: Actor,
  query: { start_cursor?: string; page_size: number; name?: string },
): Promise<CustomEmojiPage> {
  const db = ctx.store.db;
  let from: CustomEmojiRow | undefined;
  if (query.start_cursor !== undefined) {
    const id = parseUuid(query.start_cursor.toLowerCase());
    from = id ? (await customEmojisByIds(db, actor.workspaceId, [id]))[0] : undefined;
    if (!from) throw invalidCursor(query.start_cursor);
  }
  const rows = await listCustomEmojiRows(db, actor.workspaceId, { name: query.name, from, limit: query.page_size + 1 });
  const more = rows.length > query.page_size;
  return { emojis: rows.slice(0, query.page_size), nextCursor: more ? rows[query.page_size]!.id : null };
}

/** The custom emojis of the workspace among `ids`, by id: what icons naming them read back. */
export async function customEmojisOf(db: Db, workspaceId: string, ids: Iterable<string>): Promise<Map<string, CustomEmojiRow>> {
  const wanted = [...new Set(ids)].map((id) => parseUuid(id.toLowerCase())).filter((id): id is string => id !== undefined);
  return new Map((await customEmojisByIds(db, workspaceId, wanted)).map((row) => [row.id, row]));
}

/** A new custom emoji's name or id is taken. */
export class CustomEmojiConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CustomEmojiConflictError';
  }
}

export interface NewCustomEmoji {
  name: string;
  url: string;
  /** Its id; a new one unless given. */
  id?: string;
}

/** Add a custom emoji to the workspace, in one transaction; its name and id must be free. */
export async function addCustomEmoji(ctx: AppContext, workspaceId: string, emoji: NewCustomEmoji): Promise<CustomEmojiRow> {
  return ctx.store.transaction(async (tx) => {
    if (await customEmojiByName(tx, workspaceId, emoji.name)) throw new CustomEmojiConflictError(`A custom emoji named "${emoji.name}" already exists.`);
    if (emoji.id !== undefined && (await customEmojiById(tx, emoji.id)))
      throw new CustomEmojiConflictError(`A custom emoji with the id ${emoji.id} already exists.`);
    const row: CustomEmojiRow = {
      id: emoji.id ?? ctx.ids.uuid(),
      workspace_id: workspaceId,
      name: emoji.name,
      url: emoji.url,
      created_time: ctx.clock.now().toISOString(),
    };
    await insertCustomEmoji(tx, row);
    return row;
  });
}

/** Remove a custom emoji; whether there was one. Icons already set keep what they read. */
export async function removeCustomEmoji(ctx: AppContext, workspaceId: string, id: string): Promise<boolean> {
  return ctx.store.transaction((tx) => deleteCustomEmoji(tx, workspaceId, id));
}
