// Workspaces and what their members see. One server holds any number of workspaces, and nothing
// crosses from one to another. A member sees the pages given to the workspace (its top-level
// pages, unless private) and their own private pages; a restricted member (a guest, say) sees
// their private pages and the pages given to them only (docs/decisions.md, "Tokens, OAuth and workspaces").
import type { AppContext } from '../context.js';
import { forgetActors } from '../services/access.js';
import { IntegrationControlError } from '../services/integrations.js';
import { createPerson, createWorkspace, type WorkspaceInfo } from '../services/workspace.js';
import type { Db } from '../store/store.js';
import { grant } from '../store/users.js';
import { recordPermissions } from '../webhooks/permissions.js';

export interface WorkspaceView {
  id: string;
  name: string;
  icon: string | null;
  created_time: string;
  owner_id: string | null;
}

export async function listWorkspaces(ctx: AppContext): Promise<WorkspaceView[]> {
  const rows = await ctx.store.db.selectFrom('workspaces').selectAll().orderBy('created_time').orderBy('id').execute();
  const owners = await ctx.store.db
    .selectFrom('users')
    .select(['id', 'workspace_id'])
    .where('type', '=', 'person')
    .orderBy('created_time')
    .orderBy('id')
    .execute();
  return rows.map((w) => ({
    id: w.id,
    name: w.name,
    icon: w.icon ?? null,
    created_time: w.created_time,
    owner_id: owners.find((o) => o.workspace_id === w.id)?.id ?? null,
  }));
}

/** A new workspace beside the others, with its owner, its own integration and first page. */
export async function addWorkspace(ctx: AppContext, spec: { name: string; icon?: string; token?: string }): Promise<WorkspaceInfo> {
  if (spec.token !== undefined) {
    const taken = await ctx.store.db.selectFrom('integrations').select('id').where('token', '=', spec.token).executeTakeFirst();
    if (taken) throw new IntegrationControlError(409, 'Another integration already has this token.');
  }
  return ctx.store.transaction((tx) => createWorkspace(ctx, tx, spec));
}

export async function addPerson(ctx: AppContext, workspaceId: string, spec: { name: string; email?: string; avatar_url?: string }): Promise<string> {
  const ws = await ctx.store.db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst();
  if (!ws) throw new IntegrationControlError(404, `No workspace with id ${workspaceId}.`);
  return createPerson(ctx, workspaceId, spec.name, spec.email ?? null, ctx.store.db, spec.avatar_url ?? null);
}

/** A page or database of the person's workspace; anything else is refused. */
async function checkPageOf(db: Db, workspaceId: string, pageId: string): Promise<void> {
  const row = await db.selectFrom('blocks').select(['type', 'workspace_id']).where('id', '=', pageId).executeTakeFirst();
  if (!row || row.workspace_id !== workspaceId || (row.type !== 'child_page' && row.type !== 'child_database')) {
    throw new IntegrationControlError(404, `No page or database with id ${pageId} in the person's workspace.`);
  }
}

async function personOf(db: Db, userId: string) {
  const user = await db.selectFrom('users').select(['id', 'workspace_id', 'type']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.type !== 'person') throw new IntegrationControlError(404, `No person with id ${userId}.`);
  return user;
}

/**
 * Which pages a person sees: `null` for every page of the workspace (a member), or a list of
 * pages and databases (a restricted member, who also sees everything below them); with `guest`,
 * a guest, who sees the same but is no member (docs/decisions.md).
 */
export async function setMemberPages(ctx: AppContext, userId: string, pages: string[] | null, db: Db = ctx.store.db, guest = false): Promise<void> {
  const user = await personOf(db, userId);
  for (const page of pages ?? []) await checkPageOf(db, user.workspace_id, page);
  if (guest && pages === null) throw new IntegrationControlError(400, 'A guest sees only the pages given: pages cannot be null.');
  const apply = async (tx: Db) => {
    await tx.deleteFrom('restricted_members').where('user_id', '=', userId).execute();
    await tx.deleteFrom('guests').where('user_id', '=', userId).execute();
    if (pages === null) return;
    await tx.insertInto('restricted_members').values({ user_id: userId }).execute();
    // A guest reaches what a restricted member does; only users.list tells them apart.
    if (guest) await tx.insertInto('guests').values({ user_id: userId }).execute();
    const had =
      pages.length === 0 ? [] : await tx.selectFrom('grants').select('block_id').where('integration_id', '=', userId).where('block_id', 'in', pages).execute();
    for (const page of pages) await grant(tx, userId, page);
    // Each page newly given to the person is shared with one more.
    await recordPermissions(
      ctx,
      tx,
      user.workspace_id,
      pages.filter((p) => !had.some((h) => h.block_id === p)),
    );
  };
  await (db === ctx.store.db ? ctx.store.transaction(apply) : apply(db));
  forgetActors(ctx);
}

/** Give a person one more page (a page shared with them). */
export async function sharePageWithPerson(ctx: AppContext, userId: string, pageId: string, db: Db = ctx.store.db): Promise<void> {
  const user = await personOf(db, userId);
  await checkPageOf(db, user.workspace_id, pageId);
  await grant(db, userId, pageId);
  await recordPermissions(ctx, db, user.workspace_id, [pageId]);
}

/**
 * A top-level page or database seen by every member (`private_to` undefined) or kept in one
 * person's private pages.
 */
export async function placeTopLevel(db: Db, workspaceId: string, blockId: string, privateTo?: string): Promise<void> {
  await grant(db, privateTo ?? workspaceId, blockId);
}

/** What a person sees of the workspace at the top: the pages the consent page offers to share. */
export async function pagesOfPerson(db: Db, userId: string) {
  const user = await personOf(db, userId);
  const restricted = await db.selectFrom('restricted_members').select('user_id').where('user_id', '=', userId).executeTakeFirst();
  const principals = restricted ? [userId] : [userId, user.workspace_id];
  return db
    .selectFrom('blocks')
    .innerJoin('grants', 'grants.block_id', 'blocks.id')
    .select(['blocks.id', 'blocks.title', 'blocks.type'])
    .distinct()
    .where('grants.integration_id', 'in', principals)
    .where('blocks.workspace_id', '=', user.workspace_id)
    .where('blocks.in_trash', '=', 0)
    .where('blocks.type', 'in', ['child_page', 'child_database'])
    .orderBy('blocks.title')
    .orderBy('blocks.id')
    .execute();
}
