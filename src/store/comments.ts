// Comments (https://developers.notion.com/reference/comment-object): rows of the comments table.
import type { CommentRow } from './schema.js';
import type { Db } from './store.js';

export async function insertComment(db: Db, row: CommentRow): Promise<void> {
  await db.insertInto('comments').values(row).execute();
}

export async function commentById(db: Db, id: string): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The first comment of a discussion: where the discussion is. */
export async function discussionStart(db: Db, discussionId: string): Promise<CommentRow | undefined> {
  return db.selectFrom('comments').selectAll().where('discussion_id', '=', discussionId).orderBy('created_time').orderBy('id').limit(1).executeTakeFirst();
}

/** Comments on `parentId` in the order they were made, from `from` (a comment of it) on. */
export async function commentsOf(db: Db, parentId: string, from: CommentRow | undefined, limit: number): Promise<CommentRow[]> {
  let query = db.selectFrom('comments').selectAll().where('parent_id', '=', parentId);
  if (from) {
    query = query.where((eb) =>
      eb.or([eb('created_time', '>', from.created_time), eb.and([eb('created_time', '=', from.created_time), eb('id', '>=', from.id)])]),
    );
  }
  return query.orderBy('created_time').orderBy('id').limit(limit).execute();
}

export async function updateComment(db: Db, id: string, patch: Pick<CommentRow, 'rich_text' | 'last_edited_time'>): Promise<void> {
  await db.updateTable('comments').set(patch).where('id', '=', id).execute();
}

export async function deleteComment(db: Db, id: string): Promise<void> {
  await db.deleteFrom('comments').where('id', '=', id).execute();
}
