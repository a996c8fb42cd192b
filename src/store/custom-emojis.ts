// The workspace's custom emojis (https://developers.notion.com/reference/list-custom-emojis),
// listed by name: names are unique in a workspace (the `custom_emojis_name` index).
import type { CustomEmojiRow } from './schema.js';
import type { Db } from './store.js';

export interface CustomEmojiListing {
  /** Only the emoji of this exact name. */
  name?: string;
  /** Start at this emoji (included): the first of the page. */
  from?: Pick<CustomEmojiRow, 'name' | 'id'>;
  limit: number;
}

export async function listCustomEmojiRows(db: Db, workspaceId: string, listing: CustomEmojiListing): Promise<CustomEmojiRow[]> {
  let q = db.selectFrom('custom_emojis').selectAll().where('workspace_id', '=', workspaceId);
  if (listing.name !== undefined) q = q.where('name', '=', listing.name);
  const from = listing.from;
  if (from) q = q.where((eb) => eb.or([eb('name', '>', from.name), eb.and([eb('name', '=', from.name), eb('id', '>=', from.id)])]));
  return q.orderBy('name').orderBy('id').limit(listing.limit).execute();
}

export async function customEmojisByIds(db: Db, workspaceId: string, ids: readonly string[]): Promise<CustomEmojiRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('custom_emojis').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', ids).execute();
}

export async function customEmojiById(db: Db, id: string): Promise<CustomEmojiRow | undefined> {
  return db.selectFrom('custom_emojis').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function customEmojiByName(db: Db, workspaceId: string, name: string): Promise<CustomEmojiRow | undefined> {
  return db.selectFrom('custom_emojis').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
}

export async function insertCustomEmoji(db: Db, row: CustomEmojiRow): Promise<void> {
  await db.insertInto('custom_emojis').values(row).execute();
}

/** Whether there was such an emoji to delete. */
export async function deleteCustomEmoji(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('custom_emojis').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
