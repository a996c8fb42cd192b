// Users (https://developers.notion.com/reference/get-users): the calling bot, the workspace's members and bots.
import type { AppContext } from '../context.js';
import { workspaceFileLimit } from '../files/limits.js';
import { insufficientPermissions, invalidCursor, objectNotFound } from '../errors.js';
import type { UserRow } from '../store/schema.js';
import { getUser, listUsers as listUserRows } from '../store/users.js';
import { requireUserInformation, type Actor } from './access.js';
import { parseUuid } from '../validation/validate.js';

/** What a bot user adds to its user object: its owner and workspace (https://developers.notion.com/reference/user#bots). */
export interface BotDetails {
  owner: { type: 'workspace'; workspace: true } | { type: 'user'; user: Record<string, unknown> };
  workspace_id: string;
  workspace_name: string;
  workspace_limits: { max_file_upload_size_in_bytes: number };
}

export async function me(ctx: AppContext, actor: Actor): Promise<{ user: UserRow; bot: BotDetails }> {
  const user = await getUser(ctx.store.db, actor.botId);
  if (!user) throw new Error(`bot user ${actor.botId} is missing`);
  let owner: BotDetails['owner'] = { type: 'workspace', workspace: true };
  // A public integration's bot belongs to the person who installed it, a personal access token's
  // to the person who made it (https://developers.notion.com/guides/get-started/personal-access-tokens).
  if (actor.kind !== 'internal' && actor.ownerUserId) {
    const ownerRow = await getUser(ctx.store.db, actor.ownerUserId);
    if (ownerRow) {
      owner = {
        type: 'user',
        user: { object: 'user', id: ownerRow.id, name: ownerRow.name, avatar_url: ownerRow.avatar_url, type: 'person', person: { email: ownerRow.email } },
      };
    }
  }
  return {
    user,
    bot: {
      owner,
      workspace_id: actor.workspaceId,
      workspace_name: actor.workspaceName,
      workspace_limits: { max_file_upload_size_in_bytes: await workspaceFileLimit(ctx, ctx.store.db, actor.workspaceId) },
    },
  };
}

/** A user of the workspace; the caller's own bot comes with its details, as `/v1/users/me` shows them. */
export async function retrieveUser(ctx: AppContext, actor: Actor, id: string): Promise<{ user: UserRow; bot?: BotDetails }> {
  requireUserInformation(actor);
  // Notion answers the integration's own bot in full here too (recorded for 2022-06-28 and 2025-09-03).
  if (id === actor.botId) return me(ctx, actor);
  const user = await getUser(ctx.store.db, id);
  if (!user || user.workspace_id !== actor.workspaceId) throw objectNotFound('user', id, actor);
  return { user };
}

export async function listUsers(ctx: AppContext, actor: Actor, cursor: string | undefined, pageSize: number) {
  requireUserInformation(actor);
  // Listing the workspace's users is not open to personal access tokens
  // (https://developers.notion.com/guides/get-started/personal-access-tokens).
  if (actor.kind === 'personal') throw insufficientPermissions();
  let from: string | undefined;
  if (cursor !== undefined) {
    // User cursors are the id of the next user; anything else is "provided is invalid" (https://developers.notion.com/reference/get-users).
    from = parseUuid(cursor);
    const start = from && (await getUser(ctx.store.db, from));
    if (!start || start.workspace_id !== actor.workspaceId) throw invalidCursor(cursor);
  }
  const rows = await listUserRows(ctx.store.db, actor.workspaceId, from, pageSize + 1);
  const more = rows.length > pageSize;
  return { users: rows.slice(0, pageSize), nextCursor: more ? rows[pageSize]!.id : null };
}
