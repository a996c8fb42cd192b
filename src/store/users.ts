// Queries over users, integrations and the pages integrations were given.
import { sql } from 'kysely';
import { compiledOnce } from './compiled.js';
import type { IntegrationRow, UserRow } from './schema.js';
import type { Db } from './store.js';

// Every request looks its token up.
const byToken = compiledOnce((db: Db, token: string) =>
  db
    .selectFrom('integrations')
    .innerJoin('workspaces', 'workspaces.id', 'integrations.workspace_id')
    .leftJoin('restricted_members', 'restricted_members.user_id', 'integrations.owner_user_id')
    .selectAll('integrations')
    .select(['workspaces.name as workspace_name', 'restricted_members.user_id as restricted'])
    .where('integrations.token', '=', token),
);

/** The integration (or personal access token) behind a token; `restricted` is set for a token of a restricted member. */
export async function integrationByToken(db: Db, token: string): Promise<(IntegrationRow & { workspace_name: string; restricted: string | null }) | undefined> {
  return (await byToken(db, token))[0];
}

export async function getUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function usersByIds(db: Db, ids: string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

/** Users of a workspace in id order, from `fromId` on. */
export async function listUsers(db: Db, workspaceId: string, fromId: string | undefined, limit: number): Promise<UserRow[]> {
  // Guests are not listed (https://developers.notion.com/reference/get-users).
  let q = db.selectFrom('users').selectAll().where('workspace_id', '=', workspaceId).where('id', 'not in', db.selectFrom('guests').select('user_id'));
  if (fromId !== undefined) q = q.where('id', '>=', fromId);
  return q.orderBy('id').limit(limit).execute();
}

export async function grant(db: Db, integrationId: string, blockId: string): Promise<void> {
  await db
    .insertInto('grants')
    .values({ integration_id: integrationId, block_id: blockId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function revoke(db: Db, integrationId: string, blockId: string): Promise<void> {
  await db.deleteFrom('grants').where('integration_id', '=', integrationId).where('block_id', '=', blockId).execute();
}

/**
 * Give every top-level page and database to its workspace, so that its members see it: what
 * migration 0011 did to the stores it found, for exports written before it.
 */
export async function grantTopLevelToWorkspaces(db: Db): Promise<void> {
  await sql`insert into grants (integration_id, block_id)
    select b.workspace_id, b.id from blocks b
    where b.parent_type = 'workspace' and b.type in ('child_page', 'child_database')
    and not exists (select 1 from grants g where g.integration_id = b.workspace_id and g.block_id = b.id)`.execute(db);
}
